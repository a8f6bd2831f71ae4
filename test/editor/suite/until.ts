import * as vscode from 'vscode';

/** Waits for a condition instead of sleeping a fixed time: polls every 50 ms until `fn` gives a value, or fails after `timeoutMs`. */
export async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Closes every editor without saving: dirty documents are reverted first. `workbench.action.closeAllEditors`
 * asks what to do with a dirty one, and the test host answers its first button (Save): a document another test
 * left dirty (a revert that lost a race on a loaded machine) would be written into the test workspace.
 */
export async function closeAllEditorsDiscarding(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments.filter((d) => d.isDirty)) {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}
