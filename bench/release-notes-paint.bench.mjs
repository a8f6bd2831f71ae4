#!/usr/bin/env node
// Release Notes in the real VS Code: from the command (the palette's Enter) to the first paint of the page's
// content, for the K3s diff v1.24.0+k3s1 → the newest v1.35 the bundled catalog knows (goal ≤ 300 ms).
// Playwright + headless Debian Chromium drive code-server with the packaged .vsix installed (as the UI tier),
// on a copy of test/workspace holding a plan of that range; no cluster (the editor tier's fixture kubeconfig).
// Each sample: the plan is the active editor, "Upgrade Planner: Show Release Notes" is run from the palette, and
// the time is taken in the browser: the Enter keydown in the workbench, then the first animation frame in which
// the webview's page (`iframe#active-frame`, shown) has a laid-out `#content .item`, i.e. the frame that paints it.
// The panel is closed between samples; the first sample (first webview of the window) is reported as cold.
// Where the time goes, per sample: the host side (view computed, page "ready", body rendered and posted) from the
// extension's debug log (its channel set to Debug), the browser side (webview frames started, page script loaded)
// from the frames' performance timeline; all on the same machine clock as the Enter.
// Usage: npm run package && node bench/release-notes-paint.bench.mjs [samples=7]
//   (packages first when dist/kube-upgrade-planner.vsix is missing; shares the machine with the UI and editor tiers:
//   `flock /tmp/editor-tier.lock node bench/release-notes-paint.bench.mjs`). Prints the load average too.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools, toolPaths } from '../scripts/setup-tools.mjs';
import { freePort, installVsix, launchChromium, newRunDir, runDirs, startCodeServer, stopAllCodeServers } from '../scripts/code-server/lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = Number.isInteger(Number(process.argv[2])) && Number(process.argv[2]) >= 2 ? Number(process.argv[2]) : 7;
const GOAL_MS = 300;
const EXTENSION_ID = 'upgrade-planner.kube-upgrade-planner';
const FROM = 'v1.24.0+k3s1';
const COMMAND = 'Upgrade Planner: Show Release Notes';
const PLAN_NAME = 'bench-k3s-1-24-to-1-35';
const vsix = join(root, 'dist', 'kube-upgrade-planner.vsix');

ensureTools();
if (!existsSync(vsix)) {
  console.log('[bench] dist/kube-upgrade-planner.vsix is missing: npm run package');
  const r = spawnSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error('[bench] npm run package failed');
    process.exit(1);
  }
} else if (newestMtime(join(root, 'src')) > statSync(vsix).mtimeMs) {
  console.log('[bench] note: dist/kube-upgrade-planner.vsix is older than src/; run `npm run package` to time the current code');
}

const tools = toolPaths();
const dirs = runDirs(newRunDir(root, 'bench-release-notes'));
const workspace = join(dirs.runDir, 'workspace');
cpSync(join(root, 'test', 'workspace'), workspace, { recursive: true });
// The bundled catalog only: no online refresh replacing it halfway.
const settingsFile = join(dirs.userData, 'User', 'settings.json');
writeFileSync(settingsFile, JSON.stringify({ ...JSON.parse(readFileSync(settingsFile, 'utf8')), 'upgradePlanner.onlineReleaseData': false }, null, 2) + '\n');
installVsix(tools, dirs, vsix);
const to = newestPatch(bundledCatalog(), '1.35');
const planFile = `${PLAN_NAME}.upgradeplan.yaml`;
writeFileSync(
  join(workspace, 'plans', planFile),
  [
    '# Written by bench/release-notes-paint.bench.mjs: the K3s range whose Release Notes are timed.',
    'apiVersion: upgradeplanner.dev/v1alpha1',
    'kind: UpgradePlan',
    'metadata:',
    `  name: ${PLAN_NAME}`,
    'cluster:',
    '  contextName: homelab-admin',
    '  distribution: k3s',
    'components:',
    '  k3s:',
    `    current: ${FROM}`,
    `    target: ${to}`,
    '',
  ].join('\n'),
);
console.log(`[bench] K3s ${FROM} → ${to}, ${samples} samples; run folder ${dirs.runDir}`);

let server;
let browser;
const onSignal = () => void stopAllCodeServers().finally(() => process.exit(130));
process.once('SIGINT', onSignal).once('SIGTERM', onSignal);
let failed = false;
try {
  const kubeconfig = join(root, 'test', 'editor', 'fixtures', 'kubeconfig.yaml');
  server = await startCodeServer({ tools, dirs, folder: workspace, port: await freePort(), env: { KUBECONFIG: kubeconfig } });
  browser = await launchChromium(tools, dirs);
  const page = await browser.newPage({ viewport: { width: 1280, height: 760 } });
  await page.goto(`${server.url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
  await page.locator('.monaco-workbench .part.activitybar').waitFor({ timeout: 90_000 });
  const ui = workbench(page);

  // Open the plan; its CodeLens shows once the extension is active (onLanguage:yaml).
  await ui.quickOpen(planFile);
  await page.locator('.monaco-editor .codelens-decoration', { hasText: 'Release notes' }).first().waitFor({ timeout: 60_000 });
  const hostLog = await ui.debugLog();
  // The Enter that runs the command, timed in the workbench itself.
  await page.evaluate(() => {
    window.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' && globalThis.__upEnterAt === 0) globalThis.__upEnterAt = Date.now();
    }, true);
  });

  const runs = [];
  for (let i = 0; i < samples; i++) {
    const logFrom = hostLog?.size() ?? 0;
    await ui.palette(COMMAND);
    await page.evaluate(() => void (globalThis.__upEnterAt = 0));
    const painted = firstPaint(page, 60_000);
    await page.keyboard.press('Enter');
    const paint = await painted;
    const enterAt = await page.evaluate(() => globalThis.__upEnterAt);
    if (!enterAt) throw new Error('the Enter keydown was not seen by the workbench');
    // The panel shows the plan's range: the check the UI tier makes (title and a visible item).
    await ui.notesTab().waitFor({ timeout: 10_000 });
    await ui.notesPage().locator('#content .item').first().waitFor({ timeout: 10_000 });
    const host = hostLog ? await hostLog.runFigures(logFrom, enterAt) : undefined;
    const steps = await browserSteps(paint.frame, enterAt);
    runs.push({ ms: paint.at - enterAt, items: paint.items, late: paint.late, host, steps });
    console.log(`  ${i === 0 ? 'cold' : `run ${i}`}: ${paint.at - enterAt} ms to first paint (${paint.items} items${paint.late ? '; page probed after it rendered: upper bound' : ''})`);
    if (steps) console.log(`    browser: webview frame started at +${steps.webviewAt} ms, page frame at +${steps.pageFrameAt} ms, page script loaded at +${steps.scriptAt} ms, style at +${steps.styleAt} ms`);
    if (host) console.log(`    host: ${hostText(host)}`);
    await ui.closeNotes();
  }
  report(runs);
} catch (e) {
  failed = true;
  console.error(`[bench] failed: ${e?.stack ?? e}`);
} finally {
  await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]);
  await server?.stop();
  process.off('SIGINT', onSignal).off('SIGTERM', onSignal);
}
process.exit(failed ? 1 : process.exitCode ?? 0);

/** The workbench actions the samples need. */
function workbench(page) {
  const input = page.locator('.quick-input-widget input');
  const row = (text) => page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  const notesTab = () => page.locator('.tabs-container .tab', { hasText: `Release Notes: ${PLAN_NAME}` });
  return {
    notesTab,
    notesPage: () => page.frameLocator('iframe.webview.ready').last().frameLocator('iframe#active-frame'),
    async quickOpen(file) {
      await page.keyboard.press('Control+P');
      await input.waitFor({ timeout: 15_000 });
      await page.keyboard.type(file);
      await row(file).waitFor({ timeout: 15_000 });
      await page.keyboard.press('Enter');
      await page.locator('.tabs-container .tab.active', { hasText: file }).waitFor({ timeout: 15_000 });
    },
    /** Opens the palette with `title` typed and its row shown; the caller presses Enter. */
    async palette(title) {
      await page.keyboard.press('Control+Shift+P');
      await input.waitFor({ timeout: 15_000 });
      await page.keyboard.type(title);
      await row(title).waitFor({ timeout: 15_000 });
    },
    async closeNotes() {
      await notesTab().locator('.tab-actions .action-label[aria-label^="Close"]').click({ timeout: 10_000 });
      await notesTab().waitFor({ state: 'detached', timeout: 15_000 });
      await page.waitForFunction(() => document.querySelectorAll('iframe.webview').length === 0, undefined, { timeout: 15_000 });
      await page.locator('.tabs-container .tab.active', { hasText: planFile }).waitFor({ timeout: 15_000 });
    },
    /** Sets the extension's log channel to Debug ("Developer: Set Log Level…") and returns its log file; undefined when that fails. */
    async debugLog() {
      try {
        await this.palette('Developer: Set Log Level');
        await page.keyboard.press('Enter');
        await page.keyboard.type('Upgrade Planner');
        await row('Upgrade Planner').waitFor({ timeout: 15_000 });
        await page.keyboard.press('Enter');
        await row('Debug').waitFor({ timeout: 15_000 });
        await page.keyboard.type('Debug');
        await row('Debug').waitFor({ timeout: 15_000 });
        await page.keyboard.press('Enter');
        await input.waitFor({ state: 'hidden', timeout: 15_000 });
        const file = await until('the extension\'s log file', () => findFile(join(dirs.userData, 'logs'), 'Upgrade Planner.log'), 15_000);
        return hostLogOf(file);
      } catch (e) {
        console.log(`[bench] the host side is not timed: the log level could not be set (${String(e).split('\n')[0]})`);
        await page.keyboard.press('Escape');
        return undefined;
      }
    },
  };
}

/**
 * Resolves with the browser time of the first animation frame in which the Release Notes page shows an item:
 * every webview page frame (fake.html) that appears is probed from the start with requestAnimationFrame.
 */
function firstPaint(page, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const probed = new Set();
    const timer = setTimeout(() => finish(new Error(`no Release Notes item painted within ${timeoutMs} ms`)), timeoutMs);
    function finish(err, value) {
      clearTimeout(timer);
      page.off('frameattached', onFrame).off('framenavigated', onFrame);
      if (err) reject(err);
      else resolve(value);
    }
    function onFrame(frame) {
      if (probed.has(frame) || !frame.url().includes('/fake.html')) return;
      probed.add(frame);
      void probe(frame).then((v) => v && finish(undefined, v), () => {});
    }
    async function probe(frame) {
      // The page's document is written into the frame after it loads: probe again when its context is replaced.
      while (!frame.isDetached() && Date.now() < deadline) {
        try {
          const v = await frame.evaluate(PAINT_PROBE, timeoutMs);
          return v && { ...v, frame };
        } catch {
          // execution context destroyed: loop
        }
      }
      return undefined;
    }
    page.on('frameattached', onFrame).on('framenavigated', onFrame);
    for (const f of page.frames()) onFrame(f);
  });
}

/** Where the browser's part went, in ms after the Enter: the webview's frames started, the page's script and style loaded. */
async function browserSteps(frame, enterAt) {
  try {
    const inner = await frame.evaluate(() => ({
      origin: performance.timeOrigin,
      resources: performance.getEntriesByType('resource').map((e) => ({ name: e.name.split('?')[0], end: e.responseEnd })),
    }));
    const outer = await frame.parentFrame()?.evaluate(() => performance.timeOrigin);
    const loaded = (suffix) => {
      const r = inner.resources.find((x) => x.name.endsWith(suffix));
      return r ? Math.round(inner.origin + r.end - enterAt) : undefined;
    };
    return {
      webviewAt: outer === undefined ? undefined : Math.round(outer - enterAt),
      pageFrameAt: Math.round(inner.origin - enterAt),
      scriptAt: loaded('/releaseNotes.js'),
      styleAt: loaded('/releaseNotes.css'),
    };
  } catch {
    return undefined; // the frame went away: no breakdown for this sample
  }
}

/** Runs in a webview page frame: the first animation frame with a laid-out `#content .item` in the shown frame. */
function PAINT_PROBE(timeoutMs) {
  const end = Date.now() + timeoutMs;
  return new Promise((resolve) => {
    const shows = () => {
      const frame = window.frameElement;
      const item = document.querySelector('#content .item');
      return frame && frame.id === 'active-frame' && frame.style.visibility !== 'hidden' && item && item.getClientRects().length > 0;
    };
    if (shows()) {
      resolve({ at: Date.now(), items: document.querySelectorAll('#content .item').length, late: true });
      return;
    }
    const tick = () => {
      if (shows()) resolve({ at: Date.now(), items: document.querySelectorAll('#content .item').length, late: false });
      else if (Date.now() > end) resolve(undefined);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
}

/** The extension's log file: what one sample logged (the debug lines of src/commands/releaseNotes.ts and the panel). */
function hostLogOf(file) {
  const read = () => readFileSync(file, 'utf8');
  const at = (line) => Date.parse(line.slice(0, 23).replace(' ', 'T'));
  return {
    size: () => Buffer.byteLength(read()),
    /** Waits for the page's "rendered" report of this sample; times relative to the Enter (same machine clock). */
    async runFigures(from, enterAt) {
      const lines = await until('the page\'s "rendered" report in the log', () => {
        const l = Buffer.from(read()).subarray(from).toString('utf8').split('\n');
        return l.some((x) => x.includes('Release Notes: the page shows')) ? l : undefined;
      }, 10_000).catch(() => undefined);
      if (!lines) return undefined;
      const find = (re) => {
        for (const line of lines) {
          const m = re.exec(line);
          if (m) return { at: at(line) - enterAt, m };
        }
        return undefined;
      };
      const computed = find(/Release Notes: view of \d+ range\(s\) computed in (\d+) ms/);
      const posted = find(/Release Notes: posted (\d+) KB in (\d+) ms/);
      const shown = find(/Release Notes: the page shows (\d+) items/);
      return {
        computeMs: computed ? Number(computed.m[1]) : undefined,
        computedAt: computed?.at,
        renderPostMs: posted ? Number(posted.m[2]) : undefined,
        bodyKB: posted ? Number(posted.m[1]) : undefined,
        postedAt: posted?.at,
        // The page's "ready" reached the host just before the body was rendered for it.
        readyAt: posted ? posted.at - Number(posted.m[2]) : undefined,
        reportedAt: shown?.at,
      };
    },
  };
}

function hostText(h) {
  return `view computed in ${h.computeMs} ms (at +${h.computedAt} ms), page ready at +${h.readyAt} ms, body ${h.bodyKB} KB rendered and posted in ${h.renderPostMs} ms (at +${h.postedAt} ms), page's "rendered" logged at +${h.reportedAt} ms`;
}

function report(runs) {
  const warm = runs.slice(1).map((r) => r.ms).sort((a, b) => a - b);
  const pct = (q) => warm[Math.min(warm.length - 1, Math.ceil(q * warm.length) - 1)];
  const hostMedian = (k) => {
    const xs = runs.slice(1).map((r) => (typeof k === 'function' ? k(r) : r.host?.[k])).filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
    return xs.length ? xs[Math.floor(xs.length / 2)] : undefined;
  };
  const median = warm[Math.floor(warm.length / 2)];
  const rows = [
    ['range', `K3s ${FROM} → ${to} (${runs[0].items} items painted first; the closed "All changes" lists load when opened)`],
    ['samples', `${runs.length} (1 cold + ${warm.length} warm)`],
    ['cold', `${runs[0].ms} ms`],
    ['median (warm)', `${median} ms`],
    ['p95 (warm)', `${pct(0.95)} ms`],
    ['min (warm)', `${warm[0]} ms`],
    ['max (warm)', `${warm.at(-1)} ms`],
    ['goal', `${GOAL_MS} ms (median ${median <= GOAL_MS ? 'meets it' : 'misses it'})`],
    ['host: view computed (median warm)', fmt(hostMedian('computeMs'))],
    ['host: body rendered + posted (median warm)', fmt(hostMedian('renderPostMs'))],
    ['host: cold compute / render+post', `${fmt(runs[0].host?.computeMs)} / ${fmt(runs[0].host?.renderPostMs)}`],
    ['Enter → view computed (median warm)', fmt(hostMedian('computedAt'))],
    ['Enter → webview frame started (median warm)', fmt(hostMedian((r) => r.steps?.webviewAt))],
    ['Enter → page script loaded (median warm)', fmt(hostMedian((r) => r.steps?.scriptAt))],
    ['Enter → page "ready" at the host (median warm)', fmt(hostMedian('readyAt'))],
    ['body posted → first paint (median warm)', fmt(hostMedian((r) => r.ms - r.host?.postedAt))],
    ['load average (1/5/15 min)', loadavg().map((x) => x.toFixed(2)).join(' ')],
  ];
  if (runs.some((r) => r.late)) rows.push(['note', 'some samples were probed after the page rendered (upper bounds)']);
  const w = Math.max(...rows.map((r) => r[0].length));
  console.log('\nRelease Notes: command → first paint in the real VS Code (code-server + headless Chromium)');
  for (const [k, v] of rows) console.log(`  ${k.padEnd(w)}  ${v}`);
  process.exitCode = median <= GOAL_MS ? 0 : 1;
}

function fmt(ms) {
  return ms === undefined ? 'not logged' : `${ms} ms`;
}

/** The catalog the installed .vsix ships (dist/catalog/catalog.json inside the extension folder). */
function bundledCatalog() {
  const ext = readdirSync(dirs.extensions).find((d) => d.startsWith(`${EXTENSION_ID}-`));
  if (!ext) throw new Error(`${EXTENSION_ID} is not installed in ${dirs.extensions}`);
  return JSON.parse(readFileSync(join(dirs.extensions, ext, 'dist', 'catalog', 'catalog.json'), 'utf8'));
}

/** The newest K3s release of a Kubernetes minor ("1.35"): highest patch, then highest k3s revision. */
function newestPatch(catalog, minor) {
  const re = new RegExp(`^v${minor.replace('.', '\\.')}\\.(\\d+)\\+k3s(\\d+)$`);
  const found = (catalog.k3s ?? [])
    .map((r) => ({ version: r.version, m: re.exec(r.version ?? '') }))
    .filter((r) => r.m)
    .sort((a, b) => Number(a.m[1]) - Number(b.m[1]) || Number(a.m[2]) - Number(b.m[2]));
  if (found.length === 0) throw new Error(`the bundled catalog has no K3s v${minor} release`);
  return found.at(-1).version;
}

/** Newest modification time of the files under `dir`. */
function newestMtime(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) newest = Math.max(newest, statSync(join(e.parentPath, e.name)).mtimeMs);
  }
  return newest;
}

/** The first file named `name` under `dir`, or undefined. */
function findFile(dir, name) {
  if (!existsSync(dir)) return undefined;
  const e = readdirSync(dir, { withFileTypes: true, recursive: true }).find((x) => x.isFile() && x.name === name);
  return e && join(e.parentPath, e.name);
}

/** Polls `read` until it returns a value other than undefined (no fixed sleep). */
async function until(what, read, timeoutMs) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = read();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
