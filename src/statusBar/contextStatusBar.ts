import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { ReleaseCatalogService } from '../releases/releaseCatalogService';
import { nextMinorBlockers } from '../core/cluster/blockers';
import { type ReleaseDecorations, releaseDecorationsOf } from '../core/cluster/releaseDecorations';
import type { ReleaseCatalog } from '../core/releases';
import { parseKubeVersion } from '../core/versions';
import type { ClustersModel } from '../kube/clustersModel';
import type { Services } from '../services';
import { currentContextName } from './currentContextName';

/**
 * The current context, and whether its cluster has a newer release, once the cluster model has read
 * it (the status bar never reads a cluster on its own). Click: Use Context.
 */
export class ContextStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('upgradePlanner.context', vscode.StatusBarAlignment.Left, 50));
  private current: string | undefined;
  private readonly model: ClustersModel;
  private readonly catalog: ReleaseCatalogService;
  private decorations: { readonly catalog: ReleaseCatalog; readonly value: ReleaseDecorations } | undefined;

  constructor(services: Pick<Services, 'clusters' | 'catalog'>) {
    super();
    this.model = services.clusters;
    this.catalog = services.catalog;
    this.item.name = 'Upgrade Planner: Kube Context';
    this.item.command = 'upgradePlanner.useContext';
    this.register(this.model.onDidChange(() => void this.update()));
    this.register(this.model.onDidRead((ctx) => ctx === this.current && void this.update()));
    this.register(this.catalog.onDidChange(() => void this.update()));
    void this.update();
  }

  /** Built once per catalog: the status bar updates on every read. */
  private decorationsOf(catalog: ReleaseCatalog): ReleaseDecorations {
    if (this.decorations?.catalog !== catalog) this.decorations = { catalog, value: releaseDecorationsOf(catalog) };
    return this.decorations.value;
  }

  private async update(): Promise<void> {
    // Not model.load(): that would load the Kubernetes client at start-up just for a name.
    const current = await currentContextName(this.model.kubeconfigSource());
    this.current = current;
    if (!current) {
      this.item.hide();
      return;
    }
    const snap = this.model.peek(current);
    let upgrade = '';
    let tip = `Kube context: ${current}`;
    if (snap?.ok) {
      const v = parseKubeVersion(snap.value.apiServerVersion);
      // Decorations once the release catalog has loaded (the explorer and plan editing load it).
      const catalog = this.catalog.current();
      const u = v.ok && catalog ? this.decorationsOf(catalog).kubeUpdates(v.value) : undefined;
      tip += `\n${snap.value.distribution.name} ${snap.value.apiServerVersion}`;
      if (u?.patch || u?.minor) {
        upgrade = u.cvesFixedByPatch.length ? ' $(shield)' : ' $(arrow-circle-up)';
        tip += `\nNewer: ${[u.patch, u.minor].filter(Boolean).join(', ')}${u.cvesFixedByPatch.length ? ` (patch fixes ${u.cvesFixedByPatch.join(', ')})` : ''}`;
      } else if (u) {
        tip += '\nUp to date';
      }
      const check = nextMinorBlockers(snap.value);
      if (check?.blockers.length) tip += `\nNext minor ${check.nextMinor} blocked by ${check.blockers.map((b) => b.subject).join(', ')}`;
    } else if (snap && !snap.ok) {
      tip += '\nCluster not reachable';
    }
    this.item.text = `$(vm) ${current}${upgrade}`;
    this.item.tooltip = `${tip}\n\nClick to switch kubectl's current context (rewrites current-context in your kubeconfig)`;
    this.item.show();
  }
}
