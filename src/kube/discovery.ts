import type { Result } from '../common/result';
import { buildSnapshot } from '../core/cluster/build';
import type { ApiCephCluster, ApiDeployment, ApiEtcdSnapshotFile, ApiNode, ApiVersionInfo, ObjectMeta } from '../core/cluster/apiObjects';
import type { ApiError } from '../core/cluster/errors';
import type { SnapshotResult } from '../core/cluster/snapshot';
import type { KubeClient, ResourceRef } from './client';
import { VERSION_MAX_BYTES } from './limits';

export const NODES: ResourceRef = { group: '', version: 'v1', resource: 'nodes' };
export const DEPLOYMENTS: ResourceRef = { group: 'apps', version: 'v1', resource: 'deployments' };
export const CEPH_CLUSTERS: ResourceRef = { group: 'ceph.rook.io', version: 'v1', resource: 'cephclusters' };
export const ETCD_SNAPSHOT_FILES: ResourceRef = { group: 'k3s.cattle.io', version: 'v1', resource: 'etcdsnapshotfiles' };

export interface DiscoveryTarget {
  readonly context: string;
  readonly server: string | undefined;
}

/**
 * Reads one cluster with a fixed number of list calls, whatever its size: /version, the
 * kube-system namespace, nodes (paginated), three deployments by name, CephClusters and
 * ETCDSnapshotFiles, all in parallel after /version. A cluster that does not answer /version
 * (unreachable, 401) fails as a whole; anything after that fails per section.
 */
export async function discover(client: KubeClient, target: DiscoveryTarget, signal?: AbortSignal, now: () => Date = () => new Date()): Promise<SnapshotResult> {
  const version = await client.get<ApiVersionInfo>('/version', { verb: 'get', group: '', resource: 'version', maxBytes: VERSION_MAX_BYTES }, signal);
  if (!version.ok) {
    return version;
  }
  const apiServerVersion = version.value.gitVersion ?? 'unknown';
  const byName = (name: string): Promise<Result<ApiDeployment[], ApiError>> =>
    client.list<ApiDeployment>(DEPLOYMENTS, { fieldSelector: `metadata.name=${name}`, signal }).then(items);
  const [kubeSystem, nodes, systemUpgradeController, rookOperator, velero, cephClusters, etcdSnapshots] = await Promise.all([
    client.get<{ metadata?: ObjectMeta }>('/api/v1/namespaces/kube-system', { verb: 'get', group: '', resource: 'namespaces' }, signal),
    client.list<ApiNode>(NODES, { signal }),
    byName('system-upgrade-controller'),
    byName('rook-ceph-operator'),
    byName('velero'),
    client.list<ApiCephCluster>(CEPH_CLUSTERS, { signal }).then(items),
    client.list<ApiEtcdSnapshotFile>(ETCD_SNAPSHOT_FILES, { signal }).then(items),
  ]);
  const aborted = [kubeSystem, nodes, systemUpgradeController, rookOperator, velero, cephClusters, etcdSnapshots].find(
    (r) => !r.ok && r.error.kind === 'aborted',
  );
  if (aborted && !aborted.ok) {
    return aborted;
  }
  return {
    ok: true,
    value: buildSnapshot({
      context: target.context,
      server: target.server,
      takenAt: now().toISOString(),
      apiServerVersion,
      kubeSystem: kubeSystem.ok ? { ok: true, value: { uid: kubeSystem.value.metadata?.uid } } : kubeSystem,
      nodes,
      systemUpgradeController,
      rookOperator,
      velero,
      cephClusters,
      etcdSnapshots,
    }),
  };
}

function items<T>(r: Result<{ items: T[] }, ApiError>): Result<T[], ApiError> {
  return r.ok ? { ok: true, value: r.value.items } : r;
}
