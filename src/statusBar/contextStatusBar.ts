import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { ReleaseInfo } from '../core/cluster/releaseInfo';
import { parseKubeVersion } from '../core/versions';
import type { ClustersModel } from '../explorer/clustersModel';
import type { KubeconfigSource } from '../kube/kubeconfig';
import { currentContextName } from './currentContextName';

/**
 * The current context, and whether its cluster has a newer release, once the explorer has read it
 * (the status bar never reads a cluster on its own). Click: Use Context.
 */
export class ContextStatusBar extends Disposable {
  private readonly item = this.register(vscode.window.createStatusBarItem('upgradePlanner.context', vscode.StatusBarAlignment.Left, 50));
  private current: string | undefined;

  constructor(
    private readonly model: ClustersModel,
    private readonly releases: () => ReleaseInfo,
    private readonly source: () => KubeconfigSource,
  ) {
    super();
    this.item.name = 'Upgrade Planner: Kube Context';
    this.item.command = 'upgradePlanner.useContext';
    this.register(model.onDidChange(() => void this.update()));
    this.register(model.onDidRead((ctx) => ctx === this.current && void this.update()));
    void this.update();
  }

  async update(): Promise<void> {
    // Not model.load(): that would load the Kubernetes client at start-up just for a name.
    const current = await currentContextName(this.source());
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
      const u = v.ok ? this.releases().kubeUpdates(v.value) : undefined;
      tip += `\n${snap.value.distribution.name} ${snap.value.apiServerVersion}`;
      if (u?.patch || u?.minor) {
        upgrade = u.cvesFixedByPatch.length ? ' $(shield)' : ' $(arrow-circle-up)';
        tip += `\nNewer: ${[u.patch, u.minor].filter(Boolean).join(', ')}${u.cvesFixedByPatch.length ? ` (patch fixes ${u.cvesFixedByPatch.join(', ')})` : ''}`;
      } else if (u) {
        tip += '\nUp to date';
      }
    } else if (snap && !snap.ok) {
      tip += '\nCluster not reachable';
    }
    this.item.text = `$(vm) ${current}${upgrade}`;
    this.item.tooltip = `${tip}\n\nClick to switch context`;
    this.item.show();
  }
}
