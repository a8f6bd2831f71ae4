// UI tier (mocha, plain ESM): Playwright + Debian Chromium drive the real VS Code (code-server)
// with the packaged .vsix installed. Opens the Upgrade Planner from the activity bar, checks the
// Clusters view and its rows, and saves a screenshot into the run folder (and media/ on request).
// Then drives the Release Notes page itself: clicks "Mark reviewed" inside the webview and reads the
// saved plan file, and reloads the window to see the panel restored by its serializer. The workspace
// is a copy of test/workspace in the run folder, so the plan edits leave git clean.
// Environment, set by scripts/tiers/ui.mjs: UP_VSIX, UP_KUBECONFIG_FILE, UP_RUN_DIR, UP_SCREENSHOT_OUT;
// UP_SCREENSHOT_EXPAND=1 expands the current context before the picture (for a reachable cluster).
import assert from 'node:assert/strict';
import { copyFileSync, cpSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { runDirs } from '../../scripts/code-server/lib.mjs';
import { workbench } from './workbench.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = (name) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set; run the UI tier with \`npm run test:ui\``);
  return v;
};

describe('UI: Upgrade Planner in the real VS Code', function () {
  this.timeout(180_000);
  const kubeconfig = env('UP_KUBECONFIG_FILE');
  const contexts = (parse(readFileSync(kubeconfig, 'utf8')).contexts ?? []).map((c) => c.name);
  const dirs = runDirs(env('UP_RUN_DIR'));
  const workspace = join(dirs.runDir, 'workspace');
  const planFile = join(workspace, 'plans', 'valid.upgradeplan.yaml');
  let page;

  const w = workbench({
    dirs, workspace, kubeconfig, vsix: env('UP_VSIX'), viewport: { width: 1280, height: 760 },
    prepare: () => {
      cpSync(join(root, 'test', 'workspace'), workspace, { recursive: true });
    },
  });
  before(() => {
    page = w.page;
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

  /** Runs a command from the palette by its title (the first row that shows it once typed). */
  async function runCommand(title) {
    await page.keyboard.press('Control+Shift+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
    await page.keyboard.type(title);
    await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
  }

  /** The Release Notes page: the webview is an iframe holding the page's iframe. */
  const notesPage = () => page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame');
  const notesTab = () => page.locator('.tabs-container .tab', { hasText: 'Release Notes: prod-k3s-1-33' });

  /** Polls `read` until it returns a value other than undefined (no fixed sleep). */
  async function until(what, read, timeoutMs = 30_000) {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const v = read();
      if (v !== undefined) return v;
      if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The saved plan's checklist item, once it is in the state `want` says. */
  function planItem(id, want) {
    const item = (parse(readFileSync(planFile, 'utf8')).checklist ?? []).find((e) => e.id === id);
    return item && want(item) ? item : undefined;
  }

  it('shows a plan\'s Release Notes from the command palette, rendered in the webview under its CSP', async () => {
    // Open the plan (Quick Open), then the command from the palette: it takes the plan in the active editor.
    await page.keyboard.press('Control+P');
    await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
    await page.keyboard.type('valid.upgradeplan.yaml');
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'valid.upgradeplan.yaml' }).first().waitFor({ timeout: 15_000 });
    await page.keyboard.press('Enter');
    await page.locator('.tabs-container .tab', { hasText: 'valid.upgradeplan.yaml' }).waitFor({ timeout: 15_000 });
    await runCommand('Upgrade Planner: Show Release Notes');
    await notesTab().waitFor({ timeout: 30_000 });
    // The page renders the host's body into #content.
    const pageFrame = notesPage();
    await pageFrame.locator('#content .item').first().waitFor({ timeout: 30_000 });
    const sections = await pageFrame.locator('#content h2').allInnerTexts();
    assert.ok(sections.length >= 3, `sections: ${sections.join(' | ')}`);
    const shot = join(dirs.runDir, 'screenshot-release-notes.png');
    await page.screenshot({ path: shot });
    console.log(`    screenshot: ${shot}`);
    // `npm run screenshot`: the README's picture goes beside the explorer's (media/).
    if (process.env.UP_SCREENSHOT_OUT) {
      const out = join(dirname(process.env.UP_SCREENSHOT_OUT), 'screenshot-release-notes.png');
      copyFileSync(shot, out);
      console.log(`    screenshot: ${out}`);
    }
  });

  it('"Mark reviewed" clicked inside the page records the K3s range, reviewer and date in the plan file', async () => {
    assert.ok(!planItem('release-notes-k3s', () => true), 'the plan has no K3s review item before');
    const pageFrame = notesPage();
    const mark = pageFrame.locator('[data-review="k3s"]');
    await mark.locator('button.mark-reviewed').click({ timeout: 30_000 });
    // The host recorded it and the page replaced the button with the review.
    await pageFrame.locator('[data-review="k3s"].reviewed').waitFor({ timeout: 30_000 });
    assert.match(await mark.innerText(), /^✓ reviewed v1\.30\.4\+k3s1 → v1\.33\.7\+k3s3 by .+ on \d{4}-\d\d-\d\d$/);
    assert.equal(await pageFrame.locator('[data-review="rook"] button.mark-reviewed').count(), 1, 'Rook is still to review');
    // The edit is a WorkspaceEdit (undo works); saving writes it to the file.
    await runCommand('File: Save All');
    const today = new Date().toISOString().slice(0, 10);
    const item = await until('the saved plan to hold the K3s review', () => planItem('release-notes-k3s', (e) => e.state === 'done'));
    assert.equal(item.evidence, 'reviewed v1.30.4+k3s1 → v1.33.7+k3s3');
    assert.ok(typeof item.by === 'string' && item.by.trim(), `by: ${item.by}`);
    assert.ok(String(item.at).startsWith(today), `at: ${item.at}`);
    assert.equal(planItem('release-notes-rook', () => true), undefined, 'only the component clicked is recorded');
  });

  it('after "Developer: Reload Window" the serializer restores the panel: same plan, title, filter and open sections', async () => {
    const pageFrame = notesPage();
    // Open "All changes" of K3s (closed by default) and filter: the page keeps both in its state.
    await pageFrame.locator('details[data-key="k3s/changes"] > summary').click();
    await pageFrame.locator('details[data-key="k3s/changes"][open]').waitFor({ timeout: 10_000 });
    await pageFrame.locator('#filter').fill('CVE-2025-30215');
    await pageFrame.locator('#filter-count', { hasText: /^\d+ of \d+ items$/ }).waitFor({ timeout: 10_000 });
    const reloaded = page.waitForEvent('framenavigated', { predicate: (f) => f === page.mainFrame(), timeout: 30_000 });
    await runCommand('Developer: Reload Window');
    await reloaded;
    await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
    await notesTab().waitFor({ timeout: 60_000 });
    const restored = notesPage();
    // The notes are computed again from the plan (its review now shows as done), not kept by the page;
    // the kept filter shows only the matching items.
    await restored.locator('#content .item:not([hidden])').first().waitFor({ timeout: 60_000 });
    assert.equal(await restored.locator('#content h1').innerText(), 'prod-k3s-1-33');
    assert.match(await restored.locator('[data-review="k3s"].reviewed').innerText(), /^✓ reviewed v1\.30\.4\+k3s1 → v1\.33\.7\+k3s3/);
    assert.equal(await restored.locator('#filter').inputValue(), 'CVE-2025-30215');
    assert.match(await restored.locator('#filter-count').innerText(), /^\d+ of \d+ items$/);
    assert.equal(await restored.locator('details[data-key="k3s/changes"][open]').count(), 1, 'All changes of K3s is still open');
    assert.equal(await restored.locator('details[data-key="rook/changes"][open]').count(), 0, 'All changes of Rook is still closed');
    const shot = join(dirs.runDir, 'screenshot-release-notes-restored.png');
    await page.screenshot({ path: shot });
    console.log(`    screenshot: ${shot}`);
  });
});
