import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension } from './manifest';

/** Waits for a condition instead of sleeping a fixed time. */
async function until<T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the editor tier opens test/workspace');
  return vscode.Uri.joinPath(folder.uri, rel);
}

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

const ours = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Upgrade Planner');

describe('plan editing', () => {
  before(async () => {
    await activeExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('shows diagnostics at the expected ranges, and a quick fix removes the error', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('plans/errors.upgradeplan.yaml'));
    await vscode.window.showTextDocument(doc);
    const diags = await until('plan diagnostics', () => {
      const d = ours(doc.uri);
      return d.length >= 2 ? d : undefined;
    });
    const unknownKey = diags.find((d) => d.message.includes('Unknown key "soakTme"'));
    assert.ok(unknownKey, diags.map((d) => d.message).join('\n'));
    assert.equal(doc.getText(unknownKey.range), 'soakTme');
    const skipped = diags.find((d) => codeOf(d) === 'skipped-minor');
    assert.ok(skipped, diags.map((d) => `${codeOf(d)} ${d.message}`).join('\n'));
    assert.equal(doc.getText(skipped.range), 'v1.32.11+k3s3');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, skipped.range, vscode.CodeActionKind.QuickFix.value);
    const insert = actions.find((a) => a.title.startsWith('Insert the v1.31'));
    assert.ok(insert?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(insert.edit));
    await until('the skipped-minor error to go', () => (ours(doc.uri).some((d) => codeOf(d) === 'skipped-minor') ? undefined : true));
  });

  it('completion offers valid, reachable versions for a hop', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('plans/valid.upgradeplan.yaml'));
    await vscode.window.showTextDocument(doc);
    const offset = doc.getText().indexOf('    version: v1.31.10+k3s1') + '    version: '.length;
    const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, doc.positionAt(offset));
    const labels = list.items.map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.ok(labels.includes('v1.31.10+k3s1'), labels.slice(0, 20).join(', '));
    assert.ok(!labels.includes('v1.32.11+k3s3'), 'a version two minors ahead is not offered');
  });

  it('hover shows the field documentation', async () => {
    const doc = await vscode.workspace.openTextDocument(workspaceFile('plans/valid.upgradeplan.yaml'));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, doc.positionAt(doc.getText().indexOf('soakTime') + 2));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Wait between phases/);
  });

  it('New Plan from Cluster writes a plan that validates', async () => {
    const folder = workspaceFile('.test-output');
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('upgradePlanner.newPlanFromCluster', {
      contextName: 'editor-test',
      target: 'v1.33.7+k3s3',
      folder,
      cluster: { contextName: 'editor-test', server: 'https://127.0.0.1:6443', kubeSystemUID: '3f1c2b9a-6d1e-4c55-9a51-0d4e7e3b2c11', apiServerVersion: 'v1.30.4+k3s1', rookVersion: 'v1.14.9', cephVersion: 'v18.2.4', velero: false },
    });
    assert.ok(uri, 'the command returns the written plan');
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.match(doc.getText(), /kind: UpgradePlan/);
      await vscode.window.showTextDocument(doc);
      // A clean plan publishes no diagnostic, so there is no event to wait for: give validation (debounce 0) a moment.
      await new Promise((r) => setTimeout(r, 500));
      assert.deepEqual(ours(uri).map((d) => d.message), []);
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true });
    }
  });
});
