import { until } from './until';
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { parse } from 'yaml';
import { activeExtension } from './manifest';

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the editor tier opens test/workspace');
  return vscode.Uri.joinPath(folder.uri, rel);
}

const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

/** The current context of the kubeconfig the tier passes, with its server. */
function currentContext(): { name: string; server: string } {
  interface Kubeconfig { 'current-context': string; contexts: { name: string; context: { cluster: string } }[]; clusters: { name: string; cluster: { server: string } }[] }
  const kc = parse(readFileSync(process.env.KUBECONFIG ?? '', 'utf8')) as Kubeconfig;
  const name = kc['current-context'];
  const cluster = kc.contexts.find((c) => c.name === name)?.context.cluster;
  const server = kc.clusters.find((c) => c.name === cluster)?.cluster.server;
  assert.ok(name && server, 'the kubeconfig has a current context with a server');
  return { name, server };
}

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

  it('New Plan from Cluster writes a plan that validates clean (the reported case: the demo cluster to the newest v1.35)', async () => {
    const folder = workspaceFile('.test-output');
    // The real path: the command reads the current context's cluster (the tier's k3s-demo) through the
    // cluster model, pins the plan to it (server and kube-system UID) and computes the hops, across the
    // K3s v1.34 etcd-3.6 risk and Rook's Kubernetes window.
    const { name } = currentContext();
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('upgradePlanner.newPlanFromCluster', {
      contextName: name,
      target: 'v1.35.4+k3s1',
      folder,
    });
    assert.ok(uri, 'the command returns the written plan');
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.match(doc.getText(), /kind: UpgradePlan/);
      assert.match(doc.getText(), /kubeSystemUID: [0-9a-f-]{36}/);
      assert.match(doc.getText(), /version: v1\.33\.7\+k3s3/, 'the path goes through the latest v1.33 patch before v1.34');
      await vscode.window.showTextDocument(doc);
      const api = (await activeExtension()).exports as { planDiagnostics(u: vscode.Uri): Promise<{ code: string; message: string }[]> };
      assert.deepEqual((await api.planDiagnostics(uri)).map((d) => `${d.code}: ${d.message}`), []);
      assert.deepEqual(ours(uri).map((d) => d.message), []);
    } finally {
      await vscode.workspace.fs.delete(folder, { recursive: true });
    }
  });

  it('a workspace risk file marks the matching hop until the plan accepts the risk', async () => {
    const risk = workspaceFile('.upgradeplanner/risks/editor-test.yaml');
    // Created as a user does in VS Code (a WorkspaceEdit announces the file; the watchers cover other programs).
    const create = new vscode.WorkspaceEdit();
    create.createFile(risk, { overwrite: true, contents: new TextEncoder().encode([
      'apiVersion: upgradeplanner.dev/v1alpha1',
      'kind: UpgradeRisk',
      'name: EditorTierRisk',
      'component: kubernetes',
      "from: '^v1\\.30\\.'",
      'to: v1.31.10+k3s1',
      'message: A risk written by the editor tier.',
      '',
    ].join('\n')) });
    assert.ok(await vscode.workspace.applyEdit(create), 'the risk file is created');
    try {
      const doc = await vscode.workspace.openTextDocument(workspaceFile('plans/valid.upgradeplan.yaml'));
      await vscode.window.showTextDocument(doc);
      const d = await until('the risk-file diagnostic', () => ours(doc.uri).find((x) => codeOf(x) === 'risky-edge' && x.message.includes('EditorTierRisk')));
      assert.equal(doc.getText(d.range), 'v1.31.10+k3s1');
      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, d.range, vscode.CodeActionKind.QuickFix.value);
      const accept = actions.find((a) => /accept/i.test(a.title) && a.title.includes('EditorTierRisk'));
      assert.ok(accept?.edit, actions.map((a) => a.title).join(', '));
      assert.ok(await vscode.workspace.applyEdit(accept.edit));
      await until('the risk diagnostic to go', () => (ours(doc.uri).some((x) => x.message.includes('EditorTierRisk')) ? undefined : true));
    } finally {
      await vscode.workspace.fs.delete(risk);
    }
  });

  it('a plan pinned to a context whose server differs is flagged', async () => {
    const uri = workspaceFile('plans/pinned-elsewhere.upgradeplan.yaml');
    const valid = new TextDecoder().decode(await vscode.workspace.fs.readFile(workspaceFile('plans/valid.upgradeplan.yaml')));
    // Pin to the kubeconfig's first context, but with a server no context has.
    const context = currentContext().name;
    // No kube-system UID: the check falls to the server the context points at.
    const text = valid.replace(/contextName: .*/, `contextName: ${context}`).replace(/server: .*/, 'server: https://203.0.113.7:6443').replace(/\n\s*kubeSystemUID: .*/, '');
    await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
    try {
      const doc = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(doc);
      const d = await until('the pinned-cluster diagnostic', () => ours(doc.uri).find((x) => /pinned|another cluster|server/i.test(x.message) && doc.getText(x.range).includes('203.0.113.7')));
      assert.ok(d.message.includes(context), d.message);
    } finally {
      await vscode.workspace.fs.delete(uri);
    }
  });
});
