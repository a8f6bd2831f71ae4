import { type Result, err, ok } from '../../common/result';
import type { JournalCluster } from '../../core/journal';
import type { RunEntry } from '../../core/run/journal';
import type { JournalSink } from '../../journal/journalFile';

/** Distributes an Omit over a union, so each entry type keeps its own fields. */
type WithoutBase<T> = T extends unknown ? Omit<T, 'at' | 'plan' | 'cluster' | 'runId'> : never;
/** A run entry without the fields every entry of the run shares. */
export type RunEntryBody = WithoutBase<RunEntry>;

/**
 * Writes one run's entries: fills in the time, plan, cluster and run id, keeps the order, and
 * remembers every entry written (the state a cancel or resume reads). A journal that cannot be
 * written fails the call: a run does not go on without its record.
 */
export class RunRecorder {
  readonly written: RunEntry[] = [];

  constructor(
    private readonly sink: JournalSink,
    readonly base: { readonly plan: string; readonly cluster: JournalCluster; readonly runId: string },
    private readonly now: () => Date,
  ) {}

  /** The time as entries carry it. */
  at(): string {
    return this.now().toISOString();
  }

  async record(body: RunEntryBody): Promise<Result<RunEntry>> {
    const entry = { ...body, at: this.at(), ...this.base } as RunEntry;
    const r = await this.sink.append(entry);
    if (!r.ok) return err(r.error);
    this.written.push(entry);
    return ok(entry);
  }
}
