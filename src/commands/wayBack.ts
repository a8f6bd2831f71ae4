import * as vscode from 'vscode';
import { confirmOnCluster } from '../actions/confirm';
import { type PlanSession, openPlanSession, record, showRefusal } from '../actions/planSession';
import { errorMessage } from '../common/result';
import { cancelPlan, etcdSnapshotsFromJournal, rollbackPlan, type RollbackStep, type RunJournalState } from '../core/run';
import { kubeLayer } from '../kube/lazy';
import type { WayBackResult } from '../kube/kubeLayer';
import { runIsActive } from '../run/activeRuns';
import type { PlanJournal } from '../run/planJournal';
import type { Services } from '../services';
import { journalState } from './run';
import type { CommandTable } from './types';

/** What Cancel Run and Roll Back Run return (the editor tier reads it). */
export type WayBackOutcome =
  | { readonly ran: true; readonly runId: string; readonly outcome: string; readonly reason: string; readonly steps: readonly { id: string; outcome: string }[]; readonly runbook?: string }
  | { readonly ran: false; readonly reason: string };

type Kind = 'cancel' | 'rollback';
const ACTION: Record<Kind, string> = { cancel: 'Cancel Run', rollback: 'Roll Back Run' };

const HOW: Record<RollbackStep['how'], string> = { api: 'through the API', manual: 'by hand (runbook)', 'not-possible': 'not possible', nothing: 'nothing to do' };

/** The steps the confirmation lists, as they would go on the cluster read just now. */
function preview(kind: Kind, session: PlanSession, journal: PlanJournal, state: RunJournalState): string[] {
  const steps = kind === 'cancel' ? cancelPlan(state, session.snapshot).steps : rollbackPlan(state, session.snapshot, etcdSnapshotsFromJournal(journal.entries)).steps;
  return steps.map((st) => `• ${st.title} — ${HOW[st.how]}: ${st.reason}`);
}

/** Writes the K3s restore runbook beside the plan (`<plan>.rollback-<run id>.md`, never over a file) and opens it. */
async function openRunbook(s: Services, plan: vscode.Uri, runId: string, text: string): Promise<string> {
  const base = (plan.path.split('/').pop() ?? 'plan').replace(/\.upgradeplan\.ya?ml$/i, '');
  const file = vscode.Uri.joinPath(plan, '..', `${base}.rollback-${runId.replace(/[^A-Za-z0-9-]/g, '')}.md`);
  try {
    await vscode.workspace.fs.stat(file);
    s.log.info(`${file.fsPath} exists already: the runbook opens unsaved`);
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: text }), { preview: false });
    return '(unsaved)';
  } catch {
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(text));
    await vscode.window.showTextDocument(file, { preview: false });
    return vscode.workspace.asRelativePath(file);
  }
}

/**
 * Cancel Run (an unfinished run, without resuming it) and Roll Back Run (the last run, finished or
 * not): the same guard rails as Execute (trusted workspace, the pinned cluster, the confirmation naming
 * context and cluster, typed for a protected context), refused while this window drives the run; the
 * confirmation lists each step and how it goes (API, runbook, not possible). Every write is dry-run
 * first and journalled; the K3s restore runbook is written beside the plan and opened.
 */
async function wayBack(s: Services, arg: unknown, kind: Kind): Promise<WayBackOutcome> {
  const action = ACTION[kind];
  try {
    const session = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${action}: reading the plan and its cluster…` }, () => openPlanSession(s, arg, 'write'));
    if (!session.ok) return { ran: false, reason: showRefusal(s, action, session.error).reason };
    const { live, uri } = session.value;
    if (runIsActive(uri)) return { ran: false, reason: showRefusal(s, action, { reason: 'the run of this plan is going in this window: cancel it from its progress notification.' }).reason };
    const journal = await journalState(session.value);
    if ('error' in journal) return { ran: false, reason: showRefusal(s, action, { reason: journal.error }).reason };
    const state = journal.state;
    if (!state) return { ran: false, reason: showRefusal(s, action, { reason: 'the journal beside the plan holds no run.' }).reason };
    if (kind === 'cancel' && state.finished) return { ran: false, reason: showRefusal(s, action, { reason: `run ${state.runId} has finished (${state.outcome ?? 'unknown'}): there is nothing to cancel.`, fixHint: 'Roll Back Run undoes a finished run as far as it can.' }).reason };
    if (kind === 'rollback' && state.outcome === 'rolled-back') return { ran: false, reason: showRefusal(s, action, { reason: `run ${state.runId} was rolled back already.` }).reason };
    const title = kind === 'cancel' ? `Cancel run ${state.runId} of plan "${session.value.planName}" without resuming it` : `Roll back run ${state.runId} of plan "${session.value.planName}"`;
    const answer = await confirmOnCluster(title, live, {
      confirmLabel: kind === 'cancel' ? 'Cancel Run' : 'Roll Back',
      detail: [...preview(kind, session.value, journal, state), '', 'Every write is sent as a dry run first and recorded in the journal beside the plan.'].join('\n'),
    });
    await record(s, session.value, { type: 'decision', action: `${kind === 'cancel' ? 'cancel' : 'roll back'} run ${state.runId}`, outcome: answer });
    if (answer !== 'confirmed') return { ran: false, reason: 'declined' };
    const layer = await kubeLayer();
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${action} ${state.runId} on ${live.context}` }, (progress) => {
      const setup = {
        client: session.value.client, snapshot: session.value.snapshot, journal: session.value.journal!, entries: journal.entries,
        onProgress: (m: string) => {
          progress.report({ message: m });
          s.log.info(`${action}: ${m}`);
        },
      };
      return kind === 'cancel' ? layer.cancelUnfinishedRun(setup) : layer.rollBackRun(setup);
    });
    if (!r.ok) return { ran: false, reason: showRefusal(s, action, { reason: r.error }).reason };
    return await report(s, uri, action, r.value);
  } catch (e) {
    s.log.error(`${action}: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(`${action} failed: ${errorMessage(e)}`);
    return { ran: false, reason: errorMessage(e) };
  }
}

async function report(s: Services, plan: vscode.Uri, action: string, r: WayBackResult): Promise<WayBackOutcome> {
  for (const st of r.steps) s.log[st.outcome === 'failed' ? 'warn' : 'info'](`${action} ${r.runId}: ${st.title}: ${st.outcome} — ${st.message}`);
  const runbook = r.runbook ? await openRunbook(s, plan, r.runId, r.runbook) : undefined;
  const text = `${action} ${r.runId}: ${r.outcome} — ${r.reason}${runbook ? `. The K3s restore runbook: ${runbook}` : ''}`;
  void (r.outcome === 'stopped' ? vscode.window.showWarningMessage(text, 'Show Log') : vscode.window.showInformationMessage(text, 'Show Log')).then((c) => {
    if (c) s.log.show();
  });
  return { ran: true, runId: r.runId, outcome: r.outcome, reason: r.reason, steps: r.steps.map((x) => ({ id: x.id, outcome: x.outcome })), ...(runbook ? { runbook } : {}) };
}

export const wayBackCommands: CommandTable = {
  'upgradePlanner.cancelRun': { run: (s, arg) => wayBack(s, arg, 'cancel') },
  'upgradePlanner.rollbackRun': { run: (s, arg) => wayBack(s, arg, 'rollback') },
};
