import * as vscode from 'vscode';
import { type Result, err, errorMessage, ok } from '../common/result';
import { type JournalEntry, MAX_JOURNAL_CHARS, journalFileName } from '../core/journal';
import { type RunEntry, type RunJournalState, parseRunJournal, runStateFromJournal } from '../core/run';

/** The journal beside a plan: `prod.upgradeplan.yaml` → `prod.journal.jsonl` in the same folder. */
export function journalUriOf(plan: vscode.Uri): vscode.Uri {
  return vscode.Uri.joinPath(plan, '..', journalFileName(plan.path.split('/').pop() ?? ''));
}

/** A plan's journal read back: its entries and the state of its last run (undefined: none). */
export interface PlanJournal {
  readonly entries: (JournalEntry | RunEntry)[];
  readonly state: RunJournalState | undefined;
}

/**
 * Reads the journal beside a plan (size-capped, torn lines skipped); a plan without a journal has an
 * empty one. The one reader for Execute/Resume, the Run view and the unfinished-run check at start.
 */
export async function readPlanJournal(plan: vscode.Uri): Promise<Result<PlanJournal>> {
  const file = journalUriOf(plan);
  let bytes: Uint8Array;
  try {
    const stat = await vscode.workspace.fs.stat(file);
    if (stat.size > MAX_JOURNAL_CHARS) return err(`${file.fsPath} is over the journal's size limit`);
    bytes = await vscode.workspace.fs.readFile(file);
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') return ok({ entries: [], state: undefined });
    return err(`could not read ${file.fsPath}: ${errorMessage(e)}`);
  }
  const parsed = parseRunJournal(new TextDecoder().decode(bytes));
  if (!parsed.ok) return parsed;
  return ok({ entries: parsed.value.entries, state: runStateFromJournal(parsed.value.entries) });
}
