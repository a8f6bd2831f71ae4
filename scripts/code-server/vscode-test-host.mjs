#!/usr/bin/env node
// Stands in for the VS Code executable that @vscode/test-electron's runTests() launches
// (`vscodeExecutablePath`). It translates VS Code's test arguments into the recipe's steps
// (shared/recipes/vscode-tests.md): start code-server with the smoke-test driver, open the
// workbench in headless Chromium with a `payload` naming the development extension and the test
// index, relay the extension host's console (the mocha reporter) to stdout, and exit with the
// extension host's exit code.
//
// Understood arguments (others, e.g. --no-sandbox, are accepted and ignored):
//   --extensionDevelopmentPath=<dir>   --extensionTestsPath=<file>   <folder to open>
//   --user-data-dir=<dir>  (its parent is the run folder)   --extensions-dir=<dir>
//   --install-extension=<file.vsix>    (installed into the extensions dir before starting)
// The environment (runTests' extensionTestsEnv) reaches the extension host through code-server.
// UP_EDITOR_TIMEOUT_MS bounds the whole run (default 180 s).
import { createWriteStream, existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { toolPaths } from '../setup-tools.mjs';
import { freePort, installVsix, launchChromium, runDirs, startCodeServer, stopAllCodeServers } from './lib.mjs';

function parseArgs(argv) {
  const out = { devPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, vsix: [], folder: undefined };
  for (const a of argv) {
    const [k, ...rest] = a.split('=');
    const v = rest.join('=');
    if (k === '--extensionDevelopmentPath') out.devPaths.push(resolve(v));
    else if (k === '--extensionTestsPath') out.testsPath = resolve(v).replace(/\.js$/, '');
    else if (k === '--user-data-dir') out.userDataDir = resolve(v);
    else if (k === '--extensions-dir') out.extensionsDir = resolve(v);
    else if (k === '--install-extension') out.vsix.push(resolve(v));
    else if (!a.startsWith('-')) out.folder = resolve(a);
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const timeoutMs = Number(process.env.UP_EDITOR_TIMEOUT_MS || 180_000);
const tools = toolPaths();
/** Prefix test/editor/suite/index.ts puts on the mocha reporter's lines (keep the two in sync). */
const MOCHA_MARK = '[mocha] ';
const debug = (m) => process.env.UP_DEBUG && console.error(`[vscode-test-host] ${new Date().toISOString()} ${m}`);
let server;
let browser;
let finished = false;

/** Stops Chromium and code-server (by PID / process group) and exits with `code`. */
async function finish(code, message) {
  if (finished) return;
  finished = true;
  if (message) console.error(`[vscode-test-host] ${message}`);
  const b = browser;
  browser = undefined;
  await Promise.race([b?.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
  await stopAllCodeServers();
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => void finish(130, `stopped by ${sig}`));
// runTests does not forward SIGTERM: when the tier that started us is gone, stop as well.
const parent = process.ppid;
setInterval(() => process.ppid !== parent && void finish(1, 'the test runner exited'), 1000).unref();

async function main() {
  if (!args.testsPath) return finish(2, 'missing --extensionTestsPath');
  for (const p of [tools.node24, tools.codeServerEntry, tools.chromium]) {
    if (!existsSync(p)) return finish(2, `${p} is missing; run \`npm run setup:tools\` first`);
  }
  // runTests passes --user-data-dir; its parent is the run folder (or a temporary one).
  const runDir = args.userDataDir ? dirname(args.userDataDir) : mkdtempSync(resolve(tmpdir(), 'up-editor-'));
  const dirs = runDirs(runDir);
  if (args.extensionsDir) dirs.extensions = args.extensionsDir;
  if (args.userDataDir) dirs.userData = args.userDataDir;
  for (const vsix of args.vsix) installVsix(tools, dirs, vsix);

  const timer = setTimeout(() => void finish(1, `timed out after ${timeoutMs / 1000} s (extension host hung or crashed)`), timeoutMs);
  timer.unref();

  const folder = args.folder ?? runDir;
  const port = await freePort();
  // finish() may have run while we awaited: start nothing it would not stop.
  if (finished) return;
  debug('starting code-server');
  server = await startCodeServer({ tools, dirs, folder, port, smokeTestDriver: true });
  const authority = 'remote'; // code-server's remote authority (recipe, step 2)
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [
    ...args.devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(args.testsPath)],
    ['skipWelcome', 'true'],
    ['skipReleaseNotes', 'true'],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  debug(`code-server at ${server.url}; launching Chromium`);
  if (finished) return;
  browser = await launchChromium(tools, dirs);
  if (finished) return void browser.close();
  const page = await browser.newPage();
  // The extension host's exit code (0 when every test passed) and the window's log files, kept in the run folder.
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    for (const { relativePath, contents } of Array.isArray(logs) ? logs : []) {
      const file = join(runDir, 'logs', relativePath);
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, contents);
    }
    void finish(Number(code) === 0 ? 0 : 1, Number(code) === 0 ? undefined : `extension host exited with ${code}; logs in ${join(runDir, 'logs')}`);
  });
  // The window log, which carries the extension host's console (the mocha reporter's lines).
  // The window log, which carries the extension host's console. The test index marks the mocha
  // reporter's lines; those go to stdout, everything goes to <run>/window.log.
  const windowLog = createWriteStream(join(runDir, 'window.log'));
  await page.exposeFunction('codeAutomationLog', (level, message) => {
    const text = (Array.isArray(message) ? message : [message]).map((m) => (typeof m === 'string' ? m : JSON.stringify(m))).join(' ');
    windowLog.write(`${new Date().toISOString()} [${level}] ${text}\n`);
    for (const line of text.split('\n')) {
      if (line.startsWith(MOCHA_MARK)) console.log(line.slice(MOCHA_MARK.length));
    }
    // Errors of our extension or of the extension host itself are worth seeing (first line only).
    if (level === 'error' && /upgrade-planner|extension host/i.test(text)) console.error(`[window] ${text.split('\n')[0]}`);
  });
  page.on('crash', () => void finish(1, 'the workbench page crashed'));
  debug('opening the workbench');
  await page.goto(url, { timeout: 60_000 });
  debug('workbench page loaded');
}

main().catch((e) => void finish(1, e instanceof Error ? e.message : String(e)));
