import * as path from 'node:path';
import * as vscode from 'vscode';
import { type PlanSession, type Refusal, openPlanSession, record, showRefusal } from '../actions/planSession';
import { confirmOnCluster } from '../actions/confirm';
import { nodeExportFiles } from '../backups/nodeFiles';
import { changeChecklist } from '../checklist';
import { type Result, errorMessage, ok } from '../common/result';
import type { BackupKind, BackupResult, PlannedWrite } from '../core/backups/types';
import { describeApiError } from '../core/cluster/errors';
import type { DryRunWrite } from '../core/journal';
import { backupPatches, type UpgradePlan } from '../core/plans';
import { type RunWrite, makeRunId, plannedRunWrites } from '../core/run';
import { kubeLayer, type KubeLayer } from '../kube/lazy';
import type { PreparedBackup } from '../kube/backups/writes';
import type { Services } from '../services';
import type { CommandTable } from './types';

/** What Back Up returns (the editor tier reads it): each backup's verdict, or why nothing was taken. */
export type BackupOutcome =
  | { readonly ran: true; readonly results: readonly Pick<BackupResult, 'kind' | 'status' | 'reason' | 'evidence'>[]; readonly ticked: boolean }
  | { readonly ran: false; readonly reason: string };

type Prepared = ReturnType<typeof prepareAll>[number];

const ACTION = 'Back up';
const KIND_LABEL: Record<BackupKind, string> = { 'etcd-snapshot': 'etcd snapshot', velero: 'Velero backup', 'manifest-export': 'manifest export' };
const PLAN_KEY: Record<BackupKind, keyof NonNullable<UpgradePlan['backups']>> = { 'etcd-snapshot': 'etcdSnapshot', velero: 'velero', 'manifest-export': 'manifestExport' };
const ALL_KINDS: readonly BackupKind[] = ['etcd-snapshot', 'velero', 'manifest-export'];

/** Which backups to take: those the plan lists; `{ kinds }` from a caller; else the user picks. */
async function chooseKinds(plan: UpgradePlan, arg: unknown, veleroInstalled: boolean): Promise<BackupKind[] | undefined> {
  const asked = arg && typeof arg === 'object' && Array.isArray((arg as { kinds?: unknown }).kinds) ? (arg as { kinds: unknown[] }).kinds.filter((k): k is BackupKind => (ALL_KINDS as readonly unknown[]).includes(k)) : undefined;
  if (asked?.length) return asked;
  const listed = ALL_KINDS.filter((k) => plan.backups?.[PLAN_KEY[k]] !== undefined);
  if (listed.length) return listed;
  const picks = await vscode.window.showQuickPick(
    ALL_KINDS.map((k) => ({ label: KIND_LABEL[k], backup: k, picked: k !== 'velero' || veleroInstalled, description: k === 'velero' && !veleroInstalled ? 'Velero is not installed' : undefined })),
    { canPickMany: true, title: 'The plan lists no backups (backups:): which to take now?', ignoreFocusOut: true },
  );
  return picks?.length ? picks.map((p) => p.backup) : undefined;
}

/** The export's root: the plan's `backups.manifestExport.path` (relative to the plan, default ./backups), inside the workspace folder. */
function exportRoot(session: PlanSession, plan: UpgradePlan): { root: string } | Refusal {
  const folder = vscode.workspace.getWorkspaceFolder(session.uri);
  if (!folder || session.uri.scheme !== 'file') return { reason: 'The plan is not in a workspace folder, so there is nowhere to export to.' };
  const rel = typeof plan.backups?.manifestExport?.path === 'string' ? plan.backups.manifestExport.path : './backups';
  const root = path.resolve(path.dirname(session.uri.fsPath), rel);
  const base = path.resolve(folder.uri.fsPath);
  if (root !== base && !root.startsWith(base + path.sep)) return { reason: `backups.manifestExport.path "${rel.slice(0, 120)}" leads outside the workspace folder ${base}.`, fixHint: 'Use a folder inside the workspace, e.g. ./backups.' };
  return { root };
}

function prepareAll(layer: KubeLayer, session: PlanSession, plan: UpgradePlan, kinds: readonly BackupKind[]): ({ kind: BackupKind; prepared: ReturnType<KubeLayer['prepareEtcdSnapshot']>; folder?: string } | { kind: BackupKind; refusal: Refusal })[] {
  return kinds.map((kind) => {
    if (kind === 'etcd-snapshot') return { kind, prepared: layer.prepareEtcdSnapshot(session.client, session.snapshot, plan) };
    if (kind === 'velero') return { kind, prepared: layer.prepareVeleroBackup(session.client, session.snapshot, plan) };
    const where = exportRoot(session, plan);
    if (!('root' in where)) return { kind, refusal: where };
    const prepared = layer.prepareManifestExport(session.client, nodeExportFiles(where.root), session.snapshot, plan);
    return { kind, prepared, folder: path.join(where.root, ...prepared.folder.split('/')) };
  });
}

function refOf(w: PlannedWrite): DryRunWrite['object'] {
  const meta = (w.body as { kind?: string; metadata?: { name?: string; generateName?: string } });
  return { kind: meta.kind ?? w.resource.resource, name: meta.metadata?.name ?? meta.metadata?.generateName ?? '', ...(w.resource.namespace ? { namespace: w.resource.namespace } : {}) };
}

/** Runs prepared backups one after the other (stops at an abort), recording each in the journal. */
async function runBackups(s: Services, session: PlanSession, prepared: readonly PreparedBackup[], already: readonly BackupResult[], signal: AbortSignal, say: (m: string) => void): Promise<BackupResult[]> {
  const out: BackupResult[] = [...already];
  for (const p of prepared) {
    if (signal.aborted) break;
    const r = await p.run(signal, (m) => say(m.message));
    out.push(r);
    await record(s, session, { type: 'backup', ...r });
    s.log[r.status === 'verified' ? 'info' : 'warn'](`${ACTION} ${session.live.context}: ${KIND_LABEL[r.kind]} ${r.status}: ${r.reason}`);
  }
  return out;
}

/** All verified: the checklist's "backups verified" is ticked by the tool with the proof. */
async function tickBackupsVerified(s: Services, session: PlanSession, results: readonly BackupResult[]): Promise<boolean> {
  const proof = results.map((r) => `${KIND_LABEL[r.kind]}: ${r.reason}`).join('; ');
  const edit = await changeChecklist(session.uri, (p, tick) => backupPatches(p, proof, tick));
  if (!edit.ok) s.log.warn(`${ACTION}: the checklist was not ticked: ${edit.error}`);
  return edit.ok;
}

/**
 * The backup phase of a run (already confirmed with the run): the plan's backups (or those `kinds`), dry-run,
 * taken, verified and recorded; `done` only when every one verified.
 */
export async function backupPhase(s: Services, session: PlanSession, plan: UpgradePlan, kinds: readonly BackupKind[], signal: AbortSignal, say: (m: string) => void): Promise<{ outcome: 'done' | 'failed'; reason: string }> {
  const layer = await kubeLayer();
  const prepared = prepareAll(layer, session, plan, kinds);
  const refused = prepared.find((p): p is Extract<Prepared, { refusal: Refusal }> => 'refusal' in p);
  if (refused) return { outcome: 'failed', reason: refused.refusal.reason };
  const ready = prepared.filter((p): p is Extract<Prepared, { prepared: unknown }> => 'prepared' in p).map((p) => p.prepared);
  const results = await runBackups(s, session, ready.filter((p) => !p.blocked), ready.flatMap((p) => (p.blocked ? [p.blocked] : [])), signal, say);
  const failed = results.filter((r) => r.status !== 'verified');
  if (failed.length || results.length < kinds.length) {
    return { outcome: 'failed', reason: failed.length ? failed.map((r) => `${KIND_LABEL[r.kind]}: ${r.reason}`).join('; ') : 'cancelled before every backup was taken' };
  }
  await tickBackupsVerified(s, session, results);
  return { outcome: 'done', reason: results.map((r) => `${KIND_LABEL[r.kind]}: ${r.reason}`).join('; ') };
}

/**
 * Back Up Before Upgrading…: the backups the plan lists (etcd snapshot, Velero backup, manifest
 * export) on the cluster it is pinned to. Guard rails first (trusted workspace, plan inside it, the
 * pinned cluster by URL and kube-system UID); every write is sent as a dry run and can be seen as a
 * diff; the confirmation names the context and the cluster (typed for a protected context). Each
 * backup is waited for and verified; results go to the journal, and when all are verified the plan's
 * checklist item "backups verified" is ticked by the tool with their evidence.
 */
export async function backUp(s: Services, arg: unknown): Promise<BackupOutcome> {
  try {
    const session = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: 'Back up: reading the plan and its cluster…' }, () => openPlanSession(s, arg, 'write'));
    if (!session.ok) return { ran: false, reason: showRefusal(s, ACTION, session.error).reason };
    const plan = session.value.plan;
    if (!plan) return { ran: false, reason: showRefusal(s, ACTION, { reason: 'The plan has errors (syntax or schema), so its backups cannot be read.', fixHint: 'Fix the errors the Problems view lists, then try again.' }).reason };
    const kinds = await chooseKinds(plan, arg, session.value.snapshot.components.velero.state === 'ok');
    if (!kinds) return { ran: false, reason: 'no backup chosen' };
    const layer = await kubeLayer();
    const prepared = prepareAll(layer, session.value, plan, kinds);
    const refused = prepared.find((p): p is Extract<Prepared, { refusal: Refusal }> => 'refusal' in p);
    if (refused) return { ran: false, reason: showRefusal(s, ACTION, refused.refusal).reason };
    const ready = prepared.filter((p): p is Extract<Prepared, { prepared: unknown }> => 'prepared' in p);
    const blocked = ready.filter((p) => p.prepared.blocked);
    const runnable = ready.filter((p) => !p.prepared.blocked);
    for (const b of blocked) {
      s.log.warn(`${ACTION}: ${KIND_LABEL[b.kind]} cannot be taken: ${b.prepared.blocked?.reason ?? ''}`);
    }
    if (!runnable.length) {
      const results = blocked.map((b) => b.prepared.blocked as BackupResult);
      for (const r of results) await record(s, session.value, { type: 'backup', ...r });
      void vscode.window.showErrorMessage(`${ACTION}: ${results.map((r) => `${KIND_LABEL[r.kind]}: ${r.reason}${r.fixHint ? ` ${r.fixHint}` : ''}`).join(' ')}`);
      return { ran: true, results, ticked: false };
    }

    // Every write first as a server-side dry run: a refusal (a missing permission, a webhook) stops here.
    const writes = runnable.flatMap((p) => p.prepared.writes);
    const dry = await layer.dryRunWrites(session.value.client, writes);
    const purpose = `back up (${runnable.map((p) => KIND_LABEL[p.kind]).join(', ')})`;
    if (!dry.ok) {
      const message = `${describeApiError(dry.error.error)} — ${dry.error.error.message}`;
      await record(s, session.value, { type: 'dry-run', purpose, writes: writes.map((w) => (w === dry.error.write ? { description: w.description, object: refOf(w), outcome: 'refused', message } : { description: w.description, object: refOf(w), outcome: 'accepted' })) });
      return { ran: false, reason: showRefusal(s, ACTION, { reason: `the API server refused "${dry.error.write.description}" (dry run, nothing was changed): ${message}`, fixHint: 'The Preflight permission check names what these credentials lack.' }).reason };
    }
    await record(s, session.value, { type: 'dry-run', purpose, writes: writes.map((w) => ({ description: w.description, object: refOf(w), outcome: 'accepted' })) });

    const exportFolder = runnable.find((p) => p.folder)?.folder;
    const detail = [
      ...writes.map((w) => `• ${w.description}`),
      ...(exportFolder ? [`• export manifests to ${vscode.workspace.asRelativePath(exportFolder)} with SHA256SUMS${plan.backups?.manifestExport?.includeSecrets ? ' (Secrets included, files mode 0600)' : ''}`] : []),
      ...blocked.map((b) => `• not possible: ${KIND_LABEL[b.kind]} — ${b.prepared.blocked?.reason ?? ''}`),
      '',
      'Every write was accepted by a server-side dry run.',
    ].join('\n');
    const answer = await confirmOnCluster(`Take ${runnable.map((p) => KIND_LABEL[p.kind]).join(', ')} for plan "${session.value.planName}"`, session.value.live, {
      confirmLabel: 'Back Up',
      detail,
      ...(dry.value.length ? { showDiff: async () => { for (const a of dry.value) await s.dryRuns.showDiff(a.write.description, a.write.current, a.server); } } : {}),
    });
    await record(s, session.value, { type: 'decision', action: purpose, outcome: answer });
    if (answer !== 'confirmed') return { ran: false, reason: 'declined' };

    const results = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Backing up ${session.value.live.context}`, cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          return await runBackups(s, session.value, runnable.map((p) => p.prepared), blocked.map((b) => b.prepared.blocked as BackupResult), abort.signal, (m) => progress.report({ message: m }));
        } finally {
          sub.dispose();
        }
      },
    );
    const notRun = runnable.filter((p) => !results.some((r) => r.kind === p.kind)).map((p) => KIND_LABEL[p.kind]);
    const allVerified = results.length === kinds.length && results.every((r) => r.status === 'verified');
    const ticked = allVerified && (await tickBackupsVerified(s, session.value, results));
    const lines = results.map((r) => `${KIND_LABEL[r.kind]} ${r.status === 'verified' ? 'verified' : 'FAILED'}: ${r.reason}`);
    if (notRun.length) lines.push(`not taken (cancelled): ${notRun.join(', ')}`);
    const show = allVerified ? vscode.window.showInformationMessage : vscode.window.showErrorMessage;
    void show(`${ACTION} ${session.value.live.context}: ${lines.join(' · ')}${ticked ? ' — checklist item "backups verified" ticked' : ''}`, 'Show Log').then((c) => {
      if (c) s.log.show();
    });
    return { ran: true, results: results.map((r) => ({ kind: r.kind, status: r.status, reason: r.reason, evidence: r.evidence })), ticked };
  } catch (e) {
    s.log.error(`${ACTION}: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(`${ACTION} failed: ${errorMessage(e)}`);
    return { ran: false, reason: errorMessage(e) };
  }
}

/** What Dry Run returns: each write and what the API server answered. */
export type DryRunOutcome =
  | { readonly ran: true; readonly writes: readonly DryRunWrite[]; readonly diffs: number }
  | { readonly ran: false; readonly reason: string };

/** The writes a run of `plan` makes on this cluster (core/run plannedRunWrites), as a dry run would send them. */
function runWritesOf(plan: UpgradePlan, snapshot: PlanSession['snapshot']): Result<RunWrite[]> {
  const runId = makeRunId(new Date().toISOString(), 'dryrun');
  if (!runId.ok) return runId;
  const w = plannedRunWrites(plan, snapshot, runId.value);
  return w.ok ? ok(w.value.map((x) => x.write)) : w;
}

/**
 * Dry Run: every object the plan would create or patch — the backup phase (etcd snapshot Job, Velero
 * Backup), the system-upgrade-controller Plans of every K3s phase, the Rook operator and Ceph image
 * patches — sent to the API server with `dryRun=All` (nothing is stored) and shown as diffs (current ↔
 * the server's answer).
 */
export async function dryRun(s: Services, arg: unknown): Promise<DryRunOutcome> {
  try {
    const session = await openPlanSession(s, arg, 'read');
    if (!session.ok) return { ran: false, reason: showRefusal(s, 'Dry run', session.error).reason };
    const plan = session.value.plan;
    if (!plan) return { ran: false, reason: showRefusal(s, 'Dry run', { reason: 'The plan has errors (syntax or schema): fix them first.' }).reason };
    // The run's own writes are built first: a plan the run would refuse (an upgrade image not pinned, a hop it cannot run) sends nothing.
    const run = runWritesOf(plan, session.value.snapshot);
    if (!run.ok) return { ran: false, reason: showRefusal(s, 'Dry run', { reason: `the run's writes cannot be built: ${run.error}` }).reason };
    const layer = await kubeLayer();
    const listed = ALL_KINDS.filter((k) => k !== 'manifest-export' && plan.backups?.[PLAN_KEY[k]] !== undefined);
    const kinds = listed.length ? listed : (['etcd-snapshot'] as BackupKind[]);
    const prepared = prepareAll(layer, session.value, plan, kinds).flatMap((p) => ('prepared' in p ? [p.prepared] : []));
    const out: DryRunWrite[] = [];
    let diffs = 0;
    for (const w of prepared.flatMap((p) => p.writes)) {
      const one = await layer.dryRunWrites(session.value.client, [w]);
      if (one.ok) {
        out.push({ description: w.description, object: refOf(w), outcome: 'accepted' });
        await s.dryRuns.showDiff(w.description, w.current, one.value[0].server);
        diffs++;
      } else {
        out.push({ description: w.description, object: refOf(w), outcome: 'refused', message: `${describeApiError(one.error.error)} — ${one.error.error.message}` });
      }
    }
    // The run's own writes: the system-upgrade-controller Plans of every K3s phase, the Rook operator and Ceph image patches.
    for (const w of run.value) {
      const one = await layer.sendWrite(session.value.client, w, true);
      if (!one.ok) {
        out.push({ description: w.description, object: w.object, outcome: 'refused', message: `${describeApiError(one.error)} — ${one.error.message}` });
        continue;
      }
      out.push({ description: w.description, object: w.object, outcome: 'accepted' });
      const current = w.verb === 'create' ? undefined : await session.value.client.getObject<object>(w.resource, w.object.name);
      await s.dryRuns.showDiff(w.description, current?.ok ? current.value : undefined, one.value.object ?? {});
      diffs++;
    }
    for (const p of prepared) if (p.blocked) s.log.warn(`Dry run: ${KIND_LABEL[p.kind]}: ${p.blocked.reason}`);
    await record(s, session.value, { type: 'dry-run', purpose: 'dry run of the plan\'s writes', writes: out });
    const refusedCount = out.filter((w) => w.outcome === 'refused').length;
    const text = `Dry run on ${session.value.live.context}: ${out.length - refusedCount} of ${out.length} writes accepted, nothing changed${refusedCount ? ` — refused: ${out.filter((w) => w.outcome === 'refused').map((w) => `${w.description} (${w.message ?? ''})`).join('; ')}` : ''}.`;
    s.log.info(text);
    void (refusedCount ? vscode.window.showWarningMessage(text) : vscode.window.showInformationMessage(text));
    return { ran: true, writes: out, diffs };
  } catch (e) {
    s.log.error(`Dry run: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(`Dry run failed: ${errorMessage(e)}`);
    return { ran: false, reason: errorMessage(e) };
  }
}

/** Spread into the command table; the plan CodeLenses "Dry run" and "Back up" come with them. */
export const backupCommands: CommandTable = {
  'upgradePlanner.dryRun': {
    run: (s, arg) => dryRun(s, arg),
    planLens: { title: 'Dry run', icon: 'diff', tooltip: 'Send every write of the plan to the API server as a dry run (dryRun=All) and show the diffs; nothing changes' },
  },
  'upgradePlanner.backup': {
    run: (s, arg) => backUp(s, arg),
    planLens: { title: 'Back up', icon: 'archive', tooltip: 'Take and verify the plan\'s backups (etcd snapshot, Velero, manifest export) on its cluster, after a dry run and your confirmation' },
  },
};
