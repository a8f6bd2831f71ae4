import { type Result, err, ok } from '../../common/result';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import type { JournalEntry } from '../../core/journal';
import type { RollbackHow, RollbackStep } from '../../core/run/cancel';
import { type RollbackStepEntry, type RunEntry, type RunJournalState, runStateFromJournal } from '../../core/run/journal';
import { etcdSnapshotsFromJournal } from '../../core/run/etcdSnapshots';
import { ROLLBACK_PHASE_ID, rollbackPlan } from '../../core/run/rollback';
import { sucNamespace } from '../../core/run/sucPlans';
import type { JournalSink } from '../../journal/journalFile';
import type { KubeClient } from '../client';
import { CLEANUP_WAIT_MS, cleanUpRun } from './cleanup';
import { RunRecorder } from './runJournal';
import { type ConfirmWrites, makeWrites } from './runWrites';

/**
 * The way back from a run found in the journal, when no executor of it is going in this window:
 *   - cancelUnfinishedRun: an unfinished run (VS Code closed, a crash, a pause) is stopped without
 *     resuming it: its Plans deleted, what it cordoned uncordoned, run-cancelled and run-finished
 *     written with what was done and what was not.
 *   - rollBackRun: the same, then each step of core/run/rollback taken as far as the API can (the Rook
 *     operator image reverted while Ceph was not bumped), the rest said honestly (Ceph is never
 *     downgraded; K3s only by the restore runbook on the nodes). Every step is a rollback-step entry.
 * Both are refused for a journal without a run; a rollback of a run rolled back already is refused.
 */

export interface WayBackSetup {
  readonly client: KubeClient;
  /** The cluster as read just now (discover()). */
  readonly snapshot: ClusterSnapshot;
  readonly journal: JournalSink;
  /** The journal beside the plan, read back (core/run parseRunJournal). */
  readonly entries: readonly (JournalEntry | RunEntry)[];
  readonly confirmWrites?: ConfirmWrites;
  readonly onProgress?: (message: string) => void;
  readonly now?: () => Date;
}

export type StepOutcome = RollbackStepEntry['outcome'];

export interface WayBackStep {
  readonly id: string;
  readonly title: string;
  readonly outcome: StepOutcome;
  readonly message: string;
}

export interface WayBackResult {
  readonly runId: string;
  readonly steps: readonly WayBackStep[];
  /** The K3s restore runbook (markdown) when K3s can go back only on the nodes. */
  readonly runbook: string | undefined;
  /** How the run is recorded as finished now. */
  readonly outcome: 'cancelled' | 'rolled-back' | 'stopped';
  readonly reason: string;
}

function prepare(setup: WayBackSetup): Result<{ state: RunJournalState; recorder: RunRecorder }> {
  const state = runStateFromJournal(setup.entries);
  if (!state) return err('the journal beside the plan holds no run');
  const recorder = new RunRecorder(setup.journal, { plan: state.plan, cluster: state.cluster, runId: state.runId }, setup.now ?? (() => new Date()));
  return ok({ state, recorder });
}

/** The run's Plans deleted and its cordons undone, as two steps. */
async function cleanUp(setup: WayBackSetup, state: RunJournalState, recorder: RunRecorder): Promise<WayBackStep[]> {
  const r = await cleanUpRun(
    {
      client: setup.client, recorder, namespace: sucNamespace(setup.snapshot), base: setup.snapshot, signal: AbortSignal.timeout(CLEANUP_WAIT_MS * 3), ...(setup.onProgress ? { onProgress: setup.onProgress } : {}),
      ...(state.apply === 'gitops' ? { fromGit: { plans: state.appliedFromGit.filter((e) => e.object.kind === 'Plan').map((e) => e.object.name), plan: state.plan } } : {}),
    },
    () => runStateFromJournal([...setup.entries, ...recorder.written]) ?? state,
  );
  const plans = (l: readonly string[]): string[] => l.filter((x) => /Plan/.test(x));
  const nodes = (l: readonly string[]): string[] => l.filter((x) => !/Plan/.test(x));
  const step = (id: string, title: string, done: readonly string[], failed: readonly string[], none: string): WayBackStep =>
    failed.length ? { id, title, outcome: 'failed', message: [...done, ...failed.map((f) => `not done: ${f}`)].join('; ') }
      : done.length ? { id, title, outcome: 'done', message: done.join('; ') }
        : { id, title, outcome: 'nothing', message: none };
  return [
    step('delete-plans', 'Delete the run\'s system-upgrade-controller Plans', plans(r.done), plans(r.failed), 'the run has no Plan left'),
    step('uncordon', 'Uncordon the nodes the run cordoned', nodes(r.done), nodes(r.failed), 'no node the run cordoned is cordoned now'),
  ];
}

async function recordSteps(recorder: RunRecorder, steps: readonly WayBackStep[]): Promise<Result<void>> {
  for (const s of steps) {
    const r = await recorder.record({ type: 'rollback-step', stepId: s.id, title: s.title, outcome: s.outcome, message: s.message });
    if (!r.ok) return r;
  }
  return ok(undefined);
}

/** Stops an unfinished run without resuming it. */
export async function cancelUnfinishedRun(setup: WayBackSetup, reason = 'cancelled by the user (not resumed)'): Promise<Result<WayBackResult>> {
  const p = prepare(setup);
  if (!p.ok) return p;
  const { state, recorder } = p.value;
  if (state.finished) return err(`run ${state.runId} has finished already (${state.outcome ?? 'unknown'}): nothing to cancel`);
  const steps = await cleanUp(setup, state, recorder);
  const order = state.phases.map((x) => x.id);
  const done = order.filter((id) => state.completed.includes(id));
  const c = await recorder.record({ type: 'run-cancelled', reason, done, notDone: order.filter((id) => !done.includes(id)), cleanup: steps.map((s) => `${s.title}: ${s.message}`) });
  if (!c.ok) return c;
  const f = await recorder.record({ type: 'run-finished', outcome: 'cancelled', reason });
  if (!f.ok) return f;
  return ok({ runId: state.runId, steps, runbook: undefined, outcome: 'cancelled', reason });
}

const OUTCOME_OF: Record<RollbackHow, StepOutcome> = { api: 'done', manual: 'manual', 'not-possible': 'not-possible', nothing: 'nothing' };

/** Rolls the last run back as far as the API can, and says the rest. */
export async function rollBackRun(setup: WayBackSetup): Promise<Result<WayBackResult>> {
  const p = prepare(setup);
  if (!p.ok) return p;
  const { state, recorder } = p.value;
  if (state.outcome === 'rolled-back') return err(`run ${state.runId} was rolled back already`);
  const steps = await cleanUp(setup, state, recorder);
  const after = runStateFromJournal([...setup.entries, ...recorder.written]) ?? state;
  const plan = rollbackPlan(after, setup.snapshot, etcdSnapshotsFromJournal(setup.entries));
  for (const step of plan.steps.filter((s: RollbackStep) => s.id !== 'delete-plans' && s.id !== 'uncordon')) {
    if (step.how !== 'api') {
      steps.push({ id: step.id, title: step.title, outcome: OUTCOME_OF[step.how], message: step.reason });
      continue;
    }
    setup.onProgress?.(step.title);
    const made = await makeWrites({ client: setup.client, recorder, ...(setup.confirmWrites ? { confirm: setup.confirmWrites } : {}) }, ROLLBACK_PHASE_ID, step.writes);
    steps.push(made.ok ? { id: step.id, title: step.title, outcome: 'done', message: `${step.reason}: ${step.writes.map((w) => w.description).join('; ')}` } : { id: step.id, title: step.title, outcome: 'failed', message: made.error });
  }
  const rec = await recordSteps(recorder, steps);
  if (!rec.ok) return rec;
  const open = steps.filter((s) => s.outcome === 'failed' || s.outcome === 'manual' || s.outcome === 'not-possible');
  const outcome = open.length ? 'stopped' : 'rolled-back';
  const reason = open.length
    ? `rolled back what the API can; left: ${open.map((s) => `${s.title} (${s.outcome}: ${s.message})`).join('; ')}`
    : 'rolled back: every step done';
  const f = await recorder.record({ type: 'run-finished', outcome, reason });
  if (!f.ok) return f;
  return ok({ runId: state.runId, steps, runbook: plan.runbook, outcome, reason });
}
