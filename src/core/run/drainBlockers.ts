import { type LabelSelector, type Labels, labelSelectorMatcher } from '../cluster/labelSelector';
import { controllerOf } from '../preflight/owners';
import { budgetsBlocking, pdbInputsOf, podCounts } from '../preflight/pdbInputs';
import type { ApiPod, ApiPodDisruptionBudget } from '../preflight/podObjects';
import { nameList } from '../preflight/result';

/**
 * Which PodDisruptionBudgets hold up the drain of a K3s phase's nodes, as system-upgrade-controller's
 * drain (`kubectl drain --ignore-daemonsets --pod-selector '!upgrade.cattle.io/controller,<podSelector>'`)
 * meets them: of the pods it would evict from a cordoned node, those a budget allowing no disruption
 * selects are refused by the eviction API (429) until the budget allows one. The budgets are judged
 * the way preflight judges them (core/preflight/pdbInputs), only per node and for the evicted pods.
 */

/** system-upgrade-controller's own Job pods carry this label; its drain never evicts them. */
export const SUC_CONTROLLER_LABEL = 'upgrade.cattle.io/controller';
/** A static pod's mirror in the API: `kubectl drain` skips it. */
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';

export interface DrainBlockersInput {
  /** The phase's nodes, with whether each is cordoned and still being upgraded (only those are judged). */
  readonly nodes: readonly { readonly name: string; readonly draining: boolean }[];
  /** The cluster's pods (unfinished ones matter; finished ones are skipped). */
  readonly pods: readonly ApiPod[];
  readonly pdbs: readonly ApiPodDisruptionBudget[];
  /** The Plan's `drain.podSelector`: only the pods it selects are evicted (absent: every pod). */
  readonly podSelector?: LabelSelector;
}

export interface DrainBlocker {
  readonly node: string;
  readonly budget: { readonly namespace: string; readonly name: string };
  /** The budget's pods on the node the drain would evict. */
  readonly pods: readonly { readonly namespace: string; readonly name: string }[];
  readonly disruptionsAllowed: number;
  /** `status.currentHealthy` / `desiredHealthy` when the disruption controller wrote them. */
  readonly healthy?: { readonly current: number; readonly desired: number };
}

/** Whether `kubectl drain` as the Plan runs it would evict `pod`: not a DaemonSet's, not a mirror pod, not the controller's own, selected by `podSelector`. */
export function drainEvicts(pod: ApiPod, podSelector: LabelSelector | undefined): boolean {
  const labels: Labels = pod.metadata?.labels;
  if (labels?.[SUC_CONTROLLER_LABEL] !== undefined) return false;
  if (pod.metadata?.annotations?.[MIRROR_ANNOTATION] !== undefined) return false;
  if (controllerOf(pod.metadata)?.kind === 'DaemonSet') return false;
  if (podSelector === undefined) return true;
  const m = labelSelectorMatcher(podSelector);
  return m.ok && m.value(labels);
}

/** For each node still draining (cordoned, not yet upgraded), the budgets allowing no disruption that select a pod the drain would evict from it. */
export function drainBlockers(input: DrainBlockersInput): DrainBlocker[] {
  const draining = input.nodes.filter((n) => n.draining).map((n) => n.name);
  if (!draining.length) return [];
  const nodes = new Set(draining);
  const evicted = input.pods.filter((p) => p.spec?.nodeName !== undefined && nodes.has(p.spec.nodeName) && podCounts(p) && drainEvicts(p, input.podSelector));
  const budgets = pdbInputsOf(input.pdbs, evicted, undefined);
  const out: DrainBlocker[] = [];
  for (const node of draining) {
    for (const b of budgetsBlocking(budgets, new Set([node]))) {
      const status = input.pdbs[budgets.indexOf(b.pdb)]?.status;
      const current = status?.currentHealthy;
      const desired = status?.desiredHealthy;
      out.push({
        node,
        budget: { namespace: b.pdb.namespace, name: b.pdb.name },
        pods: b.pods.map((p) => ({ namespace: b.pdb.namespace, name: p.name })),
        disruptionsAllowed: b.pdb.disruptionsAllowed,
        ...(typeof current === 'number' && typeof desired === 'number' ? { healthy: { current, desired } } : {}),
      });
    }
  }
  return out;
}

/** `k3s-agent-2 draining: blocked by PodDisruptionBudget shop/api (0 disruptions allowed; pod shop/api-7d9f)`. */
export function drainBlockerText(b: DrainBlocker): string {
  const pods = b.pods.map((p) => `${p.namespace}/${p.name}`);
  const allowed = `${b.disruptionsAllowed} disruption${b.disruptionsAllowed === 1 ? '' : 's'} allowed`;
  const healthy = b.healthy ? `, ${b.healthy.current} healthy of ${b.healthy.desired} needed` : '';
  return `${b.node} draining: blocked by PodDisruptionBudget ${b.budget.namespace}/${b.budget.name} (${allowed}${healthy}; ${pods.length === 1 ? 'pod' : 'pods'} ${nameList(pods, 3)})`;
}
