import { parsePlanDuration } from '../../core/run/duration';
import type { ApplyMode } from '../../core/run/gitops';
import { DEFAULT_GATE_TIMEOUT, type RunPhase } from '../../core/run/phases';
import type { UpgradePlan } from '../../core/plans/model';
import type { KubeClient } from '../client';
import type { DiscoveryTarget } from '../discovery';
import type { RunRecorder } from './runJournal';
import type { ConfirmWrites } from './runWrites';

/** What the VS Code side hears while a run goes: one line per change, for a progress notification and the log. */
export interface RunCallbacks {
  onProgress?(phaseId: string, message: string): void;
  /** Asked before each step's writes are made, with the server's dry-run answers; false pauses the run. */
  confirmWrites?: ConfirmWrites;
  /**
   * Runs a phase the executor does not make itself (backups, an etcd snapshot before a minor, Rook's CRDs
   * applied by hand): `done`, `skipped`, or an error that fails the phase. Absent: the run pauses there.
   */
  manualStep?: (phase: RunPhase, signal: AbortSignal) => Promise<{ readonly outcome: 'done' | 'skipped' | 'failed'; readonly reason: string }>;
}

/** How a phase that ran ended: done, or failed (its gate, or the plan's onGateFailure, decides what next). */
export interface PhaseOutcome {
  readonly outcome: 'done' | 'failed';
  readonly reason: string;
}

/** Everything a phase runner needs; one per run. */
export interface RunContext {
  readonly client: KubeClient;
  readonly recorder: RunRecorder;
  readonly plan: UpgradePlan;
  readonly phases: readonly RunPhase[];
  readonly target: DiscoveryTarget;
  /** The nodes cordoned when the run started: never uncordoned by it, not expected schedulable by its gates. */
  readonly cordonedAtStart: readonly string[];
  readonly callbacks: RunCallbacks;
  readonly signal: AbortSignal;
  readonly now: () => Date;
  /** `gitops`: the run's changes come from git (gitopsWait); the run writes none itself. */
  readonly apply: ApplyMode;
}

/** A plan duration in milliseconds (the phases carry checked durations; a bad one falls back to the default gate timeout). */
export function durationMs(text: string): number {
  const d = parsePlanDuration(text, 'the duration');
  if (d.ok) return d.value * 1000;
  const fallback = parsePlanDuration(DEFAULT_GATE_TIMEOUT);
  return (fallback.ok ? fallback.value : 900) * 1000;
}

/** How long a phase may wait for its nodes or daemons: the timeout of the gate that follows it. */
export function phaseTimeoutMs(phases: readonly RunPhase[], phaseId: string): number {
  const gate = phases.find((p) => p.kind === 'gate' && p.after === phaseId);
  return durationMs(gate?.kind === 'gate' ? gate.timeout : DEFAULT_GATE_TIMEOUT);
}
