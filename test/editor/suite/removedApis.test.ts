import { until as untilBase } from './until';
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { activeExtension } from './manifest';

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the editor tier opens test/workspace');
  return vscode.Uri.joinPath(folder.uri, rel);
}

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));
const removedApis = (uri: vscode.Uri): vscode.Diagnostic[] =>
  vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Upgrade Planner' && /^(removed|deprecated)-api$/.test(codeOf(d)));

const until = <T>(what: string, fn: () => T | undefined | Promise<T | undefined>, timeoutMs = 20_000): Promise<T> => untilBase(what, fn, timeoutMs);

describe('removed APIs in workspace manifests', () => {
  before(async () => {
    await activeExtension();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  it('flags an extensions/v1beta1 Ingress in a file never opened, and the hover lists the field changes', async () => {
    const uri = workspaceFile('manifests/ingress-v1beta1.yaml');
    // Found by the background workspace scan: the file is not open. Judged against the workspace's plans, once
    // the plans earlier suites wrote (one to v1.35) are deleted again: a deleted plan must stop counting.
    const judged = /^extensions\/v1beta1 Ingress is removed in Kubernetes 1\.22; your plan prod-k3s-1-33 targets v1\.33 \(the highest target of 2 plans\)\./;
    const diags = await until('the Ingress diagnostic judged against the workspace plans', () => (removedApis(uri).some((x) => judged.test(x.message)) ? removedApis(uri) : undefined));
    assert.equal(diags.length, 1, diags.map((d) => d.message).join('\n'));
    const [d] = diags;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(codeOf(d), 'removed-api');
    assert.match(d.message, /Use networking\.k8s\.io\/v1 Ingress .*needs field changes: see hover\./);

    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.getText(d.range), 'extensions/v1beta1');
    assert.equal(d.range.start.line, 1);

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    assert.ok(!actions.some((a) => a.title.startsWith('Change apiVersion')), 'no rewrite where fields change too');

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, d.range.start.translate(0, 3));
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /What else must change/);
    assert.match(text, /spec\.backend is renamed spec\.defaultBackend/);
    assert.match(text, /serviceName is renamed service\.name/);
    assert.match(text, /pathType is required/);
  });

  it('the quick fix rewrites a batch/v1beta1 CronJob to batch/v1 and the diagnostic goes', async () => {
    const uri = workspaceFile('manifests/cronjob-v1beta1.yaml');
    const d = await until('the CronJob diagnostic', () => removedApis(uri)[0]);
    assert.match(d.message, /^batch\/v1beta1 CronJob is removed in Kubernetes 1\.25; your plan \S+ targets v1\.\d+.*only the apiVersion changes \(quick fix\)\.$/);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    assert.equal(doc.getText(d.range), 'batch/v1beta1');

    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d.range, vscode.CodeActionKind.QuickFix.value);
    const fix = actions.find((a) => a.title === 'Change apiVersion to batch/v1');
    assert.ok(fix?.edit, actions.map((a) => a.title).join(', '));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    assert.match(doc.getText(), /^apiVersion: batch\/v1\nkind: CronJob$/m);
    await until('the CronJob diagnostic to go', () => (removedApis(uri).length === 0 ? true : undefined));
  });

  it('a manifest written to a new folder is found, and goes when the folder is deleted', async () => {
    const folder = workspaceFile('manifests/editor-tier-tmp');
    const uri = vscode.Uri.joinPath(folder, 'psp.yaml');
    // Created as a user does in VS Code (a WorkspaceEdit, which announces the new file); files written by other
    // programs reach the scanner through its file-system watchers, which also look inside new folders.
    const create = new vscode.WorkspaceEdit();
    create.createFile(uri, { contents: new TextEncoder().encode('apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: restricted\n') });
    assert.ok(await vscode.workspace.applyEdit(create), 'the file is created');
    try {
      const d = await until('the PodSecurityPolicy diagnostic', () => removedApis(uri)[0]);
      assert.match(d.message, /^policy\/v1beta1 PodSecurityPolicy is removed in Kubernetes 1\.25/);
      assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.character], [0, 12, 26]);
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true });
    }
    await until('the diagnostic to go with its folder', () => (removedApis(uri).length === 0 ? true : undefined));
  });

  it('the plan says which workspace manifests its target breaks: one error on its target, each use linked', async () => {
    const plan = workspaceFile('plans/valid.upgradeplan.yaml');
    const doc = await vscode.workspace.openTextDocument(plan);
    await vscode.window.showTextDocument(doc);
    const d = await until('the plan\'s removed-APIs diagnostic', () => vscode.languages.getDiagnostics(plan).find((x) => codeOf(x) === 'removed-apis-in-workspace' && x.message.includes('CronJob')));
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(d.range), 'v1.33.7+k3s3', 'on the plan\'s K3s target');
    assert.match(d.message, /APIs that v1\.33 no longer serves: .*extensions\/v1beta1 Ingress \(removed in v1\.22\)/);
    const linked = (d.relatedInformation ?? []).map((r) => r.location.uri.path.split('/').pop());
    assert.ok(linked.includes('ingress-v1beta1.yaml') && linked.includes('cronjob-v1beta1.yaml'), linked.join(', '));
  });

  it('plan files and current APIs are not flagged', () => {
    for (const rel of ['plans/valid.upgradeplan.yaml', 'plans/errors.upgradeplan.yaml']) assert.deepEqual(removedApis(workspaceFile(rel)), []);
  });
});
