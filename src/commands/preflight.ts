import * as vscode from 'vscode';
import { errorMessage } from '../common/result';
import { type CheckResult, type PreflightReport, describeRef, overrideCheck, runPreflight } from '../core/preflight';
import { journalCluster, openPlanSession, planUriOf, record, showRefusal } from '../actions/planSession';
import { JournalFile } from '../journal/journalFile';
import type { JournalEntry } from '../core/journal';
import { reviewerName } from '../checklist/reviewer';
import { kubeLayer } from '../kube/lazy';
import { OVERRIDE_COMMAND, PREFLIGHT_VIEW_ID, PreflightCheckNode, summaryText } from '../preflight/preflightView';
import { planKubeVersionsOf } from '../removedApis/judgement';
import type { Services } from '../services';
import type { CommandTable } from './types';

/** What Preflight returns (the editor tier reads it): the report's verdict, or why it did not run. */
export type PreflightOutcome =
  | { readonly ran: true; readonly blocking: boolean; readonly summary: string; readonly checks: readonly Pick<CheckResult, 'id' | 'status' | 'reason'>[] }
  | { readonly ran: false; readonly reason: string };

const ACTION = 'Preflight';

/**
 * Preflight: reads the cluster the plan is pinned to (refusing any other), runs every check, and shows
 * the report in the Preflight view, as diagnostics on the plan and in the log; records it in the
 * journal beside the plan. Read-only: nothing on the cluster changes.
 */
export async function preflight(s: Services, arg: unknown): Promise<PreflightOutcome> {
  const uri = planUriOf(arg);
  const title = `Preflight of ${uri?.path.split('/').pop() ?? 'the plan'}`;
  try {
    return await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        progress.report({ message: 'reading the plan and its cluster…' });
        const session = await openPlanSession(s, uri ?? arg, 'read', abort.signal);
        if (!session.ok) return { ran: false, reason: showRefusal(s, ACTION, session.error).reason } as const;
        const { plan, snapshot, client, live } = session.value;
        progress.report({ message: `checking ${live.context}…` });
        const layer = await kubeLayer();
        const kube = planKubeVersionsOf(session.value.validation.parsed.value, session.value.planName);
        const [reads, removed] = await Promise.all([
          layer.readPreflightInputs(client, snapshot, abort.signal),
          kube ? layer.readRemovedApisInput(client, kube.target, abort.signal) : Promise.resolve(undefined),
        ]);
        if (token.isCancellationRequested) return { ran: false, reason: 'cancelled' } as const;
        for (const u of reads.unread) s.log.warn(`${ACTION} ${live.context}: not read: ${u}`);
        if (removed && !removed.ok) s.log.warn(`${ACTION} ${live.context}: removed APIs not read: ${removed.error.message}`);
        if (removed?.ok) {
          for (const p of removed.value.problems) s.log.warn(`${ACTION} ${live.context}: removed APIs, not read: ${p}`);
          for (const d of removed.value.deprecated.slice(0, 50)) s.log.info(`${ACTION} ${live.context}: deprecated, removed later: ${d.kind} ${d.namespace ? `${d.namespace}/` : ''}${d.name} (${d.apiVersion})`);
        }
        const maxAge = vscode.workspace.getConfiguration('upgradePlanner').get<number>('preflight.etcdSnapshotMaxAgeHours');
        const report = runPreflight({
          snapshot, plan,
          planDiagnostics: session.value.validation.diagnostics,
          now: new Date(),
          ...(typeof maxAge === 'number' && maxAge > 0 ? { etcdSnapshotMaxAgeHours: maxAge } : {}),
          ...(reads.pdbs ? { pdbs: reads.pdbs } : {}),
          ...(reads.suc ? { suc: reads.suc } : {}),
          ...(reads.rookDaemons ? { rookDaemons: reads.rookDaemons } : {}),
          ...(reads.cephStatus ? { cephStatus: reads.cephStatus } : {}),
          ...(reads.access ? { access: reads.access } : {}),
          ...(removed?.ok ? { removedApis: removed.value } : {}),
        });
        const stored = { uri: session.value.uri, planName: session.value.planName, live, report };
        s.preflight.set(stored);
        await record(s, session.value, { type: 'preflight', report });
        logReport(s, live.context, session.value.planName, report);
        const summary = summaryText(stored);
        void vscode.window[report.blocking ? 'showWarningMessage' : 'showInformationMessage'](`Preflight of ${session.value.planName} on ${live.context}: ${summary}.`, 'Show Report').then((c) => {
          if (c) void vscode.commands.executeCommand(`${PREFLIGHT_VIEW_ID}.focus`);
        });
        return { ran: true, blocking: report.blocking, summary, checks: report.checks.map((c) => ({ id: c.id, status: c.status, reason: c.reason })) } as const;
      } finally {
        sub.dispose();
      }
    });
  } catch (e) {
    s.log.error(`${ACTION}: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(`${ACTION} failed: ${errorMessage(e)}`);
    return { ran: false, reason: errorMessage(e) };
  }
}

function logReport(s: Services, context: string, plan: string, report: PreflightReport): void {
  s.log.info(`Preflight of ${plan} on ${context}: ${report.summary.pass} pass, ${report.summary.warn} warn, ${report.summary.fail} fail, ${report.summary['not-checked']} not checked${report.blocking ? ' — blocking' : ''}`);
  for (const c of report.checks) {
    if (c.status === 'pass') continue;
    const objects = c.objects.length ? ` (${c.objects.map(describeRef).join(', ')})` : '';
    const line = `  ${c.status.toUpperCase()} ${c.id}: ${c.reason}${objects}`;
    if (c.status === 'fail') s.log.warn(line);
    else s.log.info(line);
  }
}

/** Override…: a failed check of the last report (a row of the Preflight view, or `{ uri, id, reason? }`). */
export async function overrideFailedCheck(s: Services, arg: unknown): Promise<boolean> {
  const target = arg instanceof PreflightCheckNode ? { uri: arg.uri, id: arg.check.id, reason: undefined } : overrideArg(arg);
  if (!target) {
    s.log.warn('Override: the argument is neither a row of the Preflight view nor { uri, id }');
    return false;
  }
  const stored = s.preflight.get(target.uri);
  const check = stored?.report.checks.find((c) => c.id === target.id);
  if (!stored || !check) {
    void vscode.window.showWarningMessage('There is no such check in the last preflight of this plan; run Preflight again.');
    return false;
  }
  const reason = target.reason ?? (await vscode.window.showInputBox({
    title: `Override "${check.title}"`,
    prompt: `It failed: ${check.reason}. Why may the run go ahead anyway? (recorded in the journal beside the plan)`,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim().length < 3 ? 'Say why (at least a few words).' : v.length > 500 ? 'At most 500 characters.' : undefined),
  }));
  if (reason === undefined) return false;
  const by = await reviewerName(target.uri);
  const r = overrideCheck(stored.report, target.id, { reason, by, at: new Date().toISOString() });
  if (!r.ok) {
    void vscode.window.showWarningMessage(r.error);
    return false;
  }
  s.preflight.set({ ...stored, report: r.value });
  const over = r.value.checks.find((c) => c.id === target.id)?.override;
  if (over) {
    const journal = target.uri.scheme === 'file' ? JournalFile.besidePlan(target.uri.fsPath) : undefined;
    const entry: JournalEntry = { type: 'override', at: over.at, plan: stored.planName, cluster: journalCluster(stored.live), check: { id: check.id, title: check.title, reason: check.reason }, override: over };
    const written = await journal?.append(entry);
    if (written && !written.ok) {
      s.log.error(written.error);
      void vscode.window.showErrorMessage(written.error);
    }
    s.log.info(`Preflight of ${stored.planName}: ${check.id} overridden by ${over.by}: ${over.reason}`);
  }
  return true;
}

function overrideArg(arg: unknown): { uri: vscode.Uri; id: string; reason: string | undefined } | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const { uri, id, reason } = arg as { uri?: unknown; id?: unknown; reason?: unknown };
  const u = planUriOf(uri);
  if (!u || typeof id !== 'string' || id.length > 100) return undefined;
  return { uri: u, id, reason: typeof reason === 'string' && reason.trim() ? reason : undefined };
}

/** Spread into the command table; the plan CodeLens "Preflight" comes with it. */
export const preflightCommands: CommandTable = {
  'upgradePlanner.preflight': {
    run: (s, arg) => preflight(s, arg),
    planLens: { title: 'Preflight', icon: 'pass', tooltip: 'Check the cluster the plan is pinned to: nodes, skew, system-upgrade-controller, Ceph, snapshots, drains, permissions, the plan itself (read-only)' },
  },
  [OVERRIDE_COMMAND]: { run: (s, arg) => overrideFailedCheck(s, arg) },
};
