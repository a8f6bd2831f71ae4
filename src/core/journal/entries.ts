import type { CheckOverride, Evidence, ObjectRef, PreflightReport } from '../preflight/result';

/**
 * What the journal beside a plan (`<plan>.journal.jsonl`) records: one JSON object per line, appended and
 * flushed per entry, never rewritten. Plain data only (no functions, no Dates), no secrets: evidence holds
 * names, sizes, sums and times, never object contents. A run (the upgrade itself) adds its own entry types;
 * preflight, overrides, backups and dry runs are recorded the same way before and within a run.
 */

/** The cluster an entry concerns, as read live when it was written. */
export interface JournalCluster {
  readonly context: string;
  readonly server: string | undefined;
  readonly kubeSystemUID: string | undefined;
}

/**
 * What every line of the journal is: a typed record of one plan on one cluster. The entries below and a
 * run's entries (core/run/journal.ts) are records; the file, the line format and the parser handle any.
 */
export interface JournalRecord {
  readonly type: string;
  /** ISO 8601. */
  readonly at: string;
  /** The plan's `metadata.name`. */
  readonly plan: string;
  readonly cluster: JournalCluster;
  readonly runId?: string;
}

interface EntryBase {
  /** ISO 8601. */
  readonly at: string;
  /** The plan's `metadata.name`. */
  readonly plan: string;
  readonly cluster: JournalCluster;
  /** Set when the entry belongs to an upgrade run. */
  readonly runId?: string;
}

export interface PreflightEntry extends EntryBase {
  readonly type: 'preflight';
  readonly report: PreflightReport;
}

export interface OverrideEntry extends EntryBase {
  readonly type: 'override';
  readonly check: { readonly id: string; readonly title: string; readonly reason: string };
  readonly override: CheckOverride;
}

/** A backup taken (or that failed), with what proves it. */
export interface BackupEntry extends EntryBase {
  readonly type: 'backup';
  readonly kind: string;
  readonly status: 'verified' | 'failed';
  readonly reason: string;
  readonly objects: readonly ObjectRef[];
  readonly evidence: Evidence;
  readonly startedAt: string;
  readonly finishedAt: string;
}

/** One write sent as a server-side dry run (`dryRun=All`): what, and what the API server answered. */
export interface DryRunWrite {
  readonly description: string;
  readonly object: ObjectRef;
  readonly outcome: 'accepted' | 'refused';
  /** The API server's reason when refused. */
  readonly message?: string;
}

export interface DryRunEntry extends EntryBase {
  readonly type: 'dry-run';
  readonly purpose: string;
  readonly writes: readonly DryRunWrite[];
}

/** A guard rail that refused, or a confirmation the user gave or declined. */
export interface DecisionEntry extends EntryBase {
  readonly type: 'decision';
  readonly action: string;
  readonly outcome: 'confirmed' | 'declined' | 'refused';
  readonly reason?: string;
}

export type JournalEntry = PreflightEntry | OverrideEntry | BackupEntry | DryRunEntry | DecisionEntry;

export const JOURNAL_ENTRY_TYPES: readonly JournalEntry['type'][] = ['preflight', 'override', 'backup', 'dry-run', 'decision'];
