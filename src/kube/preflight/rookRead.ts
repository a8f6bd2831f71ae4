import { type Result, err, ok } from '../../common/result';
import type { ApiCephCluster, ApiDeployment } from '../../core/cluster/apiObjects';
import { UPGRADE_DEFAULTS } from '../../core/cluster/permissions';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import { cephStatusFromCephCluster } from '../../core/preflight/cephInference';
import type { CephStatusInput, RookDaemonInput } from '../../core/preflight/inputs';
import type { KubeClient } from '../client';
import { CEPH_CLUSTERS, DEPLOYMENTS } from '../discovery';
import type { Unread } from './readError';
import { isNamespaceName } from './refs';

/** The label Rook puts on every daemon Deployment it manages (mon, mgr, osd, mds, rgw, …). */
export const ROOK_VERSION_LABEL = 'rook-version';

export interface RookRead {
  readonly rookDaemons: Result<RookDaemonInput[], Unread>;
  readonly cephStatus: Result<CephStatusInput[], Unread>;
}

const none: RookRead = { rookDaemons: ok([]), cephStatus: ok([]) };

/**
 * Rook's daemon Deployments (label selector `rook-version`, one list per Rook namespace: the
 * CephClusters' and the operator's, usually one) and the CephClusters as stored (one list), from which
 * each cluster's mon quorum and PG state are inferred (core/preflight/cephInference.ts).
 * Nothing is read when the snapshot found neither an operator nor a CephCluster.
 */
export async function readRook(client: KubeClient, snapshot: Pick<ClusterSnapshot, 'components'>, signal?: AbortSignal): Promise<RookRead> {
  const { rookOperator, cephClusters } = snapshot.components;
  if (rookOperator.state === 'absent' && (cephClusters.state === 'absent' || (cephClusters.state === 'ok' && cephClusters.value.length === 0))) return none;
  const namespaces = [
    ...new Set([
      ...(cephClusters.state === 'ok' ? cephClusters.value.map((c) => c.namespace) : []),
      rookOperator.state === 'ok' ? rookOperator.value.namespace : UPGRADE_DEFAULTS.rookNamespace,
    ]),
  ].filter(isNamespaceName);
  const [lists, clusters] = await Promise.all([
    Promise.all(namespaces.map((namespace) => client.list<ApiDeployment>({ ...DEPLOYMENTS, namespace }, { labelSelector: ROOK_VERSION_LABEL, signal }))),
    cephClusters.state === 'absent' ? Promise.resolve(ok({ items: [] as ApiCephCluster[], resourceVersion: undefined })) : client.list<ApiCephCluster>(CEPH_CLUSTERS, { signal }),
  ]);
  const failed = lists.find((l) => !l.ok);
  const daemons: Result<ApiDeployment[], Unread> = failed && !failed.ok
    ? err({ what: `the Rook daemon Deployments (label ${ROOK_VERSION_LABEL})`, error: failed.error })
    : ok(lists.flatMap((l) => (l.ok ? l.value.items : [])));
  const rookDaemons: Result<RookDaemonInput[], Unread> = daemons.ok
    ? ok(daemons.value.map((d) => ({ namespace: d.metadata?.namespace ?? '', name: d.metadata?.name ?? '', rookVersion: d.metadata?.labels?.[ROOK_VERSION_LABEL] })))
    : daemons;
  let cephStatus: Result<CephStatusInput[], Unread>;
  if (!clusters.ok) cephStatus = err({ what: 'the CephClusters', error: clusters.error });
  else if (!daemons.ok) cephStatus = err({ what: 'the Ceph mon Deployments', error: daemons.error.error });
  else cephStatus = ok(clusters.value.items.map((c) => cephStatusFromCephCluster(c, daemons.value)));
  return { rookDaemons, cephStatus };
}
