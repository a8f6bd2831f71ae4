import { randomBytes } from 'node:crypto';
import { type Result, err, ok } from '../../common/result';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import type { JournalEntry } from '../../core/journal';
import type { UpgradePlan } from '../../core/plans/model';
import { type RunEntry, type RunJournalState, runStartedEntry, runStateFromJournal } from '../../core/run/journal';
import { etcdSnapshotsFromJournal } from '../../core/run/etcdSnapshots';
import { makeRunId } from '../../core/run/names';
import { type RunPhase, runPhases } from '../../core/run/phases';
import { type RollbackPlan, rollbackPlan } from '../../core/run/rollback';
import { sucNamespace } from '../../core/run/sucPlans';
import { windowWait } from '../../core/run/windowWait';
import { remainingHopsFindings } from '../../core/run/revalidate';
import { type ApplyMode, applyModeOf } from '../../core/run/gitops';
import { sleep } from '../../common/sleep';
import type { JournalSink } from '../../journal/journalFile';
import type { KubeClient } from '../client';
import { type DiscoveryTarget, discover } from '../discovery';
import { CLEANUP_WAIT_MS, type CleanupResult, cleanUpRun } from './cleanup';
import { type PhaseOutcome, type RunCallbacks, type RunContext, durationMs } from './context';
import { runGate } from './gateRunner';
import { k3sPhaseNodes, k3sPlanWrite, runK3sPhase } from './k3sPhase';
import { runCephImage, runRookOperator, runVersionWait } from './rookPhases';
import { awaitImageFromGit } from './gitopsWait';
import { RunRecorder } from './runJournal';
import { snapshotAtStart } from './resumeState';

/**
 * Runs a plan on a cluster, phase by phase (core/run/phases), journalling each step:
 *   const ex = RunExecutor.start({ client, plan, snapshot, journal, target, callbacks });   // or .resume(…, entries)
 *   if (!ex.ok) …;
 *   token.onCancellationRequested(() => ex.value.cancel('cancelled by the user'));
 *   const result = await ex.value.run();   // never throws; result.outcome says how it ended
 * K3s phases create system-upgrade-controller Plans and watch the nodes converge; gates are
 * evaluated on every change until pass, fail or their timeout, and a failure follows the plan's
 * `rollback.onGateFailure` (pause: stop and wait for a decision; stop and rollback: delete the run's
 * Plans and uncordon what it cordoned). Cancel interrupts the current wait, cleans up the same way and
 * records what was done and what was not. Every write is dry-run first; every wait is a watch with a
 * deadline that the cancel ends.
 */

export type RunEndKind = 'succeeded' | 'paused' | 'stopped' | 'cancelled' | 'failed';

export interface RunResult {
  readonly runId: string;
  readonly outcome: RunEndKind;
  readonly reason: string;
  /** The phase the run paused, failed or was cancelled in. */
  readonly phaseId?: string;
  readonly done: readonly string[];
  readonly notDone: readonly string[];
  readonly cleanup?: CleanupResult;
  /** After a gate failure with `onGateFailure: rollback`: what can be rolled back and how (the K3s runbook). */
  readonly rollback?: RollbackPlan;
}

export interface RunSetup {
  readonly client: KubeClient;
  readonly plan: UpgradePlan;
  /** The cluster as read just before the run (discover()). */
  readonly snapshot: ClusterSnapshot;
  readonly journal: JournalSink;
  /** Where discover() reads the cluster again at each phase. */
  readonly target: DiscoveryTarget;
  readonly callbacks?: RunCallbacks;
  readonly now?: () => Date;
  /** How often a wait for the maintenance window looks at the clock again (tests shorten it). */
  readonly windowRecheckMs?: number;
}

/** A wait for the maintenance window looks at the clock at least this often (a suspended laptop, a changed clock). */
export const WINDOW_RECHECK_MS = 60_000;

type Failure = 'pause' | 'stop' | 'rollback';

export class RunExecutor {
  private readonly stop = new AbortController();
  private cancelReason: string | undefined;
  private lateGateFor: string | undefined;
  private running = false;
  private snapshot: ClusterSnapshot;

  private constructor(
    private readonly setup: RunSetup,
    readonly runId: string,
    readonly phases: readonly RunPhase[],
    private readonly recorder: RunRecorder,
    /** The journal before this executor (empty for a new run). */
    private readonly prior: readonly (JournalEntry | RunEntry)[],
    private readonly resumeFrom: string | undefined,
    private readonly cordonedAtStart: readonly string[],
    /** As the run started: a resume keeps the mode the journal recorded. */
    private readonly apply: ApplyMode,
  ) {
    this.snapshot = setup.snapshot;
  }

  /** A new run of `setup.plan`: its phases on the cluster as read; refused (with the reason) when the plan cannot run there. */
  static start(setup: RunSetup, nonce: string = randomBytes(4).toString('hex')): Result<RunExecutor> {
    const phases = runPhases(setup.plan, setup.snapshot);
    if (!phases.ok) return phases;
    const now = setup.now ?? (() => new Date());
    const id = makeRunId(now().toISOString(), nonce);
    if (!id.ok) return id;
    const recorder = new RunRecorder(setup.journal, { plan: setup.plan.metadata.name, cluster: journalCluster(setup.snapshot), runId: id.value }, now);
    const cordoned = setup.snapshot.nodes.state === 'ok' ? setup.snapshot.nodes.value.filter((n) => n.unschedulable).map((n) => n.name) : [];
    return ok(new RunExecutor(setup, id.value, phases.value, recorder, [], undefined, cordoned, applyModeOf(setup.plan)));
  }

  /**
   * The unfinished last run of `entries` (the journal beside the plan, core/run parseRunJournal) picked up again:
   * its phases computed as when it started (the nodes as the run-started entry recorded them), refused
   * when they differ from the journal's (the plan changed) or the run has finished.
   */
  static resume(setup: RunSetup, entries: readonly (JournalEntry | RunEntry)[]): Result<RunExecutor> {
    const state = runStateFromJournal(entries);
    if (!state) return err('the journal holds no run');
    if (state.finished) return err(`run ${state.runId} has finished (${state.outcome ?? 'unknown'}): start a new run`);
    if (state.plan !== setup.plan.metadata.name) return err(`the journal's last run is of plan "${state.plan}", not "${setup.plan.metadata.name}"`);
    const phases = runPhases(setup.plan, snapshotAtStart(state, setup.snapshot));
    if (!phases.ok) return phases;
    const ids = phases.value.map((p) => p.id).join(',');
    if (ids !== state.phases.map((p) => p.id).join(',')) return err(`the plan's phases changed since run ${state.runId} started: cancel that run and start a new one`);
    const canaryMoved = state.k3sPhases.find((e) => {
      const p = phases.value.find((x) => x.id === e.phaseId);
      return p && (p.kind === 'k3s-canary' || p.kind === 'k3s-agents') && p.nodes && e.nodes && p.nodes.join(',') !== e.nodes.join(',');
    });
    if (canaryMoved) return err(`phase ${canaryMoved.phaseId} would touch other nodes than when it started: cancel run ${state.runId} and start a new one`);
    const recorder = new RunRecorder(setup.journal, { plan: state.plan, cluster: state.cluster, runId: state.runId }, setup.now ?? (() => new Date()));
    const cordoned = state.nodesAtStart.filter((n) => n.unschedulable).map((n) => n.name);
    return ok(new RunExecutor(setup, state.runId, phases.value, recorder, entries, state.resumeFrom, cordoned, state.apply));
  }

  /** Stops the run: the current wait ends at once, the run's Plans are deleted and its cordons undone. */
  cancel(reason = 'cancelled by the user'): void {
    this.cancelReason ??= reason;
    this.stop.abort();
  }

  /** The run as journalled so far (what a cancel, a rollback or the next resume reads). */
  state(): RunJournalState | undefined {
    return runStateFromJournal([...this.prior, ...this.recorder.written]);
  }

  /** Runs the phases from the start (or where the journal left off); never throws. */
  async run(signal?: AbortSignal): Promise<RunResult> {
    if (this.running) return this.result('failed', 'this run is already going: one run() per executor');
    this.running = true;
    const onAbort = (): void => this.cancel('cancelled');
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) this.cancel('cancelled');
    try {
      return await this.go();
    } catch (e) {
      return this.result('failed', `the run stopped on an unexpected error: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      signal?.removeEventListener('abort', onAbort);
    }
  }

  private async go(): Promise<RunResult> {
    const fresh = this.prior.length === 0;
    if (fresh) {
      const r = await this.recorder.record(runStartedEntry({ at: this.recorder.at(), ...this.recorder.base }, this.phases, this.snapshot, this.apply));
      if (!r.ok) return this.result('failed', r.error);
    } else if (!this.cancelReason) {
      const r = await this.recorder.record({ type: 'run-resumed', fromPhase: this.resumeFrom, reason: 'picked up again from the journal' });
      if (!r.ok) return this.result('failed', r.error);
    }
    const completed = new Set(this.state()?.completed ?? []);
    let checkedHop = 0;
    for (const phase of this.phases) {
      if (completed.has(phase.id)) continue;
      if (this.cancelReason) return this.cancelled(phase.id);
      const open = await this.waitForWindow(phase);
      if (this.cancelReason) return this.cancelled(phase.id);
      if (!open.ok) return this.pause(phase.id, open.error);
      const read = await discover(this.setup.client, this.setup.target, this.stop.signal);
      if (!read.ok) return this.cancelReason ? this.cancelled(phase.id) : this.pause(phase.id, `the cluster could not be read: ${read.error.message}`);
      this.snapshot = read.value;
      // Before each hop after the first: the rest of the plan against the cluster as it is now.
      if ('hop' in phase && phase.hop.index > 1 && phase.hop.index !== checkedHop) {
        checkedHop = phase.hop.index;
        const broken = remainingHopsFindings(this.setup.plan, this.snapshot, phase.hop.index - 1);
        if (broken.length) {
          const why = broken.map((f) => `${f.hopIndex !== undefined ? `hop ${f.hopIndex + 1}: ` : ''}${f.message}`).join('; ');
          return this.pause(phase.id, `the rest of the plan no longer fits the cluster as read before hop ${phase.hop.index}: ${why}`);
        }
      }
      const outcome = await this.runPhase(phase);
      if (this.cancelReason) return this.cancelled(phase.id);
      if (!outcome.ok) {
        await this.recorder.record({ type: 'phase-done', phaseId: phase.id, outcome: 'failed', reason: outcome.error });
        return this.pause(phase.id, outcome.error);
      }
      if (outcome.value === 'paused') return this.result('paused', this.state()?.paused?.reason ?? 'paused', phase.id);
      if (outcome.value !== 'continue') return outcome.value;
    }
    const cleanup = await this.cleanUp(true);
    const reason = this.apply === 'gitops'
      ? `every phase done; the Plans and images stay as git applied them${cleanup.done.length ? ` (${cleanup.done.join('; ')})` : ''}`
      : `every phase done; the run's Plans removed (${cleanup.done.length} change${cleanup.done.length === 1 ? '' : 's'})`;
    await this.recorder.record({ type: 'run-finished', outcome: 'succeeded', reason });
    return this.result('succeeded', reason, undefined, cleanup);
  }

  /**
   * Before a phase that changes something, while the plan's maintenance window is closed: one
   * window-wait entry, a progress line saying when it opens, and a sleep (the clock, not the cluster)
   * re-checked at most every WINDOW_RECHECK_MS, until it opens or the run is cancelled.
   */
  private async waitForWindow(phase: RunPhase): Promise<Result<void>> {
    const now = this.setup.now ?? (() => new Date());
    let said = false;
    for (;;) {
      const w = windowWait(this.setup.plan, phase.kind, now());
      if (!w.ok) return err(`the maintenance window cannot be read: ${w.error}`);
      if (!w.value || this.stop.signal.aborted) return ok(undefined);
      if (!said) {
        said = true;
        const r = await this.recorder.record({ type: 'window-wait', phaseId: phase.id, opensAt: w.value.opensAt, opensInMinutes: w.value.opensInMinutes });
        if (!r.ok) return r;
        this.setup.callbacks?.onProgress?.(phase.id, `waiting for the maintenance window: opens ${w.value.opensAt} (in ${w.value.opensInMinutes} min)`);
      }
      await sleep(Math.min(w.value.opensInMinutes * 60_000, this.setup.windowRecheckMs ?? WINDOW_RECHECK_MS), this.stop.signal);
    }
  }

  /** One phase: `continue` to the next, `paused`, a final result, or an error that pauses the run. */
  private async runPhase(phase: RunPhase): Promise<Result<'continue' | 'paused' | RunResult, string>> {
    const ctx = this.context();
    const say = (m: string): void => this.setup.callbacks?.onProgress?.(phase.id, m);
    const started = (nodes?: readonly string[]) =>
      this.recorder.record({ type: 'phase-started', phaseId: phase.id, kind: phase.kind, ...('hop' in phase ? { hop: phase.hop } : {}), ...(nodes ? { nodes } : {}) });
    const done = async (o: PhaseOutcome): Promise<Result<'continue' | RunResult, string>> => {
      const r = await this.recorder.record({ type: 'phase-done', phaseId: phase.id, outcome: o.outcome, reason: o.reason });
      if (!r.ok) return r;
      say(o.reason);
      if (o.outcome !== 'failed') return ok('continue');
      // A phase that ran out of time is judged by its gate, entered at its deadline; without one it is a failed gate itself.
      if (!this.phases.some((p) => p.kind === 'gate' && p.after === phase.id)) return ok(await this.onGateFailure(phase.id, o.reason));
      this.lateGateFor = phase.id;
      return ok('continue');
    };
    switch (phase.kind) {
      case 'k3s-servers':
      case 'k3s-canary':
      case 'k3s-agents': {
        const w = k3sPlanWrite(ctx, phase, this.snapshot);
        if (!w.ok) return w;
        for (const n of w.value.notes) say(n);
        const nodes = await k3sPhaseNodes(ctx, phase, w.value.write);
        if (!nodes.ok) return nodes;
        const s = await started(nodes.value);
        if (!s.ok) return s;
        const r = await runK3sPhase(ctx, phase, this.snapshot, w.value.write, this.state()?.nodeSteps[phase.id]);
        return r.ok ? done(r.value) : r;
      }
      case 'gate':
      case 'soak': {
        const s = await started();
        if (!s.ok) return s;
        const late = phase.kind === 'gate' && this.lateGateFor === phase.after;
        const timeoutMs = late ? 0 : phase.kind === 'soak' ? phase.seconds * 1000 : durationMs(phase.timeout);
        const timeout = phase.kind === 'soak' ? phase.duration : phase.timeout;
        const after = this.state()?.k3sPhases.filter((e) => e.phaseId === phase.after).pop();
        say(phase.kind === 'soak' ? `soaking ${phase.duration}` : `checking ${phase.checks.join(', ')}`);
        const r = await runGate(ctx, this.snapshot, { id: phase.id, checks: phase.checks, expect: phase.expect, timeout, timeoutMs, ...(after?.nodes ? { phaseNodes: after.nodes } : {}), soak: phase.kind === 'soak' });
        if (!r.ok) return r;
        const g = await this.recorder.record({ type: 'gate', phaseId: phase.id, result: r.value });
        if (!g.ok) return g;
        if (r.value.status === 'pass') return done({ outcome: 'done', reason: `gate passed: ${r.value.checks.map((c) => c.reason).join('; ')}` });
        const why = r.value.checks.filter((c) => c.verdict !== 'pass').map((c) => c.reason).join('; ');
        const d = await this.recorder.record({ type: 'phase-done', phaseId: phase.id, outcome: 'failed', reason: why });
        if (!d.ok) return d;
        say(`gate failed: ${why}`);
        return ok(await this.onGateFailure(phase.id, `gate ${phase.id} failed: ${why}`));
      }
      case 'rook-operator':
      case 'ceph-image':
      case 'wait-rook-version':
      case 'wait-ceph-version': {
        const s = await started();
        if (!s.ok) return s;
        const r = phase.kind === 'wait-rook-version' || phase.kind === 'wait-ceph-version' ? await runVersionWait(ctx, phase, this.snapshot)
          : this.apply === 'gitops' ? await awaitImageFromGit(ctx, phase)
          : phase.kind === 'rook-operator' ? await runRookOperator(ctx, phase) : await runCephImage(ctx, phase);
        return r.ok ? done(r.value) : r;
      }
      case 'backups':
      case 'etcd-snapshot':
      case 'rook-crds': {
        const s = await started();
        if (!s.ok) return s;
        if (phase.kind === 'backups' && phase.backups.length === 0) return done({ outcome: 'done', reason: 'the plan asks for no backup' });
        const manual = this.setup.callbacks?.manualStep;
        if (!manual) {
          const p = await this.recorder.record({ type: 'run-paused', phaseId: phase.id, reason: `${phase.title}: ${phase.actions.join('; ')}` });
          return p.ok ? ok('paused') : p;
        }
        const r = await manual(phase, this.stop.signal);
        if (r.outcome === 'failed') return err(r.reason);
        const d = await this.recorder.record({ type: 'phase-done', phaseId: phase.id, outcome: r.outcome, reason: r.reason });
        return d.ok ? ok('continue') : d;
      }
    }
  }

  private async onGateFailure(phaseId: string, reason: string): Promise<RunResult> {
    const raw = this.setup.plan.rollback?.onGateFailure;
    const how: Failure = raw === 'stop' || raw === 'rollback' ? raw : 'pause';
    if (how === 'pause') return this.pause(phaseId, `${reason} (rollback.onGateFailure: pause)`);
    const cleanup = await this.cleanUp();
    const state = this.state();
    const rollback = how === 'rollback' && state ? rollbackPlan(state, this.snapshot, etcdSnapshotsFromJournal([...this.prior, ...this.recorder.written])) : undefined;
    const text = `${reason}; stopped (rollback.onGateFailure: ${how}): ${cleanup.done.length ? cleanup.done.join('; ') : 'nothing to clean up'}${cleanup.failed.length ? `; not done: ${cleanup.failed.join('; ')}` : ''}`;
    await this.recorder.record({ type: 'run-finished', outcome: 'stopped', reason: text });
    return { ...this.result('stopped', text, phaseId, cleanup), ...(rollback ? { rollback } : {}) };
  }

  private async pause(phaseId: string, reason: string): Promise<RunResult> {
    await this.recorder.record({ type: 'run-paused', phaseId, reason });
    return this.result('paused', reason, phaseId);
  }

  private async cancelled(phaseId: string | undefined): Promise<RunResult> {
    const reason = this.cancelReason ?? 'cancelled';
    const cleanup = await this.cleanUp();
    const state = this.state();
    const order = this.phases.map((p) => p.id);
    const done = order.filter((id) => state?.completed.includes(id));
    await this.recorder.record({ type: 'run-cancelled', reason, done, notDone: order.filter((id) => !done.includes(id)), cleanup: [...cleanup.done, ...cleanup.failed.map((f) => `failed: ${f}`)] });
    await this.recorder.record({ type: 'run-finished', outcome: 'cancelled', reason });
    return this.result('cancelled', reason, phaseId, cleanup);
  }

  /**
   * Deletes the run's Plans and uncordons what it cordoned, with its own time limit (the run's signal may be aborted).
   * GitOps: git's Plans stay, and before the run's end (`finished`: every node done) the nodes only once they are gone.
   */
  private async cleanUp(finished = false): Promise<CleanupResult> {
    const signal = AbortSignal.timeout(CLEANUP_WAIT_MS * 3);
    const fromGit = this.apply === 'gitops' && !finished ? { fromGit: { plans: gitPlans(this.phases), plan: this.setup.plan.metadata.name } } : {};
    return cleanUpRun(
      { client: this.setup.client, recorder: this.recorder, namespace: sucNamespace(this.snapshot), base: this.snapshot, signal, onProgress: (m) => this.setup.callbacks?.onProgress?.('cleanup', m), ...fromGit },
      () => this.state() ?? emptyState(this.runId),
    );
  }

  private context(): RunContext {
    return {
      client: this.setup.client, recorder: this.recorder, plan: this.setup.plan, phases: this.phases, target: this.setup.target,
      cordonedAtStart: this.cordonedAtStart, callbacks: this.setup.callbacks ?? {}, signal: this.stop.signal, now: this.setup.now ?? (() => new Date()), apply: this.apply,
    };
  }

  private result(outcome: RunEndKind, reason: string, phaseId?: string, cleanup?: CleanupResult): RunResult {
    const state = this.state();
    const order = this.phases.map((p) => p.id);
    const done = order.filter((id) => state?.completed.includes(id));
    return { runId: this.runId, outcome, reason, ...(phaseId ? { phaseId } : {}), done, notDone: order.filter((id) => !done.includes(id)), ...(cleanup ? { cleanup } : {}) };
  }
}

/** The system-upgrade-controller Plans of the run's K3s phases (in GitOps mode, git's). */
function gitPlans(phases: readonly RunPhase[]): string[] {
  return phases.flatMap((p) => (p.kind === 'k3s-servers' || p.kind === 'k3s-canary' || p.kind === 'k3s-agents' ? [p.sucPlan] : []));
}

function journalCluster(s: ClusterSnapshot): RunEntry['cluster'] {
  return { context: s.context, server: s.server, kubeSystemUID: s.kubeSystemUID.state === 'ok' ? s.kubeSystemUID.value : undefined };
}

function emptyState(runId: string): RunJournalState {
  return {
    runId, plan: '', cluster: { context: '', server: undefined, kubeSystemUID: undefined }, startedAt: '', phases: [], nodesAtStart: [], rookOperatorAtStart: undefined,
    cephClustersAtStart: undefined, apply: 'direct', appliedFromGit: [], finished: false, outcome: undefined, cancelled: false, paused: undefined, completed: [], lastCompleted: undefined, inProgress: undefined,
    failedPhase: undefined, waiting: undefined, resumeFrom: undefined, created: [], cordoned: [], patches: [], k3sPhases: [], phaseStartedAt: {}, doneAt: {}, nodeSteps: {}, hops: [], finishedAt: undefined,
  };
}
