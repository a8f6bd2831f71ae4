import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension } from './manifest';

/** What the checklist commands return: the plan's checklist after the edit (core/plans ChecklistEntry, the fields used here). */
interface Entry {
  readonly id: string;
  readonly status: string;
  readonly detail: string;
  readonly children?: readonly Entry[];
}

const all = (list: readonly Entry[]): Entry[] => list.flatMap((e) => [e, ...(e.children ?? [])]);

describe('Checklist', () => {
  let doc: vscode.TextDocument;
  let original: string;

  before(async () => {
    await activeExtension();
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'the editor tier opens test/workspace');
    doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, 'plans/valid.upgradeplan.yaml'));
    original = doc.getText();
  });

  /** The workspace file must stay as it was: discard the unsaved edit. */
  async function revert(): Promise<void> {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    assert.equal(doc.getText(), original);
    assert.equal(doc.isDirty, false);
  }

  afterEach(async () => {
    if (doc.isDirty) await revert();
  });

  after(async () => {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('the view is contributed beside the Clusters view and the plan CodeLens shows it', async () => {
    await vscode.window.showTextDocument(doc);
    await vscode.commands.executeCommand('upgradePlanner.showChecklist', doc.uri);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', doc.uri);
    assert.ok(lenses.some((l) => l.command?.command === 'upgradePlanner.showChecklist' && l.command.title === '$(checklist) Checklist'), lenses.map((l) => l.command?.title).join(', '));
  });

  it('toggling an item edits the plan file\'s checklist, keeping the rest byte for byte; revert restores it', async () => {
    await vscode.window.showTextDocument(doc);
    const entries = await vscode.commands.executeCommand<Entry[] | undefined>('upgradePlanner.toggleChecklistItem', { uri: doc.uri, id: 'monitoring-ready', ticked: true });
    assert.ok(entries, 'the command returns the checklist');
    assert.equal(all(entries).find((e) => e.id === 'monitoring-ready')?.status, 'done');
    const text = doc.getText();
    assert.ok(doc.isDirty, 'an edit, not a save: undo and git see it');
    const at = original.indexOf('  - id: monitoring-ready');
    assert.equal(text.slice(0, at), original.slice(0, at), 'everything before the item is unchanged');
    const tail = original.slice(original.indexOf('  - id: phased-rollout'));
    assert.ok(text.endsWith(tail), 'everything after the item is unchanged');
    assert.match(text.slice(at), /^ {2}- id: monitoring-ready\n {4}title: Monitoring and alerting watched during the upgrade\n {4}state: done\n {4}required: true\n {4}by: .+\n {4}at: "\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ"\n {2}- id: phased-rollout/);
    await revert();
  });

  it('"Mark reviewed" (the command the Release Notes page uses) records the exact range and the item shows verified', async () => {
    const entries = await vscode.commands.executeCommand<Entry[] | undefined>('upgradePlanner.markReleaseNotesReviewed', { uri: doc.uri, component: 'k3s', from: 'v1.30.4+k3s1', to: 'v1.33.7+k3s3' });
    assert.ok(entries);
    const k3s = all(entries).find((e) => e.id === 'release-notes-k3s');
    assert.equal(k3s?.status, 'verified');
    assert.match(k3s.detail, /^reviewed v1\.30\.4\+k3s1 → v1\.33\.7\+k3s3 by .+ on \d{4}-\d\d-\d\d$/);
    assert.match(doc.getText(), / {2}- id: release-notes-k3s\n {4}title: K3s release notes reviewed\n {4}state: done\n {4}required: true\n {4}evidence: "reviewed v1\.30\.4\+k3s1 → v1\.33\.7\+k3s3"\n/);
    // A page showing another range than the plan's now cannot record it.
    const stale = await vscode.commands.executeCommand<Entry[] | undefined>('upgradePlanner.markReleaseNotesReviewed', { uri: doc.uri, component: 'rook', from: 'v1.14.12', to: 'v1.15.9' });
    assert.equal(stale, undefined);
    await revert();
  });
});
