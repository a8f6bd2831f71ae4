import { until } from './until';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension } from './manifest';

const VIEW_TYPE = 'upgradePlanner.releaseNotes';

/** The open tabs showing a Release Notes webview (VS Code prefixes the view type of a webview tab input). */
function releaseNotesTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith(VIEW_TYPE));
}

describe('Release Notes webview', () => {
  const plan = (): vscode.Uri => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the editor tier opens test/workspace');
    return vscode.Uri.joinPath(folder.uri, 'plans/valid.upgradeplan.yaml');
  };

  before(async () => {
    await activeExtension();
  });

  after(async () => {
    for (const t of releaseNotesTabs()) await vscode.window.tabGroups.close(t);
  });

  it('opens one panel for a plan, titled by the plan, and reuses it when opened again', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('upgradePlanner.showReleaseNotes', plan());
    assert.ok(panel, 'the command returns its panel');
    const tab = await until('the Release Notes tab', () => releaseNotesTabs().find((t) => t.label === 'Release Notes: prod-k3s-1-33'));
    assert.ok(tab.input instanceof vscode.TabInputWebview);
    assert.equal(panel.viewType, VIEW_TYPE);
    assert.equal(panel.webview.options.enableScripts, true);
    const roots = (panel.webview.options.localResourceRoots ?? []).map((u) => u.path);
    assert.equal(roots.length, 2, roots.join(', '));
    assert.ok(roots.some((p) => p.endsWith('/dist/webviews')) && roots.some((p) => p.endsWith('/media')), roots.join(', '));
    assert.match(panel.webview.html, /default-src 'none'/);
    // The page's script ran under the CSP, got the body from the host and rendered its items.
    const api = (await activeExtension()).exports as { releaseNotesRendered(title: string): number | undefined };
    const items = await until('the page to render the notes', () => api.releaseNotesRendered(panel.title), 30_000);
    assert.ok(items > 100, `the page shows ${items} items`);
    const again = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('upgradePlanner.showReleaseNotes', plan());
    assert.equal(again, panel, 'the same ranges reveal the same panel');
    assert.equal(releaseNotesTabs().filter((t) => t.label === 'Release Notes: prod-k3s-1-33').length, 1);
  });

  it('opens a range given as { component, from, to }', async () => {
    const panel = await vscode.commands.executeCommand<vscode.WebviewPanel | undefined>('upgradePlanner.showReleaseNotes', { component: 'rook', from: 'v1.14.12', to: 'v1.15.9' });
    assert.ok(panel);
    assert.equal(panel.title, 'Release Notes: Rook v1.14.12 → v1.15.9');
    await until('the Rook tab', () => releaseNotesTabs().find((t) => t.label === panel.title));
  });

  it('the plan CodeLens lists "Release notes"', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', plan());
    const lens = lenses.find((l) => l.command?.command === 'upgradePlanner.showReleaseNotes');
    assert.ok(lens?.command, lenses.map((l) => l.command?.title).join(', '));
    assert.equal(lens.command.title, '$(book) Release notes');
    assert.equal(String(lens.command.arguments?.[0]), String(plan()));
  });
});
