import * as vscode from 'vscode';
import type { ApiError } from '../../core/cluster/errors';
import type { ClusterSnapshot, NodeSummary } from '../../core/cluster/snapshot';
import { roleLabel } from '../../core/cluster/roles';
import { parseKubeVersion } from '../../core/versions';
import type { ContextInfo } from '../../kube/kubeconfig';
import { type ExplorerDeps, ExplorerNode, ErrorNode, sectionChildren } from './base';
import { ComponentsGroupNode, PlansGroupNode, SnapshotsGroupNode } from './componentNodes';
import { versionLine } from './versionText';

const FAILURE_WORD: Record<ApiError['kind'], string> = {
  unreachable: 'unreachable',
  unauthorized: 'unauthorized (401)',
  forbidden: 'forbidden (403)',
  absent: 'not found',
  aborted: 'cancelled',
  failed: 'read failed',
};

/** A kubeconfig context; expanding it reads the cluster (once, cached by the model). */
export class ContextNode extends ExplorerNode {
  private groups: { snapshot: ClusterSnapshot; children: ExplorerNode[] } | undefined;
  nodesGroup: NodesGroupNode | undefined;
  plansGroup: PlansGroupNode | undefined;

  constructor(
    readonly info: ContextInfo,
    private readonly deps: ExplorerDeps,
  ) {
    super(undefined, `ctx/${info.name}`);
  }

  override get contextName(): string {
    return this.info.name;
  }

  /** Drops cached children so that the next expansion rebuilds them from a new snapshot. */
  invalidate(): void {
    this.groups = undefined;
    this.nodesGroup = undefined;
    this.plansGroup = undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.info;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const settled = this.deps.model.peek(c.name);
    const summary = settled?.ok ? `${settled.value.distribution.name} ${settled.value.apiServerVersion}` : settled ? FAILURE_WORD[settled.error.kind] : c.server;
    item.description = c.isCurrent ? `● current · ${summary ?? ''}` : summary;
    item.iconPath = new vscode.ThemeIcon(c.isCurrent ? 'vm-active' : 'vm', settled && !settled.ok ? new vscode.ThemeColor('list.errorForeground') : undefined);
    item.contextValue = c.isCurrent ? 'upgradePlanner.context.current' : 'upgradePlanner.context';
    item.tooltip = new vscode.MarkdownString(`**${c.name}**${c.isCurrent ? ' (current)' : ''}\n\ncluster \`${c.cluster}\` · user \`${c.user}\`\n\n${c.server ?? ''}`);
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    const r = await this.deps.model.snapshot(this.info.name);
    if (!r.ok) {
      this.invalidate();
      return [new ErrorNode(this, `${this.id}/error`, r.error)];
    }
    if (this.groups?.snapshot !== r.value) {
      this.nodesGroup = new NodesGroupNode(this, this.deps);
      this.plansGroup = new PlansGroupNode(this, this.deps);
      this.groups = {
        snapshot: r.value,
        children: [
          new VersionNode(this, r.value, this.deps),
          this.nodesGroup,
          new ComponentsGroupNode(this, this.deps),
          new SnapshotsGroupNode(this, this.deps),
          this.plansGroup,
        ],
      };
    }
    return this.groups.children;
  }

  /** The current snapshot (children read it through here so that watch updates show). */
  async current(): Promise<ClusterSnapshot | undefined> {
    const r = await this.deps.model.snapshot(this.info.name);
    return r.ok ? r.value : undefined;
  }
}

/** Distribution and API server version, decorated with newer releases and CVE fixes. */
export class VersionNode extends ExplorerNode {
  constructor(
    parent: ContextNode,
    readonly snapshot: ClusterSnapshot,
    private readonly deps: ExplorerDeps,
  ) {
    super(parent, `${parent.id}/version`);
  }

  get releaseNotesUrl(): string | undefined {
    const v = parseKubeVersion(this.snapshot.apiServerVersion);
    return v.ok ? this.deps.releases().releaseNotesUrl(v.value) : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.snapshot;
    const line = versionLine(s.apiServerVersion, this.deps.releases());
    const item = new vscode.TreeItem(`${s.distribution.name} ${s.apiServerVersion}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = line.description;
    item.iconPath = new vscode.ThemeIcon(line.cves ? 'shield' : line.newer ? 'arrow-circle-up' : 'versions', line.cves ? new vscode.ThemeColor('list.warningForeground') : undefined);
    const source =
      s.apiServerVersionSource === 'server-nodes'
        ? `\n\n\`/version\` answered ${s.reportedApiServerVersion}; ${s.distribution.name} embeds the API server in each server, so the oldest server's version is shown.`
        : '';
    item.tooltip = new vscode.MarkdownString(`API server **${s.apiServerVersion}** · ${s.distribution.name} (${s.distribution.evidence})${source}\n\n${line.tooltip}`);
    item.contextValue = 'upgradePlanner.version';
    return item;
  }
}

export class NodesGroupNode extends ExplorerNode {
  constructor(
    parent: ContextNode,
    private readonly deps: ExplorerDeps,
  ) {
    super(parent, `${parent.id}/nodes`);
  }

  private get snapshot(): ClusterSnapshot | undefined {
    const r = this.deps.model.peek((this.parent as ContextNode).info.name);
    return r?.ok ? r.value : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Nodes', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('server');
    const nodes = this.snapshot?.nodes;
    if (nodes?.state === 'ok') {
      const list = nodes.value;
      const notReady = list.filter((n) => !n.ready).length;
      const skew = list.filter((n) => n.skew.verdict === 'violation').length;
      const behind = list.filter((n) => n.skew.verdict === 'ok' && n.skew.minorsBehind > 0).length;
      item.description = [`${list.length}`, notReady ? `${notReady} not ready` : 'all ready', skew ? `${skew} skew violation${skew > 1 ? 's' : ''}` : '', behind ? `${behind} behind` : '']
        .filter(Boolean)
        .join(' · ');
    }
    item.contextValue = 'upgradePlanner.nodes';
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    const s = await (this.parent as ContextNode).current();
    if (!s) return [];
    return sectionChildren(this, s.nodes, 'Nodes not readable', (nodes) => nodes.map((n) => new KubeNodeNode(this, n, s.distribution.name)));
  }
}

export class KubeNodeNode extends ExplorerNode {
  constructor(
    parent: NodesGroupNode,
    readonly node: NodeSummary,
    private readonly distribution: string,
  ) {
    super(parent, `${parent.id}/${node.name}`);
  }

  getTreeItem(): vscode.TreeItem {
    const n = this.node;
    const worker = this.distribution === 'K3s' || this.distribution === 'RKE2' ? 'agent' : 'worker';
    const state = [!n.ready ? 'NotReady' : '', ...n.pressures, n.unschedulable ? 'cordoned' : ''].filter(Boolean);
    const skew = n.skew.verdict === 'violation' ? 'skew!' : n.skew.verdict === 'ok' && n.skew.minorsBehind > 0 ? `${n.skew.minorsBehind} minor behind` : '';
    const item = new vscode.TreeItem(n.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [roleLabel(n.roles, worker), n.kubeletVersion, ...state, skew].filter(Boolean).join(' · ');
    const bad = !n.ready || n.skew.verdict === 'violation';
    const warn = n.pressures.length > 0 || n.unschedulable || (n.skew.verdict === 'ok' && n.skew.minorsBehind > 0);
    item.iconPath = new vscode.ThemeIcon(
      n.isServer ? 'server-process' : 'server',
      bad ? new vscode.ThemeColor('list.errorForeground') : warn ? new vscode.ThemeColor('list.warningForeground') : undefined,
    );
    item.tooltip = new vscode.MarkdownString(
      [`**${n.name}** — ${roleLabel(n.roles, worker)}`, `kubelet ${n.kubeletVersion}: ${n.skew.text}`, `Ready: ${n.ready ? 'yes' : 'no'}${state.length ? ` · ${state.join(', ')}` : ''}`, n.osImage ?? '', n.containerRuntime ?? '', n.internalIP ?? '']
        .filter(Boolean)
        .join('\n\n'),
    );
    item.contextValue = 'upgradePlanner.node';
    return item;
  }
}
