import { cephDisplay } from '../core/cluster/cephDisplay';
import type { ClusterSnapshot } from '../core/cluster/snapshot';

/** Plain text for "Copy Versions": one line per component, then one per distinct kubelet version. */
export function versionsText(s: ClusterSnapshot): string {
  const lines = [`cluster: ${s.context}${s.server ? ` (${s.server})` : ''}`, `distribution: ${s.distribution.name}`, `apiServer: ${s.apiServerVersion}`];
  const c = s.components;
  if (c.systemUpgradeController.state === 'ok') lines.push(`system-upgrade-controller: ${c.systemUpgradeController.value.version ?? '?'}`);
  if (c.rookOperator.state === 'ok') lines.push(`rook: ${c.rookOperator.value.version ?? '?'}`);
  if (c.cephClusters.state === 'ok') for (const cc of c.cephClusters.value) lines.push(`ceph (${cc.namespace}/${cc.name}): ${cephDisplay(cc.cephVersion)}`);
  if (c.velero.state === 'ok') lines.push(`velero: ${c.velero.value.version ?? '?'}`);
  if (s.nodes.state === 'ok') {
    const byVersion = new Map<string, string[]>();
    for (const n of s.nodes.value) byVersion.set(n.kubeletVersion, [...(byVersion.get(n.kubeletVersion) ?? []), n.name]);
    for (const [v, names] of byVersion) lines.push(`kubelet ${v}: ${names.length} node${names.length > 1 ? 's' : ''} (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`);
  }
  return lines.join('\n') + '\n';
}
