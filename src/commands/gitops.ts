import * as vscode from 'vscode';
import { openPlanSession, showRefusal } from '../actions/planSession';
import { errorMessage } from '../common/result';
import { gitopsManifests, makeRunId, plannedRunWrites, runPhases, safeSegment } from '../core/run';
import type { Services } from '../services';
import type { CommandTable } from './types';

const ACTION = 'Export for GitOps';

export type GitOpsOutcome = { readonly ran: true; readonly folder: string; readonly files: readonly string[] } | { readonly ran: false; readonly reason: string };

/** `20261127-214800`: the export folder's suffix. */
const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);

/**
 * Export for GitOps: instead of applying, the run's own writes (the system-upgrade-controller Plans of every
 * K3s phase, the Rook operator and Ceph image patches) as manifests in a new folder beside the plan
 * (`gitops/<plan>-<time>/hop-N-…/`), with a README giving the order, the manual Rook CRDs step and the gates
 * to wait for, for clusters that change only through git (Flux, Argo CD). Reads the pinned cluster (the
 * Plans name its nodes and namespaces); writes only files, never to the cluster; refused in an untrusted workspace.
 */
export async function exportGitOps(s: Services, arg: unknown): Promise<GitOpsOutcome> {
  try {
    if (!vscode.workspace.isTrusted) return { ran: false, reason: showRefusal(s, ACTION, { reason: 'the workspace is not trusted: nothing is written to it.' }).reason };
    const session = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${ACTION}: reading the plan and its cluster…` }, () => openPlanSession(s, arg, 'read'));
    if (!session.ok) return { ran: false, reason: showRefusal(s, ACTION, session.error).reason };
    const { plan, snapshot, uri, planName } = session.value;
    if (!plan) return { ran: false, reason: showRefusal(s, ACTION, { reason: 'The plan has errors (syntax or schema): fix them first.' }).reason };
    const now = new Date();
    const runId = makeRunId(now.toISOString(), 'gitops');
    if (!runId.ok) return { ran: false, reason: showRefusal(s, ACTION, { reason: runId.error }).reason };
    const phases = runPhases(plan, snapshot);
    const writes = plannedRunWrites(plan, snapshot, runId.value);
    const files = phases.ok && writes.ok ? gitopsManifests(planName, writes.value, phases.value) : { ok: false as const, error: !phases.ok ? phases.error : !writes.ok ? writes.error : '' };
    if (!files.ok) return { ran: false, reason: showRefusal(s, ACTION, { reason: files.error }).reason };
    const folder = vscode.Uri.joinPath(uri, '..', 'gitops', `${safeSegment(planName)}-${stamp(now)}`);
    for (const f of files.value) {
      const target = vscode.Uri.joinPath(folder, ...f.path.split('/'));
      await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(target, '..'));
      await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(f.text));
    }
    const rel = vscode.workspace.asRelativePath(folder);
    s.log.info(`${ACTION}: ${files.value.length} files in ${rel} (run id ${runId.value} on the Plans' labels)`);
    await vscode.window.showTextDocument(vscode.Uri.joinPath(folder, 'README.md'), { preview: false });
    void vscode.window.showInformationMessage(`${ACTION}: ${files.value.length - 1} manifests and a README in ${rel}. Nothing was sent to the cluster.`);
    return { ran: true, folder: rel, files: files.value.map((f) => f.path) };
  } catch (e) {
    s.log.error(`${ACTION}: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(`${ACTION} failed: ${errorMessage(e)}`);
    return { ran: false, reason: errorMessage(e) };
  }
}

export const gitopsCommands: CommandTable = {
  'upgradePlanner.exportGitOps': { run: (s, arg) => exportGitOps(s, arg) },
};
