import * as vscode from 'vscode';
import { journalUriOf, readPlanJournal } from './planJournal';
import { findPlanFiles } from '../workspace/planFiles';

/** A plan whose journal ends in a run that did not finish (VS Code closed, the host crashed, the run paused). */
export interface UnfinishedRun {
  readonly plan: vscode.Uri;
  readonly runId: string;
  readonly planName: string;
  readonly context: string;
  /** The phase to continue from, when known. */
  readonly resumeFrom: string | undefined;
  readonly paused: boolean;
}

/** The journals beside the workspace's plan files, read back (capped); the plans whose last run is unfinished. */
export async function findUnfinishedRuns(): Promise<UnfinishedRun[]> {
  const out: UnfinishedRun[] = [];
  for (const plan of await findPlanFiles()) {
    const read = await readPlanJournal(plan);
    const state = read.ok ? read.value.state : undefined;
    if (!state || state.finished) continue;
    out.push({ plan, runId: state.runId, planName: state.plan, context: state.cluster.context, resumeFrom: state.resumeFrom, paused: state.paused !== undefined });
  }
  return out;
}

/**
 * After a reload of VS Code (or a crash of the extension host), an unfinished run is announced once per
 * activation: resume it (reattach to its in-cluster Plans), cancel it without resuming (its Plans
 * deleted, its cordons undone), roll it back, or open its journal. Nothing runs without the
 * user's choice and the usual confirmation.
 */
export async function announceUnfinishedRuns(log: vscode.LogOutputChannel): Promise<UnfinishedRun[]> {
  const runs = await findUnfinishedRuns();
  for (const r of runs) {
    const where = r.resumeFrom ? ` at ${r.resumeFrom}` : '';
    log.warn(`Run ${r.runId} of plan ${r.planName} on ${r.context} is unfinished${where} (${vscode.workspace.asRelativePath(r.plan)})`);
    void vscode.window.showWarningMessage(
      `Run ${r.runId} of plan "${r.planName}" on context "${r.context}" did not finish${r.paused ? ' (paused)' : ''}${where}. The upgrade may still be going on in the cluster.`,
      'Resume…', 'Cancel Run…', 'Roll Back…', 'Open Journal',
    ).then((choice) => {
      if (choice === 'Resume…') void vscode.commands.executeCommand('upgradePlanner.resumeRun', r.plan);
      if (choice === 'Cancel Run…') void vscode.commands.executeCommand('upgradePlanner.cancelRun', r.plan);
      if (choice === 'Roll Back…') void vscode.commands.executeCommand('upgradePlanner.rollbackRun', r.plan);
      if (choice === 'Open Journal') void vscode.window.showTextDocument(journalUriOf(r.plan));
    });
  }
  return runs;
}
