import { type Result, err, ok } from '../common/result';
import { describeApiError } from '../core/cluster/errors';
import type { ClusterSnapshot, SnapshotResult } from '../core/cluster/snapshot';

/** What writing a plan needs from a cluster: its identity and the versions it runs. */
export interface PlanTarget {
  readonly contextName: string;
  readonly server: string;
  readonly kubeSystemUID: string | undefined;
  /** The API server's version (`v1.30.4+k3s1`). */
  readonly apiServerVersion: string;
  /** Rook operator version, when a Rook operator runs. */
  readonly rookVersion: string | undefined;
  /** Ceph version of the first CephCluster (`v18.2.4`). */
  readonly cephVersion: string | undefined;
  readonly velero: boolean;
}

export interface PlanTargetReader {
  read(contextName: string): Promise<Result<PlanTarget>>;
}

/**
 * Reads the plan target from the cluster snapshots the explorer's model keeps (src/kube/clustersModel):
 * one cached read of the cluster through the lazily loaded Kubernetes layer, instead of a second client
 * that would repeat the API calls and pull @kubernetes/client-node into the extension bundle.
 */
export function snapshotPlanTargetReader(model: { snapshot(context: string): Promise<SnapshotResult> }): PlanTargetReader {
  return {
    async read(contextName) {
      const r = await model.snapshot(contextName);
      if (!r.ok) return err(`Cannot read cluster "${contextName}": ${describeApiError(r.error)}`);
      return ok(planTargetOf(r.value));
    },
  };
}

export function planTargetOf(s: ClusterSnapshot): PlanTarget {
  const rook = s.components.rookOperator.state === 'ok' ? s.components.rookOperator.value.version : undefined;
  const cephClusters = s.components.cephClusters.state === 'ok' ? s.components.cephClusters.value : [];
  const ceph = cephClusters[0]?.cephVersion;
  return {
    contextName: s.context,
    server: s.server ?? '',
    kubeSystemUID: s.kubeSystemUID.state === 'ok' ? s.kubeSystemUID.value : undefined,
    apiServerVersion: s.apiServerVersion,
    rookVersion: rook,
    // CephCluster status says `18.2.4-0`; plans write image tags (`v18.2.4`).
    cephVersion: ceph ? `v${ceph.replace(/^v/, '').replace(/-\d+$/, '')}` : undefined,
    velero: s.components.velero.state === 'ok',
  };
}
