import * as vscode from 'vscode';
import { changeChecklist } from '../checklist/planEdits';
import { type JournalRun, type StagingEvidence, stagingEvidenceFor, stagingMatcher, stagingPatches } from '../core/run';
import { findPlanFiles } from '../workspace/planFiles';
import { journalUriOf, readPlanJournal } from './planJournal';

/**
 * Staging evidence for the checklist: the journals beside the workspace's plans are read, and each plan
 * whose path a staging run went through (core/run/stagingEvidence) gets "tested on staging" ticked with
 * the run and its journal. Run after a run succeeds on a staging context, and by "Find Staging Evidence".
 */

export interface StagingTick {
  readonly plan: vscode.Uri;
  readonly evidence: StagingEvidence;
}

/** The last run of every plan journal in the workspace. */
async function workspaceRuns(plans: readonly vscode.Uri[]): Promise<JournalRun[]> {
  const out: JournalRun[] = [];
  for (const plan of plans) {
    const read = await readPlanJournal(plan);
    if (read.ok && read.value.state) out.push({ journal: vscode.workspace.asRelativePath(journalUriOf(plan)), state: read.value.state });
  }
  return out;
}

/**
 * Ticks "tested on staging" on `targets` (default: every plan of the workspace) where a staging run proves
 * their path; an error when no context counts as staging. Plans already ticked with the same evidence are left.
 */
export async function tickStagingEvidence(log: vscode.LogOutputChannel, targets?: readonly vscode.Uri[]): Promise<{ ok: true; ticked: StagingTick[] } | { ok: false; error: string }> {
  const isStaging = stagingMatcher(vscode.workspace.getConfiguration('upgradePlanner').get<string>('stagingContexts') ?? '');
  if (!isStaging.ok) return { ok: false, error: isStaging.error };
  const plans = await findPlanFiles();
  const runs = await workspaceRuns(plans);
  const ticked: StagingTick[] = [];
  for (const plan of targets ?? plans) {
    let found: StagingEvidence | undefined;
    const edit = await changeChecklist(plan, (p, tick) => {
      found = stagingEvidenceFor(p, runs, isStaging.value);
      return found ? stagingPatches(p, found, tick) : { ok: true, value: [] };
    });
    if (!edit.ok) log.warn(`Staging evidence: ${vscode.workspace.asRelativePath(plan)} was not ticked: ${edit.error}`);
    else if (found) {
      ticked.push({ plan, evidence: found });
      log.info(`Staging evidence: ${vscode.workspace.asRelativePath(plan)} — run ${found.runId} of ${found.plan} on ${found.context} (${found.journal})`);
    }
  }
  return { ok: true, ticked };
}
