import type { ClusterSnapshot } from '../cluster';
import type { RunJournalState } from './journal';
import { type RunWrite, deleteWrite, uncordonWrite } from './writes';

/** How a step of the way back is taken (cancel and rollback share the steps). */
export type RollbackHow = 'api' | 'manual' | 'not-possible' | 'nothing';

export interface RollbackStep {
  /** `delete-plans`, `uncordon`, `rook-operator`, `ceph`, `k3s`. */
  readonly id: string;
  readonly component: 'run' | 'k3s' | 'rook' | 'ceph';
  readonly title: string;
  /** `api`: the extension makes `writes`; `manual`: the runbook; `not-possible`/`nothing`: the reason says why. */
  readonly how: RollbackHow;
  readonly reason: string;
  readonly writes: readonly RunWrite[];
}


/**
 * Cancelling a run: stop before the next phase, delete the Plans the run created so nothing keeps
 * upgrading, uncordon what the run cordoned, and say what was done and what was not. The same two
 * steps open every rollback.
 */

export interface CancelPlan {
  /** Delete the run's Plans, then uncordon. */
  readonly steps: readonly RollbackStep[];
  /** Phases the run completed, in order. */
  readonly done: readonly string[];
  /** Phases it did not (the one interrupted first). */
  readonly notDone: readonly string[];
}

/** What cancelling the run `state` does on the cluster as it is now. */
export function cancelPlan(state: RunJournalState, snapshot: ClusterSnapshot): CancelPlan {
  const done = state.phases.map((p) => p.id).filter((id) => state.completed.includes(id));
  const notDone = state.phases.map((p) => p.id).filter((id) => !state.completed.includes(id));
  return { steps: [planDeletion(state), uncordonStep(state, snapshot)], done, notDone };
}

/** Deletes the Plans the run created and did not delete since. */
export function planDeletion(state: RunJournalState): RollbackStep {
  const title = 'Delete the run\'s system-upgrade-controller Plans';
  const plans = state.created.filter((c) => c.object.kind === 'Plan');
  if (!plans.length) return { id: 'delete-plans', component: 'run', title, how: 'nothing', reason: 'the run has no Plan left', writes: [] };
  return {
    id: 'delete-plans', component: 'run', title, how: 'api',
    reason: 'so that no node is upgraded again (their upgrade Jobs go with them)',
    writes: plans.map((p) => deleteWrite(p.object, p.resource, 'stop upgrading')),
  };
}

/** Uncordons the nodes the run cordoned that are cordoned now (all of them when the nodes could not be read). */
export function uncordonStep(state: RunJournalState, s: Pick<ClusterSnapshot, 'nodes'>): RollbackStep {
  const title = 'Uncordon the nodes the run cordoned';
  const nodes = s.nodes;
  const still = nodes.state === 'ok' ? state.cordoned.filter((n) => nodes.value.some((x) => x.name === n && x.unschedulable)) : [...state.cordoned];
  if (!still.length) return { id: 'uncordon', component: 'run', title, how: 'nothing', reason: 'no node the run cordoned is cordoned now', writes: [] };
  return { id: 'uncordon', component: 'run', title, how: 'api', reason: `cordoned by the run: ${still.join(', ')}`, writes: still.map((n) => uncordonWrite(n, 'cordoned by this run')) };
}
