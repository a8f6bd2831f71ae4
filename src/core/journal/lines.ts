import { type Result, err, ok } from '../../common/result';
import { isRecord } from '../../common/guards';
import { JOURNAL_ENTRY_TYPES, type JournalEntry, type JournalRecord } from './entries';

/** One entry is a line: a few KB for a preflight report; anything past this is a bug, not a record. */
export const MAX_ENTRY_CHARS = 1024 * 1024;
/** A journal read for resume is capped: a plan's journal of a hundred runs stays far below. */
export const MAX_JOURNAL_CHARS = 64 * 1024 * 1024;

/** The journal beside a plan file: `prod.upgradeplan.yaml` → `prod.journal.jsonl`. */
export function journalFileName(planFileName: string): string {
  const base = planFileName.replace(/\.upgradeplan\.ya?ml$/, '');
  return `${base}.journal.jsonl`;
}

/** The line for one entry (JSON, no newline inside, `\n` at the end); refused when it would exceed the cap. */
export function journalLine(entry: JournalRecord): Result<string> {
  const json = JSON.stringify(entry);
  if (json.length > MAX_ENTRY_CHARS) return err(`the ${entry.type} entry is ${json.length.toLocaleString('en-US')} characters, over the journal's ${MAX_ENTRY_CHARS.toLocaleString('en-US')}-character limit per entry`);
  return ok(`${json}\n`);
}

export interface ParsedJournal<T extends JournalRecord = JournalEntry> {
  readonly entries: T[];
  /** Lines that are not entries (a torn last line after a crash, a hand edit), by 1-based line number. */
  readonly skipped: { readonly line: number; readonly why: string }[];
}

/**
 * Reads a journal back, line by line (linear in its length). A line that does not parse or is not an
 * entry is skipped and named, never fatal: the last line of a journal written when the host crashed may
 * be torn, and everything before it still counts.
 */
export function parseJournal(text: string): Result<ParsedJournal>;
/** Reads the entries `accept` recognises (a run's reader accepts its own entry types too). */
export function parseJournal<T extends JournalRecord>(text: string, accept: (v: unknown) => v is T): Result<ParsedJournal<T>>;
export function parseJournal(text: string, accept: (v: unknown) => v is JournalRecord = isJournalEntry): Result<ParsedJournal<JournalRecord>> {
  if (text.length > MAX_JOURNAL_CHARS) return err(`the journal is ${text.length.toLocaleString('en-US')} characters, over the ${MAX_JOURNAL_CHARS.toLocaleString('en-US')}-character limit`);
  const entries: JournalRecord[] = [];
  const skipped: { line: number; why: string }[] = [];
  let start = 0;
  let lineNo = 0;
  while (start < text.length) {
    let end = text.indexOf('\n', start);
    if (end === -1) end = text.length;
    lineNo++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (!line) continue;
    if (line.length > MAX_ENTRY_CHARS) {
      skipped.push({ line: lineNo, why: 'longer than an entry may be' });
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      skipped.push({ line: lineNo, why: 'not JSON (a torn or edited line)' });
      continue;
    }
    if (!accept(value)) {
      skipped.push({ line: lineNo, why: 'not a journal entry' });
      continue;
    }
    entries.push(value);
  }
  return ok({ entries, skipped });
}

/** A record's common fields are there: type, time, plan and cluster. */
export function isJournalRecord(v: unknown): v is JournalRecord {
  return isRecord(v) && typeof v.type === 'string' && typeof v.at === 'string' && typeof v.plan === 'string' && isRecord(v.cluster) && typeof v.cluster.context === 'string';
}

/** One of the entries of entries.ts (preflight, override, backup, dry run, decision). */
export function isJournalEntry(v: unknown): v is JournalEntry {
  return isJournalRecord(v) && (JOURNAL_ENTRY_TYPES as readonly string[]).includes(v.type);
}
