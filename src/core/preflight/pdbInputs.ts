import { labelSelectorMatcher } from '../cluster/labelSelector';
import type { PdbInput } from './inputs';
import { type ReplicaSetIndex, type WorkloadRef, workloadOf } from './owners';
import type { ApiPod, ApiPodDisruptionBudget } from './podObjects';

/** Pods that still run or will: a Succeeded or Failed pod holds no budget and blocks no drain. */
export function podCounts(p: ApiPod): boolean {
  return p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed';
}

/**
 * Each PodDisruptionBudget as a drain meets it: `status.disruptionsAllowed` as the disruption
 * controller computed it (0 when it has not yet: the eviction API refuses then too), the pods of its
 * namespace its selector matches (an invalid selector matches none, as for the controller) with their
 * nodes, and the workload owning them when they all share one.
 */
export function pdbInputsOf(pdbs: readonly ApiPodDisruptionBudget[], pods: readonly ApiPod[], replicaSets: ReplicaSetIndex | undefined): PdbInput[] {
  const byNamespace = new Map<string, ApiPod[]>();
  for (const p of pods) {
    const ns = p.metadata?.namespace;
    if (!ns || !podCounts(p)) continue;
    const list = byNamespace.get(ns);
    if (list) list.push(p);
    else byNamespace.set(ns, [p]);
  }
  return pdbs.map((pdb) => {
    const namespace = pdb.metadata?.namespace ?? '';
    const matcher = labelSelectorMatcher(pdb.spec?.selector);
    const selected = matcher.ok ? (byNamespace.get(namespace) ?? []).filter((p) => matcher.value(p.metadata?.labels)) : [];
    const allowed = pdb.status?.disruptionsAllowed;
    const workload = sharedWorkload(selected.map((p) => workloadOf(p, replicaSets)));
    return {
      namespace,
      name: pdb.metadata?.name ?? '',
      disruptionsAllowed: typeof allowed === 'number' && Number.isFinite(allowed) ? allowed : 0,
      ...(workload ? { workload } : {}),
      pods: selected.map((p) => ({ name: p.metadata?.name ?? '', node: p.spec?.nodeName || undefined })),
    };
  });
}

/** A budget a drain waits on, with its pods on the drained nodes. */
export interface BlockingBudget {
  readonly pdb: PdbInput;
  readonly pods: PdbInput['pods'];
}

/**
 * The budgets a drain of `nodes` waits on: those allowing no disruption (the eviction API answers 429
 * for each of their pods) that select a pod on one of the nodes, with those pods.
 */
export function budgetsBlocking(pdbs: readonly PdbInput[], nodes: ReadonlySet<string>): BlockingBudget[] {
  const out: BlockingBudget[] = [];
  for (const pdb of pdbs) {
    if (pdb.disruptionsAllowed > 0) continue;
    const pods = pdb.pods.filter((p) => p.node !== undefined && nodes.has(p.node));
    if (pods.length) out.push({ pdb, pods });
  }
  return out;
}

function sharedWorkload(ws: readonly (WorkloadRef | undefined)[]): WorkloadRef | undefined {
  const first = ws[0];
  if (!first) return undefined;
  return ws.every((w) => w?.kind === first.kind && w.name === first.name) ? first : undefined;
}
