// UI tier: the guard rails of a change to a cluster, clicked through in the real VS Code (code-server, the .vsix
// installed) against the tier's k3s-demo cluster: "Back Up Before Upgrading…" on a plan pinned to that cluster,
// whose context is protected. The confirmation names the context and the cluster; the typed confirmation refuses
// a wrong name and accepts the right one; the backups run and are verified; the journal records it all.
// Environment (scripts/tiers/ui.mjs): UP_VSIX, UP_KUBECONFIG_FILE (a reachable k3s-demo), UP_RUN_DIR, UP_CLUSTER_CONTEXT.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
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

/** The plan of test/workspace, pinned to the live cluster (server and kube-system UID read with the built kubectl). */
function pinnedPlan(kubeconfig, context) {
  const kc = parse(readFileSync(kubeconfig, 'utf8'));
  const cluster = kc.contexts.find((c) => c.name === context)?.context.cluster;
  const server = kc.clusters.find((c) => c.name === cluster)?.cluster.server;
  assert.ok(server, `context ${context} has a server`);
  const uid = spawnSync(binPath('kubectl'), ['--kubeconfig', kubeconfig, '--context', context, 'get', 'namespace', 'kube-system', '-o', 'jsonpath={.metadata.uid}'], { encoding: 'utf8' });
  assert.equal(uid.status, 0, uid.stderr);
  const text = readFileSync(join(root, 'test', 'workspace', 'plans', 'valid.upgradeplan.yaml'), 'utf8');
  return {
    server,
    uid: uid.stdout.trim(),
    text: text
      .replace(/contextName: .*/, `contextName: ${context}`)
      .replace(/server: .*/, `server: ${server}`)
      .replace(/kubeSystemUID: .*/, `kubeSystemUID: ${uid.stdout.trim()}`),
  };
}

describe('UI: backing up on a protected context (guard rails, typed confirmation)', function () {
  this.timeout(240_000);
  const kubeconfig = env('UP_KUBECONFIG_FILE');
  const context = env('UP_CLUSTER_CONTEXT');
  const dirs = runDirs(join(env('UP_RUN_DIR'), 'backup'));
  const workspace = join(dirs.runDir, 'workspace');
  const planFile = join(workspace, 'plans', 'ui-backup.upgradeplan.yaml');
  const journalFile = join(workspace, 'plans', 'ui-backup.journal.jsonl');
  let pin;
  let page;

  const w = workbench({
    dirs, workspace, kubeconfig, vsix: env('UP_VSIX'), viewport: { width: 1280, height: 800 },
    prepare: () => {
      mkdirSync(workspace, { recursive: true });
      cpSync(join(root, 'test', 'workspace'), workspace, { recursive: true });
      pin = pinnedPlan(kubeconfig, context);
      writeFileSync(planFile, pin.text);
      mkdirSync(join(workspace, '.vscode'), { recursive: true });
      writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'upgradePlanner.protectedContexts': `^${context}$` }, null, 2));
    },
  });
  before(() => {
    page = w.page;
  });

  const journal = () => (existsSync(journalFile) ? readFileSync(journalFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l)) : []);

  it('names context and cluster, refuses a wrong typed name, then takes and verifies the backups and records them', async () => {
    await openPlan(page, 'ui-backup.upgradeplan.yaml');

    // 1. Declined at the typed confirmation: a wrong name is refused with a message, Escape changes nothing.
    await palette(page, 'Upgrade Planner: Back Up Before Upgrading…');
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.waitFor({ timeout: 60_000 });
    const question = await dialog.innerText();
    assert.match(question, new RegExp(`context "${context}"`));
    assert.ok(question.includes(pin.server) && question.includes(pin.uid), `the question names the cluster: ${question}`);
    assert.match(question, /dry run/i, 'it says the writes passed a dry run');
    await dialog.locator('.monaco-button', { hasText: /^Back Up$/ }).click();
    const box = page.locator('.quick-input-widget');
    await box.locator('input').waitFor({ timeout: 15_000 });
    assert.match(await box.innerText(), /is protected/);
    await page.keyboard.type(`${context}-typo`);
    await box.locator('.quick-input-message', { hasText: `Type ${context} to confirm.` }).waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
    await page.waitForFunction(() => true);
    const declined = await (async () => {
      for (let i = 0; i < 100; i++) {
        const d = journal().find((e) => e.type === 'decision' && e.outcome === 'declined');
        if (d) return d;
        await new Promise((r) => setTimeout(r, 100));
      }
      return undefined;
    })();
    assert.ok(declined, 'the declined confirmation is in the journal');
    assert.ok(!journal().some((e) => e.type === 'backup'), 'nothing was backed up');

    // 2. Confirmed: the right name typed; the backups run, are verified and recorded.
    await palette(page, 'Upgrade Planner: Back Up Before Upgrading…');
    await dialog.waitFor({ timeout: 60_000 });
    await dialog.locator('.monaco-button', { hasText: /^Back Up$/ }).click();
    await box.locator('input').waitFor({ timeout: 15_000 });
    await page.keyboard.type(context);
    await page.keyboard.press('Enter');
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: `Back up ${context}:` });
    await toast.waitFor({ timeout: 150_000 });
    const said = await toast.innerText();
    assert.match(said, /etcd snapshot verified/, said);
    assert.match(said, /manifest export verified/, said);
    const entries = journal();
    assert.ok(entries.some((e) => e.type === 'decision' && e.outcome === 'confirmed'));
    const backups = entries.filter((e) => e.type === 'backup');
    assert.deepEqual(backups.map((b) => [b.kind, b.status]).sort(), [['etcd-snapshot', 'verified'], ['manifest-export', 'verified'], ['velero', 'verified']]);
    // backups.manifestExport.path is relative to the plan: plans/backups/<context>/<time>/.
    const exports = join(workspace, 'plans', 'backups', context);
    assert.ok(existsSync(exports) && readdirSync(exports).some((d) => existsSync(join(exports, d, 'SHA256SUMS'))), 'the export with its SHA256SUMS is in the workspace');
    const shot = join(dirs.runDir, 'screenshot-backup.png');
    await page.screenshot({ path: shot });
    console.log(`    screenshot: ${shot}`);
  });
});
