import * as vscode from 'vscode';
import { openPlanFile, openPlanSession, planUriOf, showRefusal } from '../actions/planSession';
import { type Result, errorMessage, ok } from '../common/result';
import { PIN_COMMAND_ID, PIN_COMMAND_TITLE, type UpgradeImage, pinDigestsEdit, upgradeImagesOf } from '../core/images';
import { runPhases } from '../core/run';
import { resolveDigest } from '../images/registry';
import type { Services } from '../services';
import type { CommandTable } from './types';

const ACTION = PIN_COMMAND_TITLE;

export type PinOutcome = { readonly ran: true; readonly digests: Readonly<Record<string, string>> } | { readonly ran: false; readonly reason: string };

/**
 * Pin Upgrade Images by Digest: resolves every upgrade image the plan's hops pull (rancher/k3s-upgrade for
 * K3s, the Rook operator and Ceph images) to its digest in its registry (or the mirror upgradePlanner.registryMirrors
 * names), then writes `images.pinByDigest: true` and the digests into the plan, the rest of the file unchanged.
 * K3s images follow from the hops; the Rook and Ceph images from the cluster's own repositories, so a plan with
 * such hops reads its pinned cluster. One image that cannot be resolved stops it, naming the image and the
 * registry: nothing is written then. Refused in an untrusted workspace.
 */
export async function pinImageDigests(s: Services, arg: unknown): Promise<PinOutcome> {
  const refuse = (reason: string, fixHint?: string): PinOutcome => ({ ran: false, reason: showRefusal(s, ACTION, { reason, ...(fixHint ? { fixHint } : {}) }).reason });
  try {
    if (!vscode.workspace.isTrusted) return refuse('the workspace is not trusted: nothing is written to it.');
    const uri = planUriOf(arg);
    if (!uri) return refuse('Open a plan file (*.upgradeplan.yaml) first.');
    const file = await openPlanFile(s, uri);
    if (!file.ok) return refuse(file.error.reason);
    const { doc, plan } = file.value;
    if (!plan) return refuse('The plan has errors (syntax or schema): fix them first.');

    let images: UpgradeImage[];
    if (plan.hops.some((h) => h.component === 'rook' || h.component === 'ceph')) {
      const session = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: `${ACTION}: reading the cluster's Rook and Ceph images…` }, () => openPlanSession(s, uri, 'read'));
      if (!session.ok) return refuse(`the Rook and Ceph images come from the cluster's registry, and ${session.error.reason.charAt(0).toLowerCase()}${session.error.reason.slice(1)}`, session.error.fixHint);
      // The images to pin, whatever the plan pins now (a missing digest is what this command is for).
      const phases = runPhases({ ...plan, images: { pinByDigest: false } }, session.value.snapshot);
      if (!phases.ok) return refuse(phases.error);
      images = upgradeImagesOf(plan, phases.value);
    } else {
      images = upgradeImagesOf(plan);
    }
    if (!images.length) return refuse('the plan has no K3s, Rook or Ceph hop: there is no upgrade image to pin.');

    const mirrors = vscode.workspace.getConfiguration('upgradePlanner').get<Record<string, unknown>>('registryMirrors') ?? {};
    const resolved = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: ACTION, cancellable: true }, async (progress, token): Promise<Result<Record<string, string>>> => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      try {
        const out: Record<string, string> = {};
        for (const [i, image] of images.entries()) {
          progress.report({ message: `${image.ref} (${i + 1}/${images.length})`, increment: 100 / images.length });
          const d = await resolveDigest(image.ref, { mirrors, signal: abort.signal });
          if (!d.ok) return d;
          out[image.ref] = d.value;
        }
        return ok(out);
      } finally {
        sub.dispose();
      }
    });
    if (!resolved.ok) return refuse(`${resolved.error}. Nothing was written to the plan.`, resolved.error === 'cancelled' ? undefined : 'Check the registry (the log has details), or set a mirror in upgradePlanner.registryMirrors.');

    const text = doc.getText();
    const edited = pinDigestsEdit(text, resolved.value);
    if (!edited.ok) return refuse(edited.error);
    const { edit } = edited.value;
    const wasDirty = doc.isDirty;
    if (edit.range.start !== edit.range.end || edit.newText) {
      const we = new vscode.WorkspaceEdit();
      we.replace(uri, new vscode.Range(doc.positionAt(edit.range.start), doc.positionAt(edit.range.end)), edit.newText);
      if (!(await vscode.workspace.applyEdit(we))) return refuse('VS Code did not apply the edit to the plan (is the file read-only?).');
      // Saved unless the user had unsaved changes of their own (those stay theirs to save).
      if (!wasDirty) await doc.save();
    }
    for (const [ref, digest] of Object.entries(resolved.value)) s.log.info(`${ACTION}: ${ref} → ${digest}`);
    void vscode.window.showInformationMessage(`${ACTION}: ${images.length} image${images.length === 1 ? '' : 's'} pinned in ${vscode.workspace.asRelativePath(uri)} (images.digests); runs of the plan now pull them by digest.`);
    return { ran: true, digests: resolved.value };
  } catch (e) {
    s.log.error(`${ACTION}: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(`${ACTION} failed: ${errorMessage(e)}`);
    return { ran: false, reason: errorMessage(e) };
  }
}

export const imageCommands: CommandTable = {
  [PIN_COMMAND_ID]: { run: (s, arg) => pinImageDigests(s, arg) },
};
