import * as vscode from 'vscode';
import { type LiveCluster, confirmationFor, confirmationTyped, contextProtection } from '../core/preflight';

/** What the user answered: go ahead, look at the dry-run diff first, or stop. */
export type ConfirmAnswer = 'confirmed' | 'declined';

export interface ConfirmOptions {
  /** The button that goes ahead: `Take Backups`. */
  readonly confirmLabel: string;
  /** What will change, listed (the modal's detail). */
  readonly detail: string;
  /** Shows the dry-run diffs; offered as a button until the user confirms or declines. */
  readonly showDiff?: () => Promise<void>;
}

/**
 * The confirmation every change to a cluster passes: a modal that names the action, the context and the
 * cluster (server and kube-system UID), with a button to see the dry-run diff first; then, for a context
 * matching `upgradePlanner.protectedContexts`, the context name typed. Anything else declines.
 */
export async function confirmOnCluster(action: string, live: LiveCluster, o: ConfirmOptions): Promise<ConfirmAnswer> {
  const pattern = vscode.workspace.getConfiguration('upgradePlanner').get<string>('protectedContexts') ?? '';
  const protection = contextProtection(pattern, live.context);
  const c = confirmationFor(action, live, protection);
  const diffLabel = 'Show Dry-Run Diff';
  for (;;) {
    const buttons = o.showDiff ? [o.confirmLabel, diffLabel] : [o.confirmLabel];
    const choice = await vscode.window.showWarningMessage(c.message, { modal: true, detail: o.detail }, ...buttons);
    if (choice === diffLabel && o.showDiff) {
      await o.showDiff();
      continue;
    }
    if (choice !== o.confirmLabel) return 'declined';
    break;
  }
  if (c.typeToConfirm === undefined) return 'confirmed';
  const typed = await vscode.window.showInputBox({
    title: c.message,
    prompt: c.prompt,
    placeHolder: c.typeToConfirm,
    ignoreFocusOut: true,
    validateInput: (v) => (confirmationTyped(c, v) ? undefined : `Type ${c.typeToConfirm} to confirm.`),
  });
  return confirmationTyped(c, typed) ? 'confirmed' : 'declined';
}
