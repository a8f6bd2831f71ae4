import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { currentContext, newClusterPlan } from './clusterPlan';
import { activeExtension } from './manifest';
import { closeAllEditorsDiscarding, until } from './until';

/** What the Preflight command returns (src/commands/preflight.ts PreflightOutcome). */
type Outcome = { ran: true; blocking: boolean; summary: string; checks: { id: string; status: string; reason: string }[] } | { ran: false; reason: string };
type DryRun = { ran: true; writes: { description: string; outcome: string; message?: string }[]; diffs: number } | { ran: false; reason: string };

function workspaceFile(rel: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the editor tier opens test/workspace');
  return vscode.Uri.joinPath(folder.uri, rel);
}


const preflightDiags = (uri: vscode.Uri): vscode.Diagnostic[] => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'Upgrade Planner preflight');
const codeOf = (d: vscode.Diagnostic): string => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

async function journal(uri: vscode.Uri): Promise<{ type: string; [k: string]: unknown }[]> {
  const file = vscode.Uri.joinPath(uri, '..', uri.path.split('/').pop()!.replace(/\.upgradeplan\.yaml$/, '.journal.jsonl'));
  const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as { type: string });
}

describe('preflight, dry run and the guard rails (against the tier\'s k3s-demo cluster)', function () {
  this.timeout(120_000);
  const folder = workspaceFile('.test-output-preflight');
  let plan: vscode.Uri;

  before(async () => {
    await activeExtension();
    plan = await newClusterPlan(folder);
  });

  after(async () => {
    await closeAllEditorsDiscarding();
    await vscode.workspace.fs.delete(folder, { recursive: true });
  });

  it('Preflight from the plan\'s CodeLens reads the pinned cluster, reports every check, marks the plan and writes the journal', async () => {
    const doc = await vscode.workspace.openTextDocument(plan);
    await vscode.window.showTextDocument(doc);
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', plan);
    const lens = lenses.find((l) => l.command?.command === 'upgradePlanner.preflight');
    assert.ok(lens?.command, lenses.map((l) => l.command?.title).join(', '));
    assert.equal(lens.command.title, '$(pass) Preflight');
    assert.ok(lenses.some((l) => l.command?.command === 'upgradePlanner.dryRun'), 'a Dry run lens');
    assert.ok(lenses.some((l) => l.command?.command === 'upgradePlanner.backup'), 'a Back up lens');

    const outcome = await vscode.commands.executeCommand<Outcome>(lens.command.command, ...((lens.command.arguments ?? []) as unknown[]));
    assert.ok(outcome.ran, outcome.ran ? '' : outcome.reason);
    const status = Object.fromEntries(outcome.checks.map((c) => [c.id, c.status]));
    const why = outcome.checks.map((c) => `${c.id}: ${c.status} — ${c.reason}`).join('\n');
    // Read from the cluster and passing on k3s-demo:
    for (const id of ['nodes.ready', 'kubernetes.skew', 'suc.ready', 'ceph.health', 'rook.operator', 'rook.versions', 'rbac.access', 'etcd.snapshot']) assert.equal(status[id], 'pass', `${id}\n${why}`);
    // Failing on purpose: the scenario's cordoned node, the PDB that blocks a drain, the removed APIs recorded
    // in last-applied configurations and the Helm release; and the plan's own checklist, not done yet.
    for (const id of ['nodes.cordoned', 'pdb.drain', 'apis.removed', 'plan.checklist']) assert.equal(status[id], 'fail', `${id}\n${why}`);
    assert.equal(outcome.blocking, true);
    assert.match(outcome.checks.find((c) => c.id === 'nodes.cordoned')?.reason ?? '', /k3s-agent-5/);

    const diags = await until('the preflight diagnostics on the plan', () => {
      const d = preflightDiags(plan);
      return d.length ? d : undefined;
    });
    const cordoned = diags.find((d) => codeOf(d) === 'preflight.nodes.cordoned');
    assert.ok(cordoned, diags.map(codeOf).join(', '));
    assert.equal(cordoned.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(doc.getText(cordoned.range), 'contextName');
    const drain = diags.find((d) => codeOf(d) === 'preflight.pdb.drain');
    assert.ok(drain);
    assert.equal(doc.getText(drain.range), 'drain');
    assert.ok(!diags.some((d) => codeOf(d) === 'preflight.nodes.ready'), 'a passed check is not a diagnostic');

    const entries = await journal(plan);
    const last = entries.filter((e) => e.type === 'preflight').pop() as { report: { blocking: boolean; checks: unknown[] }; cluster: { context: string; kubeSystemUID: string } } | undefined;
    assert.ok(last, 'the journal beside the plan holds the report');
    assert.equal(last.report.blocking, true);
    assert.equal(last.report.checks.length, outcome.checks.length);
    assert.equal(last.cluster.context, currentContext());
    assert.match(last.cluster.kubeSystemUID, /^[0-9a-f-]{36}$/);
  });

  it('a failed check is overridden with a reason: recorded in the journal, and its diagnostic says who and why', async () => {
    const ok = await vscode.commands.executeCommand<boolean>('upgradePlanner.overrideCheck', { uri: plan, id: 'nodes.cordoned', reason: 'k3s-agent-5 is being retired and stays cordoned' });
    assert.equal(ok, true);
    const d = await until('the overridden diagnostic', () => preflightDiags(plan).find((x) => codeOf(x) === 'preflight.nodes.cordoned' && x.severity === vscode.DiagnosticSeverity.Warning));
    assert.match(d.message, /overridden by .+ \(k3s-agent-5 is being retired and stays cordoned\)/);
    const entries = await journal(plan);
    const o = entries.filter((e) => e.type === 'override').pop() as { check: { id: string }; override: { reason: string } } | undefined;
    assert.equal(o?.check.id, 'nodes.cordoned');
    assert.equal(o?.override.reason, 'k3s-agent-5 is being retired and stays cordoned');
    assert.equal(await vscode.commands.executeCommand<boolean>('upgradePlanner.overrideCheck', { uri: plan, id: 'nodes.ready', reason: 'passes anyway' }), false, 'only a failed check can be overridden');
  });

  it('Dry run sends the plan\'s writes with dryRun=All (backups, the system-upgrade-controller Plans) and opens their diffs', async () => {
    const r = await vscode.commands.executeCommand<DryRun>('upgradePlanner.dryRun', plan);
    assert.ok(r.ran, r.ran ? '' : r.reason);
    assert.ok(r.writes.every((w) => w.outcome === 'accepted'), JSON.stringify(r.writes));
    assert.ok(r.writes.some((w) => /Job .*etcd-snapshot/.test(w.description)), 'the etcd snapshot Job');
    assert.ok(r.writes.some((w) => /Plan .*-server/.test(w.description)), JSON.stringify(r.writes.map((w) => w.description)));
    assert.equal(r.diffs, r.writes.length);
    const diffTabs = await until('the diff editors', () => {
      const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).filter((t) => t.input instanceof vscode.TabInputTextDiff && t.label.includes('current ↔ dry run'));
      return tabs.length >= r.writes.length ? tabs : undefined;
    });
    const texts = await Promise.all(diffTabs.map(async (t) => {
      const input = t.input as vscode.TabInputTextDiff;
      return { left: (await vscode.workspace.openTextDocument(input.original)).getText(), right: (await vscode.workspace.openTextDocument(input.modified)).getText() };
    }));
    const job = texts.find((t) => /kind: Job/.test(t.right));
    assert.ok(job, 'the Job\'s dry-run answer');
    assert.match(job.right, /etcd-snapshot/);
    assert.match(job.left, /Does not exist yet/);
    const suc = texts.find((t) => /kind: Plan/.test(t.right) && /upgrade\.cattle\.io/.test(t.right));
    assert.ok(suc, 'a system-upgrade-controller Plan as the API server would store it');
    assert.match(suc.right, /version: v1\.3[01]\.\d+\+k3s\d/);
    await closeAllEditorsDiscarding();
  });

  it('Export for GitOps writes the run\'s Plans and image patches as manifests in a folder beside the plan, with a README in run order', async () => {
    const r = await vscode.commands.executeCommand<{ ran: boolean; folder?: string; files?: string[]; reason?: string }>('upgradePlanner.exportGitOps', plan);
    assert.ok(r.ran, r.reason);
    assert.match(r.folder ?? '', /gitops\/[A-Za-z0-9._-]+-\d{8}-\d{6}$/);
    const server = r.files?.find((f) => /^hop-1-k3s-[^/]+\/01-plan-[^/]+-server\.yaml$/.test(f));
    assert.ok(server, JSON.stringify(r.files));
    const dir = vscode.Uri.joinPath(vscode.workspace.workspaceFolders![0].uri, ...(r.folder ?? '').split('/'));
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, ...server.split('/'))));
      assert.match(text, /^apiVersion: upgrade\.cattle\.io\/v1\nkind: Plan\n/m);
      assert.match(text, /version: v1\.3\d\.\d+\+k3s\d/);
      const readme = new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(dir, 'README.md')));
      for (const f of r.files ?? []) if (f !== 'README.md') assert.ok(readme.includes(f), `the README lists ${f}`);
      assert.ok(vscode.window.tabGroups.all.flatMap((g) => g.tabs).some((t) => t.label === 'README.md'), 'the README is opened');
    } finally {
      await closeAllEditorsDiscarding();
      await vscode.workspace.fs.delete(vscode.Uri.joinPath(folder, 'gitops'), { recursive: true });
    }
  });

  it('Execute is refused while the preflight blocks, naming what fails (nothing is written)', async () => {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', plan);
    assert.ok(lenses.some((l) => l.command?.command === 'upgradePlanner.execute' && l.command.title === '$(play) Execute'), 'an Execute lens');
    const before = (await journal(plan)).length;
    const r = await vscode.commands.executeCommand<{ ran: boolean; reason?: string }>('upgradePlanner.execute', plan);
    assert.equal(r.ran, false);
    assert.match(r.reason ?? '', /the preflight blocks the run: .*PodDisruptionBudget/);
    assert.doesNotMatch(r.reason ?? '', /No node cordoned/, 'the overridden check does not block');
    const after = await journal(plan);
    assert.ok(!after.slice(before).some((e) => e.type === 'run-started' || e.type === 'decision'), 'no run started, nothing was asked');
  });

  it('an unfinished run in the journal is announced after activation and blocks a new run until resumed', async () => {
    const file = vscode.Uri.joinPath(plan, '..', plan.path.split('/').pop()!.replace(/\.upgradeplan\.yaml$/, '.journal.jsonl'));
    const last = (await journal(plan)).find((e) => e.type === 'preflight') as { plan: string; cluster: unknown } | undefined;
    assert.ok(last);
    const base = { at: new Date().toISOString(), plan: last.plan, cluster: last.cluster, runId: 'run-editor-tier' };
    const started = { ...base, type: 'run-started', phases: [{ id: 'backups', kind: 'backups', title: 'Backups' }, { id: 'h1-servers', kind: 'k3s-servers', title: 'Servers' }], nodes: [] };
    const entries = [
      started,
      { ...base, type: 'phase-done', phaseId: 'backups', outcome: 'done', reason: 'taken' },
      { ...base, type: 'phase-started', phaseId: 'h1-servers', kind: 'k3s-servers', nodes: ['k3s-server-1', 'k3s-server-2'] },
      { ...base, type: 'node-step', phaseId: 'h1-servers', node: 'k3s-server-1', step: 'cordoned', version: 'v1.30.4+k3s1' },
    ];
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(file));
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(`${text}${entries.map((e) => `${JSON.stringify(e)}\n`).join('')}`));
    const api = (await activeExtension()).exports as { unfinishedRuns(): Promise<{ plan: string; runId: string }[]> };
    const runs = await api.unfinishedRuns();
    assert.ok(runs.some((x) => x.runId === 'run-editor-tier' && x.plan === plan.toString()), JSON.stringify(runs));
    const r = await vscode.commands.executeCommand<{ ran: boolean; reason?: string }>('upgradePlanner.execute', plan);
    assert.equal(r.ran, false);
    assert.match(r.reason ?? '', /run run-editor-tier of this plan is unfinished/);
    const shown = await (api as unknown as { runShown(u: vscode.Uri): Promise<unknown> }).runShown(plan);
    assert.deepEqual(shown, {
      runId: 'run-editor-tier',
      phases: [{ id: 'backups', status: 'done' }, { id: 'h1-servers', status: 'running', nodes: [{ node: 'k3s-server-1', step: 'cordoned' }, { node: 'k3s-server-2', step: 'pending' }] }],
    }, 'the Run view shows the run from the journal, with the nodes of its K3s phase');
  });

  it('a plan pinned to another cluster (same address, another kube-system UID) is refused, naming both', async () => {
    const other = vscode.Uri.joinPath(folder, 'elsewhere.upgradeplan.yaml');
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(plan)).replace(/kubeSystemUID: .*/, 'kubeSystemUID: 00000000-0000-4000-8000-000000000000');
    await vscode.workspace.fs.writeFile(other, new TextEncoder().encode(text));
    const pre = await vscode.commands.executeCommand<Outcome>('upgradePlanner.preflight', other);
    assert.equal(pre.ran, false);
    assert.match(pre.ran ? '' : pre.reason, /pinned to .*kube-system UID 00000000-0000-4000-8000-000000000000.*points at .*kube-system UID [0-9a-f-]{36}.*a different cluster behind the same address/);
    const backup = await vscode.commands.executeCommand<{ ran: boolean; reason?: string }>('upgradePlanner.backup', other);
    assert.equal(backup.ran, false, 'nothing is written to a cluster the plan is not pinned to');
    assert.match(backup.reason ?? '', /a different cluster behind the same address/);
    // The way back passes the same guard rails: nothing is cancelled or rolled back on another cluster.
    for (const command of ['upgradePlanner.cancelRun', 'upgradePlanner.rollbackRun']) {
      const r = await vscode.commands.executeCommand<{ ran: boolean; reason?: string }>(command, other);
      assert.equal(r.ran, false, command);
      assert.match(r.reason ?? '', /a different cluster behind the same address/, command);
    }
    const entries = await journal(other);
    assert.ok(entries.some((e) => e.type === 'decision' && e.outcome === 'refused'), 'the refusal is in the journal');
  });
});
