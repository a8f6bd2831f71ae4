import { open } from 'node:fs/promises';
import * as path from 'node:path';
import { type Result, err, errorMessage, ok } from '../common/result';
import { type JournalRecord, journalFileName, journalLine } from '../core/journal';

/** Where entries go: a file beside the plan in the extension, anything in tests. */
export interface JournalSink {
  append(entry: JournalRecord): Promise<Result<void>>;
}

/** The journal file beside a plan file (`prod.upgradeplan.yaml` → `prod.journal.jsonl`). */
export function journalPathFor(planPath: string): string {
  return path.join(path.dirname(planPath), journalFileName(path.basename(planPath)));
}

const listeners = new Set<(file: string) => void>();

/**
 * Called with the file's path after each entry this extension host wrote (the Run view redraws at once,
 * without waiting for a file watcher, which may be slow or off on remote file systems). Returns the unsubscribe.
 */
export function onJournalAppended(listener: (file: string) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/**
 * Appends entries to the journal beside a plan: opened in append mode, one line written and flushed
 * to disk (fsync) before the call returns, so that an entry reported as written survives a crash of
 * the extension host or the machine. Never rewrites or truncates.
 */
export class JournalFile implements JournalSink {
  private queue: Promise<unknown> = Promise.resolve();

  constructor(readonly file: string) {}

  static besidePlan(planPath: string): JournalFile {
    return new JournalFile(journalPathFor(planPath));
  }

  append(entry: JournalRecord): Promise<Result<void>> {
    // One write at a time: two entries never interleave, and their order is the order asked.
    const next = this.queue.then(() => this.write(entry));
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async write(entry: JournalRecord): Promise<Result<void>> {
    const line = journalLine(entry);
    if (!line.ok) return line;
    try {
      const handle = await open(this.file, 'a', 0o644);
      try {
        await handle.appendFile(line.value, 'utf8');
        await handle.sync();
      } finally {
        await handle.close();
      }
      for (const l of listeners) l(this.file);
      return ok(undefined);
    } catch (e) {
      return err(`Could not write the journal ${this.file}: ${errorMessage(e)}`);
    }
  }
}
