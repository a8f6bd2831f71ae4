import type { Result } from '../../common/result';
import type { ApiCephCluster, ApiDeployment, ApiEtcdSnapshotFile, ApiNode } from './apiObjects';
import { compareKube, parseKubeVersion } from '../versions';
import { detectDistribution } from './distribution';
import { isServerRole, rolesOf } from './roles';
import { type ApiError, describeApiError } from './errors';
import type { ClusterSnapshot, Components, Section } from './snapshot';
import { sortNodes, sortSnapshots, summarizeCephCluster, summarizeEtcdSnapshot, summarizeNode, summarizeWorkload } from './summaries';

/** What discovery read, one result per list call; turned into a snapshot by `buildSnapshot`. */
export interface DiscoveryReads {
  readonly context: string;
  readonly server: string | undefined;
  readonly takenAt: string;
  readonly apiServerVersion: string;
  readonly kubeSystem: Result<{ uid?: string }, ApiError>;
  readonly nodes: Result<{ items: ApiNode[]; resourceVersion: string | undefined }, ApiError>;
  /** Deployments looked up by name; an empty list = not deployed. */
  readonly systemUpgradeController: Result<ApiDeployment[], ApiError>;
  readonly rookOperator: Result<ApiDeployment[], ApiError>;
  readonly velero: Result<ApiDeployment[], ApiError>;
  readonly cephClusters: Result<ApiCephCluster[], ApiError>;
  readonly etcdSnapshots: Result<ApiEtcdSnapshotFile[], ApiError>;
}

/** kwok (sigs.k8s.io/kwok) manages the nodes that carry this annotation: they are simulated. */
const KWOK_ANNOTATION = 'kwok.x-k8s.io/node';

export function buildSnapshot(r: DiscoveryReads): ClusterSnapshot {
  const nodeItems = r.nodes.ok ? r.nodes.value.items : [];
  const distribution = detectDistribution(
    r.apiServerVersion,
    nodeItems.map((n) => ({ labels: n.metadata?.labels ?? {}, annotations: n.metadata?.annotations ?? {}, providerID: n.spec?.providerID })),
  );
  const fromServers = embeddedApiServerVersion(r.apiServerVersion, distribution.name, nodeItems);
  const apiServerVersion = fromServers ?? r.apiServerVersion;
  const components: Components = {
    systemUpgradeController: workload(r.systemUpgradeController, 'system-upgrade-controller', 'system-upgrade-controller'),
    rookOperator: workload(r.rookOperator, 'rook-ceph-operator', 'rook-ceph-operator'),
    velero: workload(r.velero, 'velero', 'velero'),
    cephClusters: list(r.cephClusters, (items) => items.map(summarizeCephCluster)),
  };
  return {
    context: r.context,
    server: r.server,
    takenAt: r.takenAt,
    apiServerVersion,
    reportedApiServerVersion: r.apiServerVersion,
    apiServerVersionSource: fromServers ? 'server-nodes' : 'version-endpoint',
    ...(nodeItems.some((n) => n.metadata?.annotations?.[KWOK_ANNOTATION] !== undefined) ? { simulatedNodes: `node annotation ${KWOK_ANNOTATION}` } : {}),
    distribution,
    kubeSystemUID: r.kubeSystem.ok
      ? r.kubeSystem.value.uid
        ? { state: 'ok', value: r.kubeSystem.value.uid }
        : { state: 'absent', reason: 'kube-system has no UID' }
      : section(r.kubeSystem.error),
    nodes: r.nodes.ok ? { state: 'ok', value: sortNodes(nodeItems.map((n) => summarizeNode(n, apiServerVersion))) } : section(r.nodes.error),
    nodesResourceVersion: r.nodes.ok ? r.nodes.value.resourceVersion : undefined,
    components,
    etcdSnapshots: list(r.etcdSnapshots, (items) => sortSnapshots(items.map(summarizeEtcdSnapshot))),
  };
}

function section<T>(error: ApiError): Section<T> {
  return error.kind === 'absent' ? { state: 'absent', reason: describeApiError(error) } : { state: 'error', error };
}

function workload(r: Result<ApiDeployment[], ApiError>, what: string, container: string): Components['velero'] {
  if (!r.ok) return section(r.error);
  const first = r.value[0];
  return first ? { state: 'ok', value: summarizeWorkload(first, container) } : { state: 'absent', reason: `${what} is not deployed` };
}

function list<A, B>(r: Result<A[], ApiError>, map: (items: A[]) => B): Section<B> {
  return r.ok ? { state: 'ok', value: map(r.value) } : section(r.error);
}

/**
 * K3s and RKE2 run the API server inside each server's binary, so a server node's kubelet version is
 * its API server's version. When /version answers without the distribution suffix (a front end in
 * the way), the oldest server's version is the one that bounds kubelet skew.
 */
export function embeddedApiServerVersion(reported: string, distribution: string, nodes: readonly ApiNode[]): string | undefined {
  const wanted = distribution === 'K3s' ? 'k3s' : distribution === 'RKE2' ? 'rke2' : undefined;
  const rep = parseKubeVersion(reported);
  if (!wanted || (rep.ok && rep.value.distribution === wanted)) return undefined;
  const servers = nodes
    .filter((n) => isServerRole(rolesOf(n.metadata?.labels)))
    .map((n) => parseKubeVersion(n.status?.nodeInfo?.kubeletVersion ?? ''))
    .flatMap((v) => (v.ok && v.value.distribution === wanted ? [v.value] : []))
    .sort(compareKube);
  return servers[0]?.raw;
}
