import type { NodeStepRow, RunJournalState } from './journal';

export type PhaseStatus = 'done' | 'running' | 'waiting' | 'failed' | 'paused' | 'pending';

/** One phase of a run as a progress view shows it. */
export interface PhaseRow {
  readonly id: string;
  readonly title: string;
  readonly status: PhaseStatus;
  readonly startedAt: string | undefined;
  readonly doneAt: string | undefined;
  /**
   * A K3s phase's nodes: those that moved, as last journalled, then those it was started with that have
   * not moved yet (pending, no times).
   */
  readonly nodes: readonly PhaseNodeRow[];
}

export type PhaseNodeRow = Pick<NodeStepRow, 'node' | 'step' | 'version'> & Partial<Pick<NodeStepRow, 'since' | 'at'>>;

/**
 * Each phase's status in a run's state, from its journal: done, failed, paused, the one running, else
 * pending. A phase left started by a finished run (it ended there) counts as failed, not running.
 */
export function phaseRows(state: RunJournalState): PhaseRow[] {
  const done = new Set(state.completed);
  return state.phases.map((p) => {
    let status: PhaseStatus = 'pending';
    if (done.has(p.id)) status = 'done';
    else if (state.failedPhase === p.id) status = 'failed';
    else if (state.paused?.phaseId === p.id) status = 'paused';
    else if (state.inProgress === p.id) status = state.finished ? 'failed' : 'running';
    else if (state.waiting?.phaseId === p.id) status = 'waiting';
    const moved = state.nodeSteps[p.id] ?? [];
    const startedWith = state.k3sPhases.filter((e) => e.phaseId === p.id).pop()?.nodes ?? [];
    const still = startedWith.filter((n) => !moved.some((m) => m.node === n)).map((node): PhaseNodeRow => ({ node, step: 'pending', version: undefined }));
    return { id: p.id, title: p.title, status, startedAt: state.phaseStartedAt[p.id], doneAt: state.doneAt[p.id], nodes: [...moved, ...still] };
  });
}
