// UI tier (mocha, plain ESM): Playwright + Debian Chromium drive the real VS Code (code-server)
// with the packaged .vsix installed. Opens the Upgrade Planner from the activity bar, checks the
// Clusters view and its rows, and saves a screenshot into the run folder (and media/ on request).
// Environment, set by scripts/tiers/ui.mjs: UP_VSIX, UP_KUBECONFIG_FILE, UP_RUN_DIR, UP_SCREENSHOT_OUT;
// UP_SCREENSHOT_EXPAND=1 expands the current context before the picture (for a reachable cluster).
import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { toolPaths } from '../../scripts/setup-tools.mjs';
import { freePort, installVsix, launchChromium, runDirs, startCodeServer, stopAllCodeServers } from '../../scripts/code-server/lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const workspace = join(root, 'test', 'workspace');
const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set; run the UI tier with \`npm run test:ui\``);
  return v;
};

describe('UI: Upgrade Planner in the real VS Code', function () {
  this.timeout(180_000);
  const kubeconfig = env('UP_KUBECONFIG_FILE');
  const contexts = (parse(readFileSync(kubeconfig, 'utf8')).contexts ?? []).map((c) => c.name);
  const tools = toolPaths();
  const dirs = runDirs(env('UP_RUN_DIR'));
  let server;
  let browser;
  let page;

  // code-server runs in its own process group: stop it on Ctrl-C too, not only in after().
  const onSignal = () => void stopAllCodeServers().finally(() => process.exit(130));

  before(async () => {
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    installVsix(tools, dirs, env('UP_VSIX'));
    server = await startCodeServer({ tools, dirs, folder: workspace, port: await freePort(), env: { KUBECONFIG: kubeconfig } });
    browser = await launchChromium(tools, dirs);
    page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
    await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && page) {
      await page.screenshot({ path: join(dirs.runDir, 'failure.png') }).catch(() => {});
      console.log(`    failure screenshot: ${join(dirs.runDir, 'failure.png')}`);
    }
  });

  after(async () => {
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]);
    await server?.stop();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  });

  it('opens the Clusters view from the activity bar and lists every kubeconfig context', async () => {
    assert.ok(contexts.length > 0, `${kubeconfig} has no contexts`);
    await page.locator('.part.activitybar [aria-label^="Upgrade Planner"]').first().click();
    const sidebar = page.locator('.part.sidebar');
    // The container holds the Clusters and Checklist views, each a pane with its own header.
    await sidebar.locator('.composite.title', { hasText: /upgrade planner/i }).waitFor({ timeout: 30_000 });
    const clusters = sidebar.locator('.pane', { has: page.locator('.pane-header', { hasText: /clusters/i }) });
    await clusters.waitFor({ timeout: 30_000 });
    await sidebar.locator('.pane-header', { hasText: /checklist/i }).waitFor({ timeout: 30_000 });
    for (const name of contexts) {
      await clusters.locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout: 30_000 });
    }
    const rows = await clusters.locator('.monaco-list-row').allInnerTexts();
    assert.equal(rows.length, contexts.length, `rows: ${rows.join(' | ')}`);
    // Against a reachable cluster (UP_SCREENSHOT_EXPAND=1), open the current context for the picture.
    if (process.env.UP_SCREENSHOT_EXPAND === '1') {
      await clusters.locator('.monaco-list-row').first().click();
      await page.waitForFunction(
        (n) => document.querySelectorAll('.part.sidebar .monaco-list-row').length > n,
        contexts.length,
        { timeout: 30_000 },
      );
    }
    // Widen the sidebar so that the rows' descriptions (server, versions) fit in the picture.
    const box = await sidebar.boundingBox();
    await page.mouse.move(box.x + box.width + 1, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x + 520, box.y + box.height / 2, { steps: 5 });
    await page.mouse.up();
    await page.mouse.move(900, 400);
    // Wait until the sash no longer shows its drag highlight.
    await page.waitForFunction(() => !document.querySelector('.monaco-sash.hover, .monaco-sash.active'), undefined, { timeout: 5_000 }).catch(() => {});
    const shot = join(dirs.runDir, 'screenshot-explorer.png');
    await page.screenshot({ path: shot });
    console.log(`    screenshot: ${shot}`);
    if (process.env.UP_SCREENSHOT_OUT) {
      copyFileSync(shot, process.env.UP_SCREENSHOT_OUT);
      console.log(`    screenshot: ${process.env.UP_SCREENSHOT_OUT}`);
    }
  });

  it('shows a plan\'s Release Notes from the command palette, rendered in the webview under its CSP', async () => {
    // Open the plan (Quick Open), then the command from the palette: it takes the plan in the active editor.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
    await page.keyboard.type('valid.upgradeplan.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'valid.upgradeplan.yaml' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'valid.upgradeplan.yaml' }).waitFor({ timeout: 15_000 });
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
    await page.keyboard.type('Upgrade Planner: Show Release Notes');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'Show Release Notes' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'Release Notes' }).waitFor({ timeout: 30_000 });
    // The webview is an iframe holding the page's iframe; the page renders the host's body into #content.
    const pageFrame = page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
    await pageFrame.locator('#content .item').first().waitFor({ timeout: 30_000 });
    const sections = await pageFrame.locator('#content h2').allInnerTexts();
    assert.ok(sections.length >= 3, `sections: ${sections.join(' | ')}`);
    const shot = join(dirs.runDir, 'screenshot-release-notes.png');
    await page.screenshot({ path: shot });
    console.log(`    screenshot: ${shot}`);
  });
});
