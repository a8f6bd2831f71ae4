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

  it('Find Staging Evidence: a staging plan\'s journal with a run that succeeded through the same hops ticks "tested on staging", naming the run and the journal', async () => {
    const folder = vscode.workspace.workspaceFolders![0].uri;
    const stagingPlan = vscode.Uri.joinPath(folder, 'plans', 'staging-copy.upgradeplan.yaml');
    const journal = vscode.Uri.joinPath(folder, 'plans', 'staging-copy.journal.jsonl');
    const config = vscode.workspace.getConfiguration('upgradePlanner');
    // The same hops as valid.upgradeplan.yaml, read from it (so the test follows the file).
    const hops = [...original.matchAll(/- component: (\w+)\n {4}version: (\S+)/g)].map((m) => ({ component: m[1], version: m[2] }));
    assert.ok(hops.length >= 2, 'the plan has hops');
    const base = { plan: 'staging-copy', cluster: { context: 'staging-k3s', server: 'https://staging.example:6443', kubeSystemUID: 'uid-staging' }, runId: '20261120-090000-abcdef' };
    const phases = hops.map((h, i) => ({ id: `hop-${i + 1}/x`, kind: h.component === 'k3s' ? 'k3s-servers' : h.component === 'rook' ? 'rook-operator' : 'ceph-image', title: `${h.component} ${h.version}` }));
    const lines = [
      { ...base, at: '2026-11-20T09:00:00Z', type: 'run-started', phases, nodes: [] },
      ...hops.map((h, i) => ({ ...base, at: '2026-11-20T09:10:00Z', type: 'phase-started', phaseId: phases[i].id, kind: phases[i].kind, hop: { index: i + 1, component: h.component, version: h.version } })),
      { ...base, at: '2026-11-20T11:00:00Z', type: 'run-finished', outcome: 'succeeded', reason: 'every phase done' },
    ];
    await vscode.workspace.fs.writeFile(stagingPlan, new TextEncoder().encode(original.replace(/contextName: prod-k3s/, 'contextName: staging-k3s').replace(/name: \S+/, 'name: staging-copy')));
    await vscode.workspace.fs.writeFile(journal, new TextEncoder().encode(lines.map((l) => `${JSON.stringify(l)}\n`).join('')));
    try {
      await config.update('stagingContexts', '', vscode.ConfigurationTarget.Global);
      const none = await vscode.commands.executeCommand<{ ticked: boolean; reason: string }>('upgradePlanner.findStagingEvidence', doc.uri);
      assert.equal(none.ticked, false);
      assert.match(none.reason, /stagingContexts is empty/);

      await config.update('stagingContexts', '^staging-', vscode.ConfigurationTarget.Global);
      const found = await vscode.commands.executeCommand<{ ticked: boolean; reason: string }>('upgradePlanner.findStagingEvidence', doc.uri);
      assert.equal(found.ticked, true, found.reason);
      assert.match(found.reason, /run 20261120-090000-abcdef of plan staging-copy on staging-k3s \(plans\/staging-copy\.journal\.jsonl\)/);
      assert.match(doc.getText(), / {2}- id: staging-tested\n(?: {4}.*\n)* {4}state: done\n(?: {4}.*\n)* {4}evidence: "?verified by the tool: run 20261120-090000-abcdef of plan staging-copy succeeded on staging context staging-k3s at 2026-11-20T11:00:00Z \(plans\/staging-copy\.journal\.jsonl\)/);
      await revert();

      // A run that went another way is no evidence.
      const other = lines.map((l) => (l.type === 'phase-started' && 'hop' in l && l.hop.index === 1 ? { ...l, hop: { ...l.hop, version: 'v1.30.9+k3s1' } } : l));
      await vscode.workspace.fs.writeFile(journal, new TextEncoder().encode(other.map((l) => `${JSON.stringify(l)}\n`).join('')));
      const no = await vscode.commands.executeCommand<{ ticked: boolean; reason: string }>('upgradePlanner.findStagingEvidence', doc.uri);
      assert.equal(no.ticked, false);
      assert.equal(doc.isDirty, false, 'nothing was written');
    } finally {
      await config.update('stagingContexts', undefined, vscode.ConfigurationTarget.Global);
      await vscode.workspace.fs.delete(stagingPlan);
      await vscode.workspace.fs.delete(journal);
    }
  });
});
