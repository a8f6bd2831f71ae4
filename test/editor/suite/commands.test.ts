import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension, manifestOf } from './manifest';

const PREFIX = 'upgradePlanner.';

describe('commands', () => {
  it('registers every command of package.json, and package.json declares every registered command', async () => {
    const manifest = manifestOf(await activeExtension());
    const declared = manifest.contributes.commands.map((c) => c.command).sort();
    // VS Code itself registers `<viewId>.focus`, `<viewId>.resetViewLocation`, … for each view.
    const viewIds = Object.values(manifest.contributes.views).flat().map((v) => v.id);
    const registered = (await vscode.commands.getCommands(true))
      .filter((c) => c.startsWith(PREFIX) && !viewIds.some((v) => c.startsWith(`${v}.`)))
      .sort();
    assert.deepEqual(registered, declared);
  });

  it('runs the commands that need no input', async () => {
    await activeExtension();
    await vscode.commands.executeCommand('upgradePlanner.refreshClusters');
    await vscode.commands.executeCommand('upgradePlanner.showLog');
  });
});
