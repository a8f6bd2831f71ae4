import * as vscode from 'vscode';
import { type Result, err, ok } from '../common/result';
import { type ChecklistEntry, type ItemPatch, type Tick, editChecklist, parsePlan, planChecklist } from '../core/plans';
import { nowIso, reviewerName } from './reviewer';

/** The plan's checklist as the view shows it, from the open document (unsaved edits count) and its risky-edge diagnostics. */
export function checklistOf(doc: vscode.TextDocument): ChecklistEntry[] {
  const riskyEdges = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.code === 'risky-edge').map((d) => d.message);
  return planChecklist(parsePlan(doc.getText()).value, { riskyEdges });
}

/**
 * Changes the plan's checklist through a WorkspaceEdit (one undoable step, comments and layout kept):
 * `patches` says what to change given the plan and who ticks now. The file is left unsaved, like any
 * edit. Returns the checklist after the change.
 */
export async function changeChecklist(uri: vscode.Uri, patches: (plan: unknown, tick: Tick) => Result<ItemPatch[]>): Promise<Result<ChecklistEntry[]>> {
  const tick: Tick = { by: await reviewerName(uri), at: nowIso() };
  const doc = await vscode.workspace.openTextDocument(uri);
  const text = doc.getText();
  const want = patches(parsePlan(text).value, tick);
  if (!want.ok) return want;
  const edited = editChecklist(text, want.value);
  if (!edited.ok) return edited;
  if (doc.getText() !== text) return err('The plan changed while the checklist was being edited; try again.');
  const { edit } = edited.value;
  if (edit.range.start !== edit.range.end || edit.newText) {
    const we = new vscode.WorkspaceEdit();
    we.replace(uri, new vscode.Range(doc.positionAt(edit.range.start), doc.positionAt(edit.range.end)), edit.newText);
    if (!(await vscode.workspace.applyEdit(we))) return err('VS Code did not apply the edit to the plan (is the file read-only?).');
  }
  return ok(checklistOf(doc));
}
