import type { NodeSummary } from '../cluster';
import type { UpgradePlan } from '../plans/model';
import { type CheckHead, notChecked, plural } from './common';
import type { PdbInput } from './inputs';
import { budgetsBlocking } from './pdbInputs';
import { type CheckResult, nameList, objectRef } from './result';

const HEAD: CheckHead = { id: 'pdb.drain', title: 'No PodDisruptionBudget blocks a drain' };

/**
 * The nodes a plan drains: none unless `strategy.drain.enabled`; then every node of the roles its
 * Kubernetes hops move (`nodes: servers|agents|all`).
 */
export function nodesDrainedBy(plan: Pick<UpgradePlan, 'hops' | 'strategy'>, nodes: readonly Pick<NodeSummary, 'name' | 'isServer'>[]): string[] {
  const drain = plan.strategy?.drain as { enabled?: unknown } | undefined;
  if (!drain || drain.enabled !== true) return [];
  let servers = false;
  let agents = false;
  for (const h of plan.hops) {
    if (h.component !== 'k3s' && h.component !== 'kubernetes') continue;
    if (h.nodes !== 'agents') servers = true;
    if (h.nodes !== 'servers') agents = true;
  }
  return nodes.filter((n) => (n.isServer ? servers : agents)).map((n) => n.name);
}

/** PDBs that allow no disruption and select a pod on a node the plan drains: the drain would wait on them until it times out. */
export function checkPdbs(drained: readonly string[], pdbs: readonly PdbInput[] | undefined): CheckResult {
  const planPath = ['strategy', 'drain'];
  if (!drained.length) return { ...HEAD, status: 'pass', reason: 'the plan drains no node (strategy.drain.enabled is not true)', objects: [], planPath };
  if (!pdbs) return notChecked(HEAD, 'the PodDisruptionBudgets were not read');
  const blocking = budgetsBlocking(pdbs, new Set(drained)).map((b) => ({ pdb: b.pdb, nodes: [...new Set(b.pods.map((p) => p.node as string))] }));
  if (!blocking.length) {
    return { ...HEAD, status: 'pass', reason: `none of ${plural(pdbs.length, 'PodDisruptionBudget')} blocks draining ${plural(drained.length, 'node')}`, objects: [], planPath, evidence: { pdbs: pdbs.length, drained: drained.length } };
  }
  const what = (b: (typeof blocking)[number]): string => {
    const w = b.pdb.workload ? `${b.pdb.workload.kind} ${b.pdb.namespace}/${b.pdb.workload.name}` : `the pods of PodDisruptionBudget ${b.pdb.namespace}/${b.pdb.name}`;
    return `${w} allows no disruption (${b.pdb.namespace}/${b.pdb.name}) and runs on ${nameList(b.nodes, 3)}`;
  };
  return {
    ...HEAD, status: 'fail', planPath,
    reason: `${plural(blocking.length, 'PodDisruptionBudget')} would block the drain: ${blocking.slice(0, 3).map(what).join('; ')}${blocking.length > 3 ? `; and ${blocking.length - 3} more` : ''}`,
    objects: blocking.flatMap((b) => [objectRef('PodDisruptionBudget', b.pdb.name, b.pdb.namespace), ...b.nodes.map((n) => objectRef('Node', n))]),
    evidence: Object.fromEntries(blocking.map((b) => [`${b.pdb.namespace}/${b.pdb.name}`, b.nodes])),
    fixHint: 'Scale the workload up so its budget allows a disruption, relax the budget for the upgrade, or drain with a podSelector that leaves these pods alone.',
  };
}
