// UI tier: a plan executed end to end in the real VS Code (code-server, the .vsix installed) against the tier's
// k3s-demo cluster: Preflight blocks on what the scenario makes fail on purpose (a node cordoned before the start,
// removed APIs recorded in the cluster); each is overridden with a reason from the Preflight view; Execute asks once,
// naming the context, cluster and phases; the run goes in the cluster (an etcd snapshot, then system-upgrade-controller
// Plans for the servers, a canary and the agents, with gates) and the journal beside the plan records it to the end.
// Then the way back, a reload mid-run, and a GitOps run (the Plans exported, applied by kubectl as Flux would).
// Runs last in the tier (file order): it moves the cluster's nodes to another K3s version.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { binPath } from '../../cluster/lib/binaries.mjs';
import { runDirs } from '../../scripts/code-server/lib.mjs';
import { openPlan, palette, workbench } from './workbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set; run the UI tier with \`npm run test:ui\``);
  return v;
};
const TARGET = 'v1.30.8+k3s1';
/** The last test's plan: the next minor, from where the first run leaves the cluster. */
const RELOAD_TARGET = 'v1.31.1+k3s1';
/** The GitOps test's plan: a patch of that minor, from where the reload test leaves the cluster. */
const GITOPS_TARGET = 'v1.31.10+k3s1';

/** A patch upgrade of every node, pinned to the live cluster; its checklist done, no drain, the run takes its etcd snapshot first. */
function planText(kubeconfig, context, { name = 'ui-run', current = 'v1.30.4+k3s1', target = TARGET, gitops = false } = {}) {
  const kc = parse(readFileSync(kubeconfig, 'utf8'));
  const cluster = kc.contexts.find((c) => c.name === context)?.context.cluster;
  const server = kc.clusters.find((c) => c.name === cluster)?.cluster.server;
  const uid = spawnSync(binPath('kubectl'), ['--kubeconfig', kubeconfig, '--context', context, 'get', 'namespace', 'kube-system', '-o', 'jsonpath={.metadata.uid}'], { encoding: 'utf8' });
  assert.equal(uid.status, 0, uid.stderr);
  const done = (id, title) => `  - id: ${id}\n    title: ${title}\n    state: done\n    required: true\n    evidence: the UI tier\n`;
  return [
    'apiVersion: upgradeplanner.dev/v1alpha1',
    'kind: UpgradePlan',
    'metadata:',
    `  name: ${name}`,
    'cluster:',
    `  contextName: ${context}`,
    `  server: ${server}`,
    `  kubeSystemUID: ${uid.stdout.trim()}`,
    '  distribution: k3s',
    'components:',
    '  k3s:',
    `    current: ${current}`,
    `    target: ${target}`,
    'hops:',
    '  - component: k3s',
    `    version: ${target}`,
    'strategy:',
    '  canary: { size: 1 }',
    '  concurrency: { servers: 1, agents: 2 }',
    ...(gitops ? ['  apply: gitops'] : []),
    'backups:',
    '  etcdSnapshot: { required: true, verification: exists }',
    'gates:',
    '  healthChecks: [nodesReady, versionsConverged]',
    '  timeout: 2m',
    'checklist:',
    done('release-notes-reviewed', 'Release notes reviewed'),
    done('staging-tested', 'Tested on staging'),
    done('rollback-rehearsed', 'Rollback rehearsed'),
    done('monitoring-ready', 'Monitoring ready'),
    'rollback:',
    '  onGateFailure: stop',
    '',
  ].join('\n');
}

describe('UI: executing a plan (preflight, overrides, the run in the cluster, the journal)', function () {
  this.timeout(300_000);
  const kubeconfig = env('UP_KUBECONFIG_FILE');
  const context = env('UP_CLUSTER_CONTEXT');
  const dirs = runDirs(join(env('UP_RUN_DIR'), 'run'));
  const workspace = join(dirs.runDir, 'workspace');
  const journalFile = join(workspace, 'plans', 'ui-run.journal.jsonl');
  let page;
  const journal = () => (existsSync(journalFile) ? readFileSync(journalFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

  const w = workbench({
    dirs, workspace, kubeconfig, vsix: env('UP_VSIX'), viewport: { width: 1400, height: 860 },
    prepare: () => {
      mkdirSync(workspace, { recursive: true });
      cpSync(join(root, 'test', 'workspace'), workspace, { recursive: true });
      writeFileSync(join(workspace, 'plans', 'ui-run.upgradeplan.yaml'), planText(kubeconfig, context));
      // Written before VS Code starts: Quick Open finds the files the workbench knew at start (code-server's file search has no ripgrep here).
      writeFileSync(join(workspace, 'plans', 'ui-reload.upgradeplan.yaml'), planText(kubeconfig, context, { name: 'ui-reload', current: TARGET, target: RELOAD_TARGET }));
      writeFileSync(join(workspace, 'plans', 'ui-gitops.upgradeplan.yaml'), planText(kubeconfig, context, { name: 'ui-gitops', current: RELOAD_TARGET, target: GITOPS_TARGET, gitops: true }));
    },
  });
  before(() => {
    page = w.page;
  });

  async function override(preflight, title, reason) {
    const row = preflight.locator('.monaco-list-row', { hasText: title }).first();
    await row.waitFor({ timeout: 30_000 });
    await row.hover();
    await row.locator('.action-label[aria-label^="Override Failed Check"]').click();
    const box = page.locator('.quick-input-widget');
    await box.locator('input').waitFor({ timeout: 15_000 });
    await page.keyboard.type(reason);
    await page.keyboard.press('Enter');
    await preflight.locator('.monaco-list-row', { hasText: title }).filter({ hasText: 'overridden' }).first().waitFor({ timeout: 15_000 });
  }

  /**
   * Opens plans/<name>.upgradeplan.yaml, runs Preflight (which blocks on the scenario's cordoned node and the removed
   * APIs recorded in the cluster), overrides both with a reason from the Preflight view, then Execute and its
   * confirmation: returns the preflight's verdict and the confirmation's text.
   */
  async function preflightOverrideExecute(name) {
    await openPlan(page, `${name}.upgradeplan.yaml`);
    await palette(page, 'Upgrade Planner: Preflight');
    const verdict = page.locator('.notifications-toasts .notification-toast', { hasText: `Preflight of ${name} on ${context}` }).filter({ hasText: 'blocks the run' });
    await verdict.waitFor({ timeout: 90_000 });
    const said = await verdict.innerText();
    const sidebar = page.locator('.part.sidebar');
    const header = sidebar.locator('.pane-header', { hasText: /^Preflight/i });
    // The activity bar icon toggles: click it only while the container is not showing.
    if (!(await header.isVisible())) await page.locator('.part.activitybar [aria-label^="Upgrade Planner"]').first().click();
    await header.waitFor({ timeout: 30_000 });
    if ((await header.getAttribute('aria-expanded')) !== 'true') await header.click();
    const preflight = sidebar.locator('.pane', { has: page.locator('.pane-header', { hasText: /^Preflight/i }) });
    await override(preflight, 'No node cordoned before the start', 'k3s-agent-5 is being retired and stays cordoned');
    await override(preflight, 'No removed APIs in use for the target', 'the Ingress and CronJob manifests are migrated in the shop repository');
    await palette(page, 'Upgrade Planner: Execute Plan…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    const question = await dialog.innerText();
    await dialog.locator('.monaco-button', { hasText: /^Execute$/ }).click();
    return { verdict: said, question };
  }

  it('preflight blocks, two overrides with reasons, Execute runs the hop in the cluster to the end', async () => {
    // Preflight blocks (the scenario's cordoned node, the removed APIs recorded in the cluster), each overridden with
    // a reason; Execute asks once, naming the context, the cluster and the phases; then the run, to the end.
    const { verdict: text, question } = await preflightOverrideExecute('ui-run');
    assert.match(text, /· 2 failed — blocks the run/, text);
    assert.doesNotMatch(text, /not checked/, text);
    assert.match(question, new RegExp(`Run plan "ui-run" \\(\\d+ phases\\) on context "${context}"`));
    assert.match(question, /K3s servers to v1\.30\.8\+k3s1/);
    // While it runs: the Run view shows the phase going and, under it, its nodes as they move. The other panes are
    // folded so that the Run view has the room (a list only renders the rows it shows).
    for (const title of [/^Clusters/i, /^Checklist/i, /^Preflight/i]) {
      const h = page.locator('.part.sidebar .pane-header', { hasText: title });
      if ((await h.getAttribute('aria-expanded')) === 'true') await h.click();
    }
    const runPane = page.locator('.part.sidebar .pane', { has: page.locator('.pane-header', { hasText: /^Run/i }) });
    const runHeader = page.locator('.part.sidebar .pane-header', { hasText: /^Run/i });
    if ((await runHeader.getAttribute('aria-expanded')) !== 'true') await runHeader.click();
    await runPane.locator('.monaco-list-row', { hasText: /k3s-(server|agent)-\d/ }).filter({ hasText: /cordoned|upgrading|done/ }).first().waitFor({ timeout: 180_000 });
    const going = join(dirs.runDir, 'screenshot-run-in-progress.png');
    await page.screenshot({ path: going });
    console.log(`    screenshot: ${going}`);
    if (process.env.UP_SCREENSHOT_OUT) {
      const out = join(dirname(process.env.UP_SCREENSHOT_OUT), 'screenshot-run.png');
      copyFileSync(going, out);
      console.log(`    screenshot: ${out}`);
    }
    // The end of the run (not its progress notification, whose title is the same): "…: succeeded — …".
    const done = page.locator('.notifications-toasts .notification-toast', { hasText: new RegExp(`Run of ui-run on ${context}: (succeeded|paused|stopped|cancelled|failed) —`) });
    await done.waitFor({ timeout: 240_000 });
    const said = await done.innerText();
    assert.match(said, /succeeded/, said);

    const entries = journal();
    const overrides = entries.filter((e) => e.type === 'override').map((e) => e.check.id).sort();
    assert.deepEqual(overrides, ['apis.removed', 'nodes.cordoned']);
    const runStart = entries.findIndex((e) => e.type === 'run-started');
    assert.ok(runStart > 0, 'the run started after the preflight and the confirmation');
    assert.ok(entries.slice(0, runStart).some((e) => e.type === 'decision' && e.outcome === 'confirmed'));
    const run = entries.slice(runStart);
    assert.ok(run.some((e) => e.type === 'backup' && e.kind === 'etcd-snapshot' && e.status === 'verified'), 'the etcd snapshot was taken and verified first');
    assert.deepEqual(run.filter((e) => e.type === 'gate').map((e) => e.result.status), ['pass', 'pass', 'pass']);
    assert.equal(run[run.length - 1].type, 'run-finished');
    assert.equal(run[run.length - 1].outcome, 'succeeded');
    const shot = join(dirs.runDir, 'screenshot-run.png');
    await page.screenshot({ path: shot });
    console.log(`    screenshot: ${shot}`);
  });

  it('Roll Back Run… after the run: the modal lists each step and how it goes; the K3s restore runbook is written beside the plan with the run\'s snapshot; every step journalled', async () => {
    const before = journal();
    const snapshot = before.find((e) => e.type === 'backup' && e.kind === 'etcd-snapshot' && e.status === 'verified');
    assert.ok(snapshot, 'the run took an etcd snapshot');
    await palette(page, 'Upgrade Planner: Roll Back Run…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    const question = await dialog.innerText();
    assert.match(question, new RegExp(`Roll back run \\S+ of plan "ui-run" on context "${context}"`), question);
    assert.match(question, /Roll K3s back to v1\.30\.4\+k3s1 — by hand \(runbook\)/, question);
    assert.match(question, /Ceph — nothing to do/, question);
    await dialog.locator('.monaco-button', { hasText: /^Roll Back$/ }).click();
    const done = page.locator('.notifications-toasts .notification-toast', { hasText: /Roll Back Run \S+: stopped —/ });
    await done.waitFor({ timeout: 120_000 });
    const said = await done.innerText();
    assert.match(said, /The K3s restore runbook: plans\/ui-run\.rollback-\S+\.md/, said);

    const runbook = readdirSync(join(workspace, 'plans')).find((f) => /^ui-run\.rollback-.*\.md$/.test(f));
    assert.ok(runbook, 'the runbook is beside the plan');
    const text = readFileSync(join(workspace, 'plans', runbook), 'utf8');
    assert.match(text, new RegExp(`--cluster-reset-restore-path=\\S*${snapshot.evidence.snapshotName}`), 'it restores the snapshot the run took');
    await page.locator('.tabs-container .tab', { hasText: runbook }).first().waitFor({ timeout: 30_000 });

    const after = journal().slice(before.length);
    assert.deepEqual(after.filter((e) => e.type === 'rollback-step').map((e) => [e.stepId, e.outcome]), [
      ['delete-plans', 'nothing'], ['uncordon', 'nothing'], ['rook-operator', 'nothing'], ['ceph', 'nothing'], ['k3s', 'manual'],
    ]);
    assert.equal(after[after.length - 1].type, 'run-finished');
    assert.equal(after[after.length - 1].outcome, 'stopped');
    const shot = join(dirs.runDir, 'screenshot-rollback.png');
    await page.screenshot({ path: shot });
    console.log(`    screenshot: ${shot}`);
  });

  it('VS Code reloaded mid-run: the unfinished run is offered, Resume reattaches to its Plans in the cluster and the run ends', async () => {
    const reloadJournal = join(workspace, 'plans', 'ui-reload.journal.jsonl');
    const entries = () => (existsSync(reloadJournal) ? readFileSync(reloadJournal, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
    await preflightOverrideExecute('ui-reload');

    // Mid-run (a server on its way): reload the window; the run's executor goes with the extension host.
    const deadline = Date.now() + 180_000;
    while (!entries().some((e) => e.type === 'node-step' && e.phaseId === 'hop-1/k3s-servers')) {
      assert.ok(Date.now() < deadline, 'a server started moving');
      await new Promise((r) => setTimeout(r, 200));
    }
    const runId = entries().find((e) => e.type === 'run-started')?.runId;
    const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 });
    await palette(page, 'Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });

    // The unfinished run is announced; Resume… asks once, naming the run, and reattaches.
    const offer = page.locator('.notifications-toasts .notification-toast', { hasText: `Run ${runId} of plan "ui-reload" on context "${context}" did not finish` });
    await offer.waitFor({ timeout: 90_000 });
    await offer.locator('.monaco-button', { hasText: /^Resume…$/ }).click();
    const ask = page.locator('.monaco-dialog-box');
    await ask.waitFor({ timeout: 60_000 });
    assert.match(await ask.innerText(), new RegExp(`Resume run ${runId} of plan "ui-reload"`));
    await ask.locator('.monaco-button', { hasText: /^Resume$/ }).click();
    const done = page.locator('.notifications-toasts .notification-toast', { hasText: new RegExp(`Run of ui-reload on ${context} \\(resumed\\): (succeeded|paused|stopped|cancelled|failed) —`) });
    await done.waitFor({ timeout: 240_000 });
    assert.match(await done.innerText(), /succeeded/);

    const all = entries().filter((e) => e.runId === runId);
    assert.ok(all.some((e) => e.type === 'run-resumed'), 'the run was resumed, not started again');
    assert.equal(all.filter((e) => e.type === 'run-started').length, 1);
    const creates = all.filter((e) => e.type === 'write' && e.verb === 'create').map((e) => e.object.name);
    assert.equal(new Set(creates).size, creates.length, `no Plan created twice: ${creates.join(', ')}`);
    assert.equal(all[all.length - 1].type, 'run-finished');
    assert.equal(all[all.length - 1].outcome, 'succeeded');
  });

  it('GitOps (strategy.apply: gitops): Export for GitOps writes the Plans; Execute writes none, waits for each file applied (kubectl apply plays Flux), checks and gates it, and ends', async () => {
    const gitopsJournal = join(workspace, 'plans', 'ui-gitops.journal.jsonl');
    const entries = () => (existsSync(gitopsJournal) ? readFileSync(gitopsJournal, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);
    await openPlan(page, 'ui-gitops.upgradeplan.yaml');
    await palette(page, 'Upgrade Planner: Export for GitOps…');
    await page.locator('.notifications-toasts .notification-toast', { hasText: /Export for GitOps: \d+ manifests and a README in plans\/gitops\// }).waitFor({ timeout: 60_000 });
    const exports = join(workspace, 'plans', 'gitops');
    const folder = join(exports, readdirSync(exports).find((f) => f.startsWith('ui-gitops-')));
    const hop = join(folder, readdirSync(folder).find((f) => f.startsWith('hop-1-')));
    const files = readdirSync(hop).filter((f) => f.endsWith('.yaml')).sort().map((f) => join(hop, f));
    assert.equal(files.length, 3, 'the servers, canary and agents Plans');

    const { question } = await preflightOverrideExecute('ui-gitops');
    assert.match(question, /GitOps \(strategy\.apply\): the run writes no Plan and no image itself/, question);
    // Flux: each committed file applied when the run reaches its phase (the file names its phase).
    const kubectl = (...args) => {
      const r = spawnSync(binPath('kubectl'), ['--kubeconfig', kubeconfig, '--context', context, ...args], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
    };
    for (const file of files) {
      const phase = parse(readFileSync(file, 'utf8')).metadata.annotations['upgradeplanner.dev/phase'];
      const deadline = Date.now() + 180_000;
      while (!entries().some((e) => e.type === 'phase-started' && e.phaseId === phase)) {
        assert.ok(Date.now() < deadline, `the run reached ${phase}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      kubectl('apply', '-f', file);
    }
    const done = page.locator('.notifications-toasts .notification-toast', { hasText: new RegExp(`Run of ui-gitops on ${context}: (succeeded|paused|stopped|cancelled|failed) —`) });
    await done.waitFor({ timeout: 240_000 });
    const said = await done.innerText();
    assert.match(said, /succeeded/, said);

    const run = entries().slice(entries().findIndex((e) => e.type === 'run-started'));
    assert.equal(run[0].apply, 'gitops');
    assert.deepEqual(run.filter((e) => e.type === 'write' && e.object.kind === 'Plan'), [], 'the run created no Plan');
    assert.deepEqual(run.filter((e) => e.type === 'gitops-applied').map((e) => e.phaseId), ['hop-1/k3s-servers', 'hop-1/k3s-canary', 'hop-1/k3s-agents']);
    assert.deepEqual(run.filter((e) => e.type === 'gate').map((e) => e.result.status), ['pass', 'pass', 'pass']);
    assert.equal(run[run.length - 1].outcome, 'succeeded');
  });
});
