import * as path from 'node:path';
import * as vscode from 'vscode';
import type { Result } from '../../common/result';
import { isPinnedTo } from '../../core/cluster/pinnedPlans';
import type { ApiError } from '../../core/cluster/errors';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import type { RemovedApiScan } from '../../kube/removedApiReader';
import { type Judgement, type PlanKubeVersions, SETTING, judge, minorOf, planKubeVersionsOf } from '../../removedApis/judgement';
import { type RemovedApisView, newestKnownMinor, removedApisView } from '../text/removedApiRows';
import type { ClusterScope, ExplorerDeps, ExplorerNode } from './base';
import { ErrorNode } from './errorNode';
import { GroupNode } from './groupNode';
import { MessageNode } from './messageNode';
import { RemovedApiVersionNode } from './removedApiVersionNode';
import { toneColor } from './tone';

/**
 * Removed and deprecated APIs the cluster still records: live objects (last-applied, managedFields), the newest
 * revision of each Helm release, and the API server's deprecated-API metric; grouped by removal version and
 * judged against the plans pinned to the cluster, else the newest minor the release catalog knows. Read only
 * when expanded, with progress in the view; kept until the cluster is read again.
 */
export class RemovedApisGroupNode extends GroupNode {
  private view: RemovedApisView | undefined;
  /** What the cluster recorded, read once per read of the cluster (the context row keeps this group meanwhile). */
  private scan: RemovedApiScan | undefined;

  constructor(parent: ExplorerNode, scope: ClusterScope, deps: ExplorerDeps) {
    super(parent, scope, 'removedApis', 'Removed APIs', 'warning', deps);
  }

  override getTreeItem(): vscode.TreeItem {
    const item = super.getTreeItem();
    const v = this.view;
    if (v) {
      item.description = v.description;
      item.tooltip = v.tooltip;
      item.iconPath = new vscode.ThemeIcon(v.severity === 'none' ? 'pass' : 'warning', v.severity === 'none' ? undefined : toneColor(v.severity === 'error' ? 'error' : 'warn'));
    } else {
      item.iconPath = new vscode.ThemeIcon('search');
      item.tooltip = 'Expand to look for removed and deprecated APIs in live objects, Helm releases and the API server metric.';
    }
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    const s = await this.snapshot();
    if (!s) return [];
    const judgement = await this.judgement(s);
    if (!judgement) return [new MessageNode(this, `${this.id}/nojudge`, 'No target version to judge against', 'info', `The cluster version ${s.apiServerVersion} is not a Kubernetes version.`)];
    if (!this.scan) {
      const read = await this.read(s.context);
      if (!read.ok) return [new ErrorNode(this, `${this.id}/error`, read.error, 'Removed APIs')];
      this.scan = read.value;
    }
    // Judged on every expansion: a plan pinned since, or the catalog loaded since, changes the target.
    this.view = removedApisView(this.scan, judgement);
    const v = this.view;
    const children: ExplorerNode[] = v.groups.map((g) => new RemovedApiVersionNode(this, g));
    if (!v.groups.length) children.push(new MessageNode(this, `${this.id}/none`, `No removed or deprecated APIs in use for ${judgement.targetMinor}`, 'pass', judgement.because));
    v.problems.forEach((p, i) => children.push(new MessageNode(this, `${this.id}/problem/${i}`, p.split(':')[0], 'warning', p.slice(p.indexOf(':') + 1).trim())));
    return children;
  }

  private read(context: string): Promise<Result<RemovedApiScan, ApiError>> {
    return Promise.resolve(
      vscode.window.withProgress({ location: { viewId: 'upgradePlanner.clusters' }, title: `Reading removed APIs of ${context}…`, cancellable: true }, async (_p, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          // Loaded on first expansion: the lifecycle data and the Helm decoder are not needed to activate.
          const { readRemovedApisOf } = await import('../../kube/removedApiReader');
          return await readRemovedApisOf(() => this.deps.model.load(), context, abort.signal);
        } finally {
          sub.dispose();
        }
      }),
    );
  }

  /** The plans pinned to this cluster (their Kubernetes line), else the setting, else the newest minor known. */
  private async judgement(s: ClusterSnapshot): Promise<Judgement | undefined> {
    const uid = s.kubeSystemUID.state === 'ok' ? s.kubeSystemUID.value : undefined;
    const pinned = (await this.deps.plans.find()).filter((p) => isPinnedTo(p.pin, { context: s.context, server: s.server, kubeSystemUID: uid }));
    const plans = (await Promise.all(pinned.map((p) => readPlanVersions(p.uri)))).filter((p): p is PlanKubeVersions => p !== undefined);
    const setting = vscode.workspace.getConfiguration().get<string>(SETTING) ?? '';
    const { judgement } = judge({ plans, setting, newestKnown: newestKnownMinor(this.deps.releases(), s.apiServerVersion) });
    if (!judgement) return undefined;
    // The cluster's own version is the current one: "removed on the way" is measured from what it runs.
    const own = minorOf(s.apiServerVersion);
    return own ? { ...judgement, current: `v${own.major}.${own.minor}` } : judgement;
  }
}

async function readPlanVersions(uri: vscode.Uri): Promise<PlanKubeVersions | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    const { MAX_CHECKED_BYTES, parsePlan } = await import('../../core/plans/parse');
    if ((stat.type & vscode.FileType.File) === 0 || stat.size > MAX_CHECKED_BYTES) return undefined;
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    return planKubeVersionsOf(parsePlan(text).value, path.basename(uri.path));
  } catch {
    return undefined; // unreadable: the plan editor reports it
  }
}
