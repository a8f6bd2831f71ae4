// What the UI tests share: the real VS Code for a suite, and driving its command palette and Quick Open with Playwright.
import { join } from 'node:path';
import { toolPaths } from '../../scripts/setup-tools.mjs';
import { freePort, installVsix, launchChromium, startCodeServer, stopAllCodeServers } from '../../scripts/code-server/lib.mjs';

/** Runs exactly the command titled so from the palette (a click on its row: "Focus on Preflight View" matches "Preflight" too). */
export async function palette(page, title) {
  await page.keyboard.press('Control+Shift+P');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
  await page.keyboard.type(title);
  const exact = new RegExp(`^${title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ has: page.locator('.label-name', { hasText: exact }) }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
}

/** Opens a workspace file by name (Quick Open) and, for a plan, waits for its CodeLens: the extension is active and has the editor. */
export async function openPlan(page, fileName) {
  await page.keyboard.press('Control+P');
  await page.locator('.quick-input-widget input').waitFor({ timeout: 15_000 });
  await page.keyboard.type(fileName);
  // The row of that file, clicked (Enter opens the top row, which may be another file whose path matches too).
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first();
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  await page.locator('.tabs-container .tab.active', { hasText: fileName }).waitFor({ timeout: 15_000 });
  await page.locator('.codelens-decoration', { hasText: 'Preflight' }).first().waitFor({ timeout: 60_000 });
}

/**
 * The real VS Code for one suite: in a before hook, `prepare()` (write the workspace), the .vsix installed,
 * code-server started on `workspace` with `kubeconfig`, Chromium opened on it; a screenshot of a failed test
 * into the run folder; everything stopped after (and on Ctrl-C). Call inside `describe`; read `.page` in tests.
 */
export function workbench({ dirs, workspace, kubeconfig, vsix, viewport = { width: 1280, height: 800 }, prepare }) {
  const w = { page: undefined, server: undefined, browser: undefined };
  // code-server runs in its own process group: stop it on Ctrl-C too, not only in after().
  const onSignal = () => void stopAllCodeServers().finally(() => process.exit(130));
  before(async () => {
    process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
    await prepare?.();
    const tools = toolPaths();
    installVsix(tools, dirs, vsix);
    w.server = await startCodeServer({ tools, dirs, folder: workspace, port: await freePort(), env: { KUBECONFIG: kubeconfig } });
    w.browser = await launchChromium(tools, dirs);
    w.page = await w.browser.newPage({ viewport });
    await w.page.goto(`${w.server.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
    await w.page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
  });
  afterEach(async function () {
    if (this.currentTest?.state === 'failed' && w.page) {
      await w.page.screenshot({ path: join(dirs.runDir, 'failure.png') }).catch(() => {});
      console.log(`    failure screenshot: ${join(dirs.runDir, 'failure.png')}`);
    }
  });
  after(async () => {
    await Promise.race([w.browser?.close(), new Promise((r) => setTimeout(r, 5000))]);
    await w.server?.stop();
    process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
  });
  return w;
}
