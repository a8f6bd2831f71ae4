import * as vscode from 'vscode';
import { type Result, errorMessage } from '../common/result';
import type { FolderReport } from '../integrity/verifyArtifacts';
import { verifyArtifactsFolder } from '../integrity/verifyArtifacts';
import type { Services } from '../services';
import type { CommandTable } from './types';

const ACTION = 'Verify K3s Artifacts';

export type VerifyOutcome = { readonly ran: true; readonly report: FolderReport } | { readonly ran: false; readonly reason: string };

function folderOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'object' && arg !== null && (arg as { folder?: unknown }).folder instanceof vscode.Uri) return (arg as { folder: vscode.Uri }).folder;
  return undefined;
}

/**
 * Verify K3s Artifacts: a folder of downloaded release artifacts (the k3s binary, the air-gap image tarballs)
 * checked against the release's sha256sum-<arch>.txt in it, before they go to air-gapped nodes. A file that
 * does not match is an error naming it; each verdict with both digests goes to the log.
 */
export async function verifyArtifacts(s: Services, arg: unknown): Promise<VerifyOutcome> {
  try {
    const folder = folderOf(arg) ?? (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, openLabel: 'Verify', title: 'The folder with the K3s artifacts and sha256sum-<arch>.txt' }))?.[0];
    if (!folder) return { ran: false, reason: 'no folder chosen' };
    if (folder.scheme !== 'file') return { ran: false, reason: 'only a folder on this machine can be verified' };
    const r = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: ACTION, cancellable: true }, (progress, token): Promise<Result<FolderReport>> => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      return verifyArtifactsFolder(folder.fsPath, (f) => progress.report({ message: `hashing ${f}` }), abort.signal).finally(() => {
        sub.dispose();
      });
    });
    if (!r.ok) {
      s.log.warn(`${ACTION} ${folder.fsPath}: ${r.error}`);
      void vscode.window.showErrorMessage(`${ACTION}: ${r.error}`);
      return { ran: false, reason: r.error };
    }
    for (const v of r.value.verdicts) s.log[v.status === 'mismatch' ? 'error' : 'info'](`${ACTION}: ${v.file}: ${v.status} (sha256 ${v.actual}${v.expected && v.expected !== v.actual ? `, expected ${v.expected}` : ''})`);
    const text = `${ACTION} (${r.value.sumsFiles.join(', ')}): ${r.value.summary}`;
    void (r.value.ok ? vscode.window.showInformationMessage(text) : vscode.window.showErrorMessage(text, 'Show Log').then((c) => {
      if (c) s.log.show();
    }));
    return { ran: true, report: r.value };
  } catch (e) {
    s.log.error(`${ACTION}: ${errorMessage(e)}`);
    return { ran: false, reason: errorMessage(e) };
  }
}

export const integrityCommands: CommandTable = {
  'upgradePlanner.verifyArtifacts': { run: (s, arg) => verifyArtifacts(s, arg) },
};
