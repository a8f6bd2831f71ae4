import { type Result, err, ok } from '../../common/result';
import type { PdbInput } from '../../core/preflight/inputs';
import { needsReplicaSet, replicaSetIndex } from '../../core/preflight/owners';
import { pdbInputsOf, podCounts } from '../../core/preflight/pdbInputs';
import type { ApiPod, ApiPodDisruptionBudget, ApiReplicaSet } from '../../core/preflight/podObjects';
import type { KubeClient } from '../client';
import { PDBS, PODS, REPLICA_SETS, UNFINISHED_PODS } from './refs';
import type { Unread } from './readError';

export interface PdbRead {
  readonly pdbs: Result<PdbInput[], Unread>;
  /** The ReplicaSets could not be read: the budgets name a pod's ReplicaSet instead of its Deployment. */
  readonly replicaSets?: Unread;
}

/**
 * Every PodDisruptionBudget with the pods it selects and their nodes, in at most three list calls
 * whatever the cluster's size: budgets and unfinished pods (all namespaces, in parallel), then the
 * ReplicaSets only when a selected pod belongs to one (to name its Deployment).
 */
export async function readPdbs(client: KubeClient, signal?: AbortSignal): Promise<PdbRead> {
  const [pdbs, pods] = await Promise.all([
    client.list<ApiPodDisruptionBudget>(PDBS, { signal }),
    client.list<ApiPod>(PODS, { fieldSelector: UNFINISHED_PODS, signal }),
  ]);
  if (!pdbs.ok) return { pdbs: err({ what: 'the PodDisruptionBudgets', error: pdbs.error }) };
  if (!pods.ok) return { pdbs: err({ what: 'the pods the PodDisruptionBudgets select', error: pods.error }) };
  const budgets = pdbs.value.items;
  // Only the pods of namespaces with a budget matter; keep them, drop the rest before following owners.
  const namespaces = new Set(budgets.map((b) => b.metadata?.namespace));
  const relevant = pods.value.items.filter((p) => namespaces.has(p.metadata?.namespace) && podCounts(p));
  const first = pdbInputsOf(budgets, relevant, undefined);
  const selectedNames = new Set(first.flatMap((b) => b.pods.map((p) => `${b.namespace}/${p.name}`)));
  if (!relevant.some((p) => selectedNames.has(`${p.metadata?.namespace}/${p.metadata?.name}`) && needsReplicaSet(p))) return { pdbs: ok(first) };
  const rs = await client.list<ApiReplicaSet>(REPLICA_SETS, { signal });
  if (!rs.ok) return { pdbs: ok(first), replicaSets: { what: 'the ReplicaSets (to name the Deployments behind the budgets\' pods)', error: rs.error } };
  return { pdbs: ok(pdbInputsOf(budgets, relevant, replicaSetIndex(rs.value.items))) };
}
