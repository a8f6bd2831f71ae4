import type { RunJournalState } from './journal';

export type PhaseStatus = 'done' | 'running' | 'failed' | 'paused' | 'pending';

/** One phase of a run as a progress view shows it. */
export interface PhaseRow {
  readonly id: string;
  readonly title: string;
  readonly status: PhaseStatus;
  readonly startedAt: string | undefined;
  readonly doneAt: string | undefined;
}

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
    return { id: p.id, title: p.title, status, startedAt: state.phaseStartedAt[p.id], doneAt: state.doneAt[p.id] };
  });
}
