import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, manifestOf } from './manifest';

describe('plan CodeLens', () => {
  it('shows only lenses of registered plan commands, never a stand-in', async () => {
    const manifest = manifestOf(await activeExtension());
    const declared = new Set(manifest.contributes.commands.map((c) => c.command));
    const registered = new Set(await vscode.commands.getCommands(true));
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the editor tier opens test/workspace');
    const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'plans/valid.upgradeplan.yaml'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    // Each lens comes with its command from the command table: declared in package.json and registered.
    const commands = lenses.flatMap((l) => (l.command ? [l.command.command] : []));
    for (const c of commands) {
      assert.ok(declared.has(c) && registered.has(c), `lens command ${c} is not a registered command of package.json`);
    }
    assert.equal(commands.length, lenses.length, 'every lens has a command');
  });
});
