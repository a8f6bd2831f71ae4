import { parseKubeVersion } from '../../core/versions';
import { cephNotes, rookNotes } from '../text/componentLines';
import type { ClusterScope, ExplorerDeps, ExplorerNode } from './base';
import { CephClusterNode } from './cephClusterNode';
import { ErrorNode } from './errorNode';
import { GroupNode } from './groupNode';
import { K3sComponentsNode } from './k3sComponentsNode';
import { MessageNode } from './messageNode';
import { WorkloadNode } from './workloadNode';

/** system-upgrade-controller, K3s embedded components, Rook operator, CephClusters, Velero. */
export class ComponentsGroupNode extends GroupNode {
  constructor(parent: ExplorerNode, scope: ClusterScope, deps: ExplorerDeps) {
    super(parent, scope, 'components', 'Components', 'extensions', deps);
  }
  override async getChildren(): Promise<ExplorerNode[]> {
    const s = await this.snapshot();
    if (!s) return [];
    const c = s.components;
    const releases = this.deps.releases();
    const rows: ExplorerNode[] = [new WorkloadNode(this, 'suc', 'system-upgrade-controller', c.systemUpgradeController)];
    const v = parseKubeVersion(s.apiServerVersion);
    if (v.ok && v.value.distribution === 'k3s') {
      const embedded = releases.k3sComponents(v.value);
      rows.push(new K3sComponentsNode(this, s.apiServerVersion, embedded ?? []));
    }
    rows.push(new WorkloadNode(this, 'rook', 'Rook operator', c.rookOperator, (w) => rookNotes(w, s, this.deps.releases())));
    const rookVersion = c.rookOperator.state === 'ok' ? c.rookOperator.value.version : undefined;
    const ceph = c.cephClusters;
    if (ceph.state === 'ok' && ceph.value.length) {
      rows.push(...ceph.value.map((cc) => new CephClusterNode(this, cc, cephNotes(cc, rookVersion, releases))));
    } else if (ceph.state === 'error') {
      rows.push(new ErrorNode(this, `${this.id}/ceph`, ceph.error, 'CephCluster'));
    } else {
      rows.push(new MessageNode(this, `${this.id}/ceph`, 'CephCluster', 'circle-slash', ceph.state === 'absent' ? 'not installed' : 'none'));
    }
    rows.push(new WorkloadNode(this, 'velero', 'Velero', c.velero));
    return rows;
  }
}
