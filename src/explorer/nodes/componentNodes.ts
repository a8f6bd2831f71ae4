import * as vscode from 'vscode';
import { isPinnedTo } from '../../core/cluster/pinnedPlans';
import type { CephClusterSummary, ClusterSnapshot, EtcdSnapshotSummary, Section, WorkloadSummary } from '../../core/cluster/snapshot';
import { formatBytes } from '../../core/cluster/summaries';
import { parseKubeVersion } from '../../core/versions';
import type { PlanFile } from '../plans';
import { type ExplorerDeps, ExplorerNode, MessageNode, sectionChildren, ErrorNode } from './base';
import type { ContextNode } from './contextNode';

abstract class GroupNode extends ExplorerNode {
  constructor(
    parent: ContextNode,
    key: string,
    private readonly label: string,
    private readonly icon: string,
    protected readonly deps: ExplorerDeps,
  ) {
    super(parent, `${parent.id}/${key}`);
  }
  protected snapshot(): Promise<ClusterSnapshot | undefined> {
    return (this.parent as ContextNode).current();
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = `upgradePlanner.group.${this.id.split('/').pop() ?? ''}`;
    return item;
  }
}

/** system-upgrade-controller, K3s embedded components, Rook operator, CephClusters, Velero. */
export class ComponentsGroupNode extends GroupNode {
  constructor(parent: ContextNode, deps: ExplorerDeps) {
    super(parent, 'components', 'Components', 'extensions', deps);
  }
  override async getChildren(): Promise<ExplorerNode[]> {
    const s = await this.snapshot();
    if (!s) return [];
    const c = s.components;
    const rows: ExplorerNode[] = [new WorkloadNode(this, 'suc', 'system-upgrade-controller', c.systemUpgradeController)];
    const v = parseKubeVersion(s.apiServerVersion);
    if (v.ok && v.value.distribution === 'k3s') {
      const embedded = this.deps.releases().k3sComponents(v.value);
      rows.push(new K3sComponentsNode(this, s.apiServerVersion, embedded ?? []));
    }
    rows.push(new WorkloadNode(this, 'rook', 'Rook operator', c.rookOperator));
    const ceph = c.cephClusters;
    if (ceph.state === 'ok' && ceph.value.length) {
      rows.push(...ceph.value.map((cc) => new CephClusterNode(this, cc)));
    } else if (ceph.state === 'error') {
      rows.push(new ErrorNode(this, `${this.id}/ceph`, ceph.error, 'CephCluster'));
    } else {
      rows.push(new MessageNode(this, `${this.id}/ceph`, 'CephCluster', 'circle-slash', ceph.state === 'absent' ? 'not installed' : 'none'));
    }
    rows.push(new WorkloadNode(this, 'velero', 'Velero', c.velero));
    return rows;
  }
}

/** A component deployed as a Deployment: present with its version, absent, or unreadable. */
export class WorkloadNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    key: string,
    private readonly label: string,
    readonly section: Section<WorkloadSummary>,
  ) {
    super(parent, `${parent.id}/${key}`);
  }
  get version(): string | undefined {
    return this.section.state === 'ok' ? this.section.value.version : undefined;
  }
  getTreeItem(): vscode.TreeItem {
    const s = this.section;
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    if (s.state === 'ok') {
      const w = s.value;
      const ready = w.readyReplicas >= w.replicas && w.replicas > 0;
      item.description = `${w.version ?? w.image ?? '?'} · ${w.readyReplicas}/${w.replicas} ready`;
      item.tooltip = `${w.namespace}/${w.name}\n${w.image ?? ''}`;
      item.iconPath = new vscode.ThemeIcon('package', ready ? undefined : new vscode.ThemeColor('list.warningForeground'));
      item.contextValue = 'upgradePlanner.component';
    } else if (s.state === 'absent') {
      item.description = 'not installed';
      item.tooltip = s.reason;
      item.iconPath = new vscode.ThemeIcon('circle-slash');
      item.contextValue = 'upgradePlanner.component.absent';
    } else {
      const e = new ErrorNode(this.parent, this.id, s.error, this.label).getTreeItem();
      return e;
    }
    return item;
  }
}

/** The components a K3s release embeds, from the release catalog (nothing until it knows the version). */
export class K3sComponentsNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    private readonly version: string,
    private readonly components: readonly { name: string; version: string }[],
  ) {
    super(parent, `${parent.id}/k3s`);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('K3s embedded components', this.components.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.components.length ? `${this.components.length} in ${this.version}` : `no release data for ${this.version}`;
    item.iconPath = new vscode.ThemeIcon('layers');
    item.contextValue = 'upgradePlanner.k3sComponents';
    return item;
  }
  override getChildren(): ExplorerNode[] {
    return this.components.map((c) => new MessageNode(this, `${this.id}/${c.name}`, c.name, 'symbol-misc', c.version));
  }
}

export class CephClusterNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    readonly ceph: CephClusterSummary,
  ) {
    super(parent, `${parent.id}/ceph/${ceph.namespace}/${ceph.name}`);
  }
  get version(): string | undefined {
    return this.ceph.cephVersion;
  }
  getTreeItem(): vscode.TreeItem {
    const c = this.ceph;
    const item = new vscode.TreeItem(`CephCluster ${c.name}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [c.cephVersion ? `Ceph ${c.cephVersion}` : 'Ceph ?', c.health ?? c.phase ?? 'no status', c.monCount !== undefined ? `${c.monCount} mons` : ''].filter(Boolean).join(' · ');
    const color = c.health === 'HEALTH_OK' ? undefined : c.health === 'HEALTH_ERR' ? 'list.errorForeground' : 'list.warningForeground';
    item.iconPath = new vscode.ThemeIcon('database', color ? new vscode.ThemeColor(color) : undefined);
    item.tooltip = [`${c.namespace}/${c.name}`, c.image ?? '', c.message ?? ''].filter(Boolean).join('\n');
    item.contextValue = 'upgradePlanner.component';
    return item;
  }
}

/** K3s etcd snapshots (ETCDSnapshotFile), newest first. */
export class SnapshotsGroupNode extends GroupNode {
  constructor(parent: ContextNode, deps: ExplorerDeps) {
    super(parent, 'snapshots', 'Snapshots', 'history', deps);
  }
  override getTreeItem(): vscode.TreeItem {
    const item = super.getTreeItem();
    const r = this.deps.model.peek((this.parent as ContextNode).info.name);
    const s = r?.ok ? r.value.etcdSnapshots : undefined;
    if (s?.state === 'ok') item.description = s.value.length ? `${s.value.length} · newest ${s.value[0]?.createdAt ?? '?'}` : 'none';
    return item;
  }
  override async getChildren(): Promise<ExplorerNode[]> {
    const s = await this.snapshot();
    if (!s) return [];
    return sectionChildren(this, s.etcdSnapshots, 'No etcd snapshots (ETCDSnapshotFile not served)', (list) =>
      list.length ? list.map((x) => new EtcdSnapshotNode(this, x)) : [new MessageNode(this, `${this.id}/none`, 'No snapshots', 'info')],
    );
  }
}

export class EtcdSnapshotNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    readonly snap: EtcdSnapshotSummary,
  ) {
    super(parent, `${parent.id}/${snap.name}`);
  }
  getTreeItem(): vscode.TreeItem {
    const s = this.snap;
    const item = new vscode.TreeItem(s.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [s.node ?? '', s.createdAt ?? '', s.sizeBytes !== undefined ? formatBytes(s.sizeBytes) : ''].filter(Boolean).join(' · ');
    item.tooltip = [s.name, s.location ?? '', s.readyToUse === false ? 'not ready to use' : ''].filter(Boolean).join('\n');
    item.iconPath = new vscode.ThemeIcon('archive', s.readyToUse === false ? new vscode.ThemeColor('list.warningForeground') : undefined);
    item.contextValue = 'upgradePlanner.etcdSnapshot';
    return item;
  }
}

/** Plan files of the workspace pinned to this cluster. */
export class PlansGroupNode extends GroupNode {
  constructor(parent: ContextNode, deps: ExplorerDeps) {
    super(parent, 'plans', 'Plans', 'checklist', deps);
  }
  override async getChildren(): Promise<ExplorerNode[]> {
    const s = await this.snapshot();
    if (!s) return [];
    const uid = s.kubeSystemUID.state === 'ok' ? s.kubeSystemUID.value : undefined;
    const plans = (await this.deps.plans.find()).filter((p) => isPinnedTo(p.pin, { context: s.context, server: s.server, kubeSystemUID: uid }));
    if (!plans.length) {
      return [new MessageNode(this, `${this.id}/none`, 'No plan pinned to this cluster', 'info', 'Create one', { command: 'upgradePlanner.createPlanFromCluster', title: 'Create Plan', arguments: [s.context] })];
    }
    return plans.map((p) => new PlanFileNode(this, p));
  }
}

export class PlanFileNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    readonly plan: PlanFile,
  ) {
    super(parent, `${parent.id}/${plan.uri.toString()}`);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.plan.pin.name ?? vscode.workspace.asRelativePath(this.plan.uri), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.resourceUri = this.plan.uri;
    item.description = vscode.workspace.asRelativePath(this.plan.uri);
    item.iconPath = new vscode.ThemeIcon('file-code');
    item.command = { command: 'vscode.open', title: 'Open Plan', arguments: [this.plan.uri] };
    item.contextValue = 'upgradePlanner.plan';
    return item;
  }
}
