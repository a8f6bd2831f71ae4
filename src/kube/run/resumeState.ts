import type { ClusterSnapshot, NodeSummary } from '../../core/cluster/snapshot';
import type { RunJournalState } from '../../core/run/journal';

/**
 * The cluster as a run found it, for computing its phases again on resume: the nodes' versions and
 * cordons from the run-started entry (a canary chosen among agents "not yet on the version" must be the
 * same one after it was upgraded), the rest (roles, readiness, components) from the cluster as read now.
 */
export function snapshotAtStart(state: RunJournalState, now: ClusterSnapshot): ClusterSnapshot {
  if (!state.nodesAtStart.length) return now;
  const current = now.nodes.state === 'ok' ? now.nodes.value : [];
  const nodes: NodeSummary[] = state.nodesAtStart.map((n) => {
    const seen = current.find((c) => c.name === n.name);
    return {
      name: n.name,
      roles: seen?.roles ?? (n.server ? ['control-plane'] : []),
      isServer: n.server,
      kubeletVersion: n.version,
      ready: seen?.ready ?? true,
      pressures: seen?.pressures ?? [],
      unschedulable: n.unschedulable,
      skew: seen?.skew ?? { verdict: 'unknown', text: 'as recorded when the run started' },
    };
  });
  return { ...now, nodes: { state: 'ok', value: nodes } };
}
