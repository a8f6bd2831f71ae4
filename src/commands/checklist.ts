import * as vscode from 'vscode';
import { CHECKLIST_VIEW_ID, ChecklistNode, MARK_REVIEWED_COMMAND, TOGGLE_COMMAND, changeChecklist } from '../checklist';
import { type Result, err } from '../common/result';
import { type ChecklistEntry, isTicked, reviewPatches, reviewTitle, togglePatches } from '../core/plans';
import type { NotesRange } from '../core/releaseNotes';
import type { Services } from '../services';
import type { CommandTable } from './types';

const REVIEW_COMPONENTS: readonly NotesRange['component'][] = ['k3s', 'rook', 'ceph'];

/**
 * Toggle Checklist Item: a row of the Checklist view (and whether it is now ticked), or
 * `{ uri, id, ticked?, evidence? }`. Edits the plan's `checklist`; returns the checklist after it.
 */
export async function toggleChecklistItem(s: Services, arg: unknown, checked?: unknown): Promise<ChecklistEntry[] | undefined> {
  const target = arg instanceof ChecklistNode
    ? { uri: arg.uri, id: arg.entry.id, ticked: typeof checked === 'boolean' ? checked : !isTicked(arg.entry.status), evidence: undefined as string | undefined, entry: arg.entry }
    : toggleArg(arg);
  if (!target) {
    s.log.warn('Toggle Checklist Item: the argument is neither a checklist row nor { uri, id }');
    return undefined;
  }
  let evidence = target.evidence;
  if (target.ticked && evidence === undefined && target.entry?.wantsLink && !target.entry.written?.evidence) {
    evidence = await vscode.window.showInputBox({
      title: target.entry.title,
      prompt: 'The evidence: a link to the staging run, ticket or log (leave empty to tick without one)',
      placeHolder: 'https://ci.example.com/staging/1234',
      validateInput: (v) => (v.length > 2000 ? 'At most 2000 characters.' : undefined),
    });
    if (evidence === undefined) return undefined; // cancelled: the view redraws the file's state
    evidence = evidence.trim() || undefined;
  }
  return report(s, await changeChecklist(target.uri, (plan, tick) => togglePatches(plan, target.id, target.ticked, tick, evidence)));
}

/** Mark Release Notes Reviewed: `{ uri, component, from?, to? }` (the Release Notes page of a plan passes the range it showed). */
export async function markReleaseNotesReviewed(s: Services, arg: unknown): Promise<ChecklistEntry[] | undefined> {
  const a = reviewArg(arg);
  if (!a) {
    s.log.warn('Mark Release Notes Reviewed: the argument is not { uri, component }');
    return undefined;
  }
  const result = await changeChecklist(a.uri, (plan, tick) => {
    const r = reviewPatches(plan, a.component, tick);
    const want = r.ok ? r.value[0].evidence : undefined;
    if (r.ok && a.from !== undefined && a.to !== undefined && want !== `reviewed ${a.from} → ${a.to}`) {
      return err(`The plan's ${reviewTitle(a.component).split(' ')[0]} range is no longer ${a.from} → ${a.to}; open its release notes again.`);
    }
    return r;
  });
  return report(s, result);
}

function report(s: Services, r: Result<ChecklistEntry[]>): ChecklistEntry[] | undefined {
  if (r.ok) return r.value;
  s.log.warn(`Checklist: ${r.error}`);
  void vscode.window.showWarningMessage(r.error);
  return undefined;
}

function uriOf(v: unknown): vscode.Uri | undefined {
  if (v instanceof vscode.Uri) return v;
  if (typeof v === 'string' && v.length < 4096) {
    try {
      return vscode.Uri.parse(v, true);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

function toggleArg(arg: unknown): { uri: vscode.Uri; id: string; ticked: boolean; evidence?: string; entry?: undefined } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const { uri, id, ticked, evidence } = arg as { uri?: unknown; id?: unknown; ticked?: unknown; evidence?: unknown };
  const u = uriOf(uri);
  if (!u || typeof id !== 'string' || !/^[a-z0-9][-a-z0-9]*$/.test(id) || (evidence !== undefined && typeof evidence !== 'string')) return undefined;
  return { uri: u, id, ticked: ticked !== false, ...(typeof evidence === 'string' ? { evidence } : {}) };
}

function reviewArg(arg: unknown): { uri: vscode.Uri; component: NotesRange['component']; from?: string; to?: string } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const { uri, component, from, to } = arg as { uri?: unknown; component?: unknown; from?: unknown; to?: unknown };
  const u = uriOf(uri);
  const c = REVIEW_COMPONENTS.find((x) => x === component);
  if (!u || !c) return undefined;
  return { uri: u, component: c, ...(typeof from === 'string' && typeof to === 'string' ? { from, to } : {}) };
}

/** Spread into the command table (src/commands/index.ts); the plan CodeLens "Checklist" comes with it. */
export const checklistCommands: CommandTable = {
  [TOGGLE_COMMAND]: { run: (s, arg, checked) => toggleChecklistItem(s, arg, checked) },
  [MARK_REVIEWED_COMMAND]: { run: (s, arg) => markReleaseNotesReviewed(s, arg) },
  'upgradePlanner.showChecklist': {
    run: async (_s, arg) => {
      const uri = uriOf(arg);
      if (uri && vscode.window.activeTextEditor?.document.uri.toString() !== uri.toString()) await vscode.window.showTextDocument(uri, { preview: false });
      await vscode.commands.executeCommand(`${CHECKLIST_VIEW_ID}.focus`);
    },
    planLens: { title: 'Checklist', icon: 'checklist', tooltip: 'The checklist of this plan: what must be done before it may run' },
  },
};
