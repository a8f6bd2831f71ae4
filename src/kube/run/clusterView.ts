import type { ApiCephCluster, ApiDeployment, ApiNode } from '../../core/cluster/apiObjects';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import { sortNodes, summarizeCephCluster, summarizeNode, summarizeWorkload } from '../../core/cluster/summaries';
import { cephStatusFromCephCluster } from '../../core/preflight/cephInference';
import type { GateInputs } from '../../core/run/gates';
import type { SucPlanStatusInput } from '../../core/run/progress';
import type { LabelSelector } from '../../core/cluster/labelSelector';
import { UPGRADE_DEFAULTS } from '../../core/cluster/permissions';
import { ROOK_VERSION_LABEL } from '../preflight/rookRead';

/**
 * The cluster as a run sees it while it waits: the snapshot read when the phase started, with the
 * parts the run watches (nodes, Rook Deployments, CephClusters) replaced by their latest objects, so
 * that progress and gates are evaluated again on every event without reading the cluster again.
 */

/** Rook sets this label on the daemon Deployments to the Ceph version they run (`18.2.4-0`). */
export const CEPH_VERSION_LABEL = 'ceph-version';

/** A system-upgrade-controller Plan as read (the fields a run needs). */
export interface ApiSucPlan {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string; labels?: Record<string, string> };
  spec?: { nodeSelector?: LabelSelector; version?: string };
  status?: SucPlanStatusInput;
}

/** The snapshot with its nodes as watched. */
export function withNodes(base: ClusterSnapshot, nodes: readonly ApiNode[]): ClusterSnapshot {
  return { ...base, nodes: { state: 'ok', value: sortNodes(nodes.map((n) => summarizeNode(n, base.apiServerVersion))) } };
}

/** Node name → labels, for the progress of a Plan that selects by label. */
export function nodeLabels(nodes: readonly ApiNode[]): Record<string, Record<string, string>> {
  return Object.fromEntries(nodes.map((n) => [n.metadata?.name ?? '', n.metadata?.labels ?? {}]));
}

/** A Plan's status with the nodes' labels, as phaseProgress reads it. */
export function sucStatus(plan: ApiSucPlan | undefined, nodes: readonly ApiNode[]): SucPlanStatusInput {
  return { ...(plan?.status ?? {}), nodeLabels: nodeLabels(nodes) };
}

/** The message of a failed upgrade Job, when the Plan reports one. */
export function planFailure(plan: ApiSucPlan | undefined): string | undefined {
  const c = plan?.status?.conditions?.find((x) => x.type === 'Complete');
  return c?.status === 'False' && c.reason === 'JobFailed' ? c.message || 'an upgrade Job failed' : undefined;
}

/** The namespace Rook runs in, as the snapshot found it. */
export function rookNamespace(s: Pick<ClusterSnapshot, 'components'>): string {
  const op = s.components.rookOperator;
  const cc = s.components.cephClusters;
  return op.state === 'ok' ? op.value.namespace : cc.state === 'ok' && cc.value[0] ? cc.value[0].namespace : UPGRADE_DEFAULTS.rookNamespace;
}

/**
 * The Rook and Ceph parts of the gate inputs from the Deployments of Rook's namespace (the operator
 * and its daemons) and the CephClusters, as watched.
 */
export function withRook(base: ClusterSnapshot, deployments: readonly ApiDeployment[], clusters: readonly ApiCephCluster[]): Pick<GateInputs, 'snapshot' | 'rookDaemons' | 'cephDaemons' | 'cephStatus'> {
  const op = base.components.rookOperator;
  const opName = op.state === 'ok' ? op.value.name : 'rook-ceph-operator';
  const operator = deployments.find((d) => d.metadata?.name === opName);
  const daemons = deployments.filter((d) => d.metadata?.labels?.[ROOK_VERSION_LABEL] !== undefined);
  const snapshot: ClusterSnapshot = {
    ...base,
    components: {
      ...base.components,
      ...(operator ? { rookOperator: { state: 'ok', value: summarizeWorkload(operator, 'rook-ceph-operator') } } : {}),
      cephClusters: { state: 'ok', value: clusters.map(summarizeCephCluster) },
    },
  };
  return {
    snapshot,
    rookDaemons: daemons.map((d) => ({ namespace: d.metadata?.namespace ?? '', name: d.metadata?.name ?? '', rookVersion: d.metadata?.labels?.[ROOK_VERSION_LABEL] })),
    cephDaemons: daemons.filter((d) => d.metadata?.labels?.[CEPH_VERSION_LABEL] !== undefined).map((d) => ({
      namespace: d.metadata?.namespace ?? '', name: d.metadata?.name ?? '', cephVersion: d.metadata?.labels?.[CEPH_VERSION_LABEL],
    })),
    cephStatus: clusters.map((c) => cephStatusFromCephCluster(c, deployments)),
  };
}
