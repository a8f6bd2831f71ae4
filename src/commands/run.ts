import * as vscode from 'vscode';
import { confirmOnCluster } from '../actions/confirm';
import { type PlanSession, openPlanSession, planUriOf, record, showRefusal } from '../actions/planSession';
import { errorMessage } from '../common/result';
import type { UpgradePlan } from '../core/plans';
import { type RunPhase, applyModeOf, runPhases, stagingMatcher } from '../core/run';
import { beginRun, runIsActive } from '../run/activeRuns';
import { tickStagingEvidence } from '../run/stagingRuns';
import { type PlanJournal, readPlanJournal } from '../run/planJournal';
import { kubeLayer } from '../kube/lazy';
import { PREFLIGHT_VIEW_ID } from '../preflight/preflightView';
import type { Services } from '../services';
import { backupPhase } from './backups';
import { preflight } from './preflight';
import type { CommandTable } from './types';

/** What Execute and Resume return (the editor tier reads it): how the run ended, or why it did not start. */
export type RunOutcome =
  | { readonly ran: true; readonly runId: string; readonly outcome: string; readonly reason: string; readonly done: readonly string[]; readonly notDone: readonly string[] }
  | { readonly ran: false; readonly reason: string };

const ACTION = 'Execute';
/** A preflight older than this is run again before a run starts. */
const PREFLIGHT_FRESH_MS = 15 * 60_000;

/** The journal beside the plan as a run reads it; an absent file is an empty journal. */
export async function journalState(session: PlanSession): Promise<PlanJournal | { error: string }> {
  if (!session.journal) return { error: 'the plan is not a file on disk, so a run has no journal beside it' };
  const read = await readPlanJournal(session.uri);
  return read.ok ? read.value : { error: read.error };
}

/** The run's manual phases: backups and snapshots are taken here; Rook's CRDs are the user's to apply. */
function manualStep(s: Services, session: PlanSession, plan: UpgradePlan, say: (m: string) => void) {
  return async (phase: RunPhase, signal: AbortSignal): Promise<{ outcome: 'done' | 'skipped' | 'failed'; reason: string }> => {
    if (phase.kind === 'backups') return backupPhase(s, session, plan, phase.backups, signal, say);
    if (phase.kind === 'etcd-snapshot') return backupPhase(s, session, plan, ['etcd-snapshot'], signal, say);
    if (phase.kind === 'rook-crds') {
      const applied = 'Applied — Continue';
      const choice = await vscode.window.showWarningMessage(
        `${phase.title}: apply the CRDs and common resources of this Rook release before its operator image, then continue.`,
        { modal: true, detail: `${phase.actions.join('\n')}\n\nGuide: ${phase.guide}\nManifests: ${phase.manifests}\n\nThe tool cannot ship every Rook version's manifests.` },
        applied,
      );
      return choice === applied ? { outcome: 'done', reason: 'applied by the user' } : { outcome: 'failed', reason: 'the Rook CRDs were not confirmed as applied: the run stops here' };
    }
    return { outcome: 'failed', reason: `${phase.title} is not a manual step` };
  };
}

/** Runs (or resumes) with a cancellable progress notification; every change goes to the log. */
async function drive(s: Services, plan: vscode.Uri, title: string, start: (say: (m: string) => void) => Promise<{ ok: true; value: { run(): Promise<RunEndResult>; cancel(reason?: string): void; runId: string } } | { ok: false; error: string }>): Promise<RunOutcome> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const say = (m: string): void => {
      progress.report({ message: m });
      s.log.info(`${title}: ${m}`);
    };
    if (runIsActive(plan)) return { ran: false, reason: showRefusal(s, ACTION, { reason: 'a run of this plan is going in this window: follow it in the Run view, or cancel it from its notification.' }).reason };
    const ex = await start(say);
    if (!ex.ok) return { ran: false, reason: showRefusal(s, ACTION, { reason: ex.error }).reason };
    const sub = token.onCancellationRequested(() => ex.value.cancel('cancelled by the user'));
    const end = beginRun(plan);
    try {
      const r = await ex.value.run();
      const text = `${title}: ${r.outcome} — ${r.reason}${r.done.length ? `. Done: ${r.done.join(', ')}` : ''}${r.notDone.length ? `. Not done: ${r.notDone.join(', ')}` : ''}`;
      s.log[r.outcome === 'succeeded' ? 'info' : 'warn'](text);
      void (r.outcome === 'succeeded' ? vscode.window.showInformationMessage(text) : vscode.window.showWarningMessage(text, 'Show Log')).then((c) => {
        if (c) s.log.show();
      });
      if (r.rollback?.runbook) {
        const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: r.rollback.runbook });
        await vscode.window.showTextDocument(doc, { preview: false });
      }
      return { ran: true, runId: ex.value.runId, outcome: r.outcome, reason: r.reason, done: r.done, notDone: r.notDone };
    } finally {
      end();
      sub.dispose();
    }
  });
}

/** A run that succeeded on a staging context is the evidence "tested on staging" of every plan with the same path. */
async function afterRun(s: Services, context: string, out: RunOutcome): Promise<RunOutcome> {
  if (!out.ran || out.outcome !== 'succeeded') return out;
  const pattern = vscode.workspace.getConfiguration('upgradePlanner').get<string>('stagingContexts') ?? '';
  const staging = stagingMatcher(pattern);
  if (!staging.ok || !staging.value(context)) return out;
  const r = await tickStagingEvidence(s.log);
  if (r.ok && r.ticked.length) void vscode.window.showInformationMessage(`The run on staging context "${context}" is now the staging evidence of ${r.ticked.map((t) => vscode.workspace.asRelativePath(t.plan)).join(', ')} (checklist ticked; save the plans to keep it).`);
  return out;
}

type RunEndResult = { outcome: string; reason: string; done: readonly string[]; notDone: readonly string[]; rollback?: { runbook?: string } };

/**
 * Execute: runs the plan on the cluster it is pinned to, in the cluster (system-upgrade-controller Plans,
 * the Rook operator), phase by phase with gates, journalled beside the plan. Refused while another run of
 * the plan is unfinished (resume it), while the preflight blocks (fix or override), without the guard
 * rails (trusted workspace, pinned cluster, the confirmation naming context and cluster, typed for a
 * protected context). Cancel stops before the next step and undoes what the run set in motion.
 */
export async function execute(s: Services, arg: unknown): Promise<RunOutcome> {
  try {
    const session = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Execute: reading the plan and its cluster…' }, () => openPlanSession(s, arg, 'write'));
    if (!session.ok) return { ran: false, reason: showRefusal(s, ACTION, session.error).reason };
    const { plan, live, uri } = session.value;
    if (!plan) return { ran: false, reason: showRefusal(s, ACTION, { reason: 'The plan has errors (syntax or schema): fix them first.' }).reason };
    if (runIsActive(uri)) return { ran: false, reason: showRefusal(s, ACTION, { reason: 'a run of this plan is going in this window: follow it in the Run view.' }).reason };
    const journal = await journalState(session.value);
    if ('error' in journal) return { ran: false, reason: showRefusal(s, ACTION, { reason: journal.error }).reason };
    if (journal.state && !journal.state.finished) {
      return { ran: false, reason: showRefusal(s, ACTION, { reason: `run ${journal.state.runId} of this plan is unfinished${journal.state.resumeFrom ? ` (it stopped at ${journal.state.resumeFrom})` : ''}.`, fixHint: 'Resume it ("Resume Run"), or cancel it, before starting a new one.' }).reason };
    }
    let stored = s.preflight.get(uri);
    if (!stored || Date.now() - Date.parse(stored.report.at) > PREFLIGHT_FRESH_MS || stored.live.kubeSystemUID !== live.kubeSystemUID) {
      await preflight(s, uri);
      stored = s.preflight.get(uri);
    }
    if (!stored) return { ran: false, reason: showRefusal(s, ACTION, { reason: 'the preflight did not run, so the run may not start.' }).reason };
    if (stored.report.blocking) {
      const failed = stored.report.checks.filter((c) => c.status === 'fail' && !c.override).map((c) => c.title);
      void vscode.commands.executeCommand(`${PREFLIGHT_VIEW_ID}.focus`);
      return { ran: false, reason: showRefusal(s, ACTION, { reason: `the preflight blocks the run: ${failed.join('; ')}.`, fixHint: 'Fix each, or override it with a reason in the Preflight view, then Execute again.' }).reason };
    }
    const phases = runPhases(plan, session.value.snapshot);
    if (!phases.ok) return { ran: false, reason: showRefusal(s, ACTION, { reason: phases.error }).reason };
    const answer = await confirmOnCluster(`Run plan "${session.value.planName}" (${phases.value.length} phases)`, live, {
      confirmLabel: 'Execute',
      detail: [
        ...phases.value.map((p) => `• ${p.title}`), '',
        applyModeOf(plan) === 'gitops'
          ? 'GitOps (strategy.apply): the run writes no Plan and no image itself. Commit the files of Export for GitOps in order; the run waits for each to be applied, checks it is the planned one, and gates it. The journal beside the plan records every step.'
          : 'Every write is sent as a dry run first. The upgrade runs in the cluster and goes on if VS Code closes; the journal beside the plan records every step.',
      ].join('\n'),
    });
    await record(s, session.value, { type: 'decision', action: `run plan ${session.value.planName}`, outcome: answer });
    if (answer !== 'confirmed') return { ran: false, reason: 'declined' };
    const layer = await kubeLayer();
    return await afterRun(s, live.context, await drive(s, uri, `Run of ${session.value.planName} on ${live.context}`, (say) => Promise.resolve(
      layer.RunExecutor.start({
        client: session.value.client, plan, snapshot: session.value.snapshot, journal: session.value.journal!,
        target: { context: live.context, server: live.server },
        callbacks: { onProgress: (phaseId, m) => say(`${phaseId}: ${m}`), manualStep: manualStep(s, session.value, plan, say) },
      }),
    )));
  } catch (e) {
    s.log.error(`${ACTION}: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(`${ACTION} failed: ${errorMessage(e)}`);
    return { ran: false, reason: errorMessage(e) };
  }
}

/**
 * Resume Run: the unfinished last run in the journal beside the plan, reattached to its in-cluster Plans and
 * continued from the phase it stopped in (after the same guard rails and confirmation as Execute).
 */
export async function resumeRun(s: Services, arg: unknown): Promise<RunOutcome> {
  try {
    const session = await openPlanSession(s, arg, 'write');
    if (!session.ok) return { ran: false, reason: showRefusal(s, 'Resume', session.error).reason };
    const { plan, live } = session.value;
    if (!plan) return { ran: false, reason: showRefusal(s, 'Resume', { reason: 'The plan has errors (syntax or schema): fix them first.' }).reason };
    if (runIsActive(session.value.uri)) return { ran: false, reason: showRefusal(s, 'Resume', { reason: 'the run of this plan is going in this window already.' }).reason };
    const journal = await journalState(session.value);
    if ('error' in journal) return { ran: false, reason: showRefusal(s, 'Resume', { reason: journal.error }).reason };
    if (!journal.state || journal.state.finished) return { ran: false, reason: showRefusal(s, 'Resume', { reason: 'the journal beside the plan holds no unfinished run.' }).reason };
    const answer = await confirmOnCluster(`Resume run ${journal.state.runId} of plan "${session.value.planName}"${journal.state.resumeFrom ? ` at ${journal.state.resumeFrom}` : ''}`, live, {
      confirmLabel: 'Resume',
      detail: `Done: ${journal.state.completed.join(', ') || 'nothing yet'}.`,
    });
    await record(s, session.value, { type: 'decision', action: `resume run ${journal.state.runId}`, outcome: answer });
    if (answer !== 'confirmed') return { ran: false, reason: 'declined' };
    const layer = await kubeLayer();
    return await afterRun(s, live.context, await drive(s, session.value.uri, `Run of ${session.value.planName} on ${live.context} (resumed)`, (say) => Promise.resolve(
      layer.RunExecutor.resume({
        client: session.value.client, plan, snapshot: session.value.snapshot, journal: session.value.journal!,
        target: { context: live.context, server: live.server },
        callbacks: { onProgress: (phaseId, m) => say(`${phaseId}: ${m}`), manualStep: manualStep(s, session.value, plan, say) },
      }, journal.entries),
    )));
  } catch (e) {
    s.log.error(`Resume: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(`Resume failed: ${errorMessage(e)}`);
    return { ran: false, reason: errorMessage(e) };
  }
}

/**
 * Find Staging Evidence: the plan's "tested on staging" ticked from a staging run in the workspace's
 * journals (same hops, succeeded, on a context matching upgradePlanner.stagingContexts), or why not.
 */
export async function findStagingEvidence(s: Services, arg: unknown): Promise<{ ticked: boolean; reason: string }> {
  const uri = planUriOf(arg);
  if (!uri) return { ticked: false, reason: showRefusal(s, 'Find Staging Evidence', { reason: 'open a plan (*.upgradeplan.yaml) first.' }).reason };
  const r = await tickStagingEvidence(s.log, [uri]);
  if (!r.ok) return { ticked: false, reason: showRefusal(s, 'Find Staging Evidence', { reason: r.error, fixHint: 'Set upgradePlanner.stagingContexts to a pattern of your staging contexts.' }).reason };
  const t = r.ticked[0];
  const reason = t
    ? `tested on staging: run ${t.evidence.runId} of plan ${t.evidence.plan} on ${t.evidence.context} (${t.evidence.journal})`
    : 'no journal in the workspace holds a run that succeeded on a staging context through the same hops';
  void vscode.window.showInformationMessage(`Find Staging Evidence: ${reason}`);
  return { ticked: t !== undefined, reason };
}

/** Spread into the command table; the plan CodeLens "Execute" comes with it. */
export const runCommands: CommandTable = {
  'upgradePlanner.execute': {
    run: (s, arg) => execute(s, arg),
    planLens: { title: 'Execute', icon: 'play', tooltip: 'Run the plan on its cluster: backups, then each hop through system-upgrade-controller and the Rook operator, with gates; refused while the preflight blocks' },
  },
  'upgradePlanner.resumeRun': { run: (s, arg) => resumeRun(s, arg) },
  'upgradePlanner.findStagingEvidence': { run: (s, arg) => findStagingEvidence(s, arg) },
};
