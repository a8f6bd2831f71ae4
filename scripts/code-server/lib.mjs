// Shared helpers to run the real VS Code (code-server) and drive it with Playwright + Debian Chromium.
// See shared/recipes/vscode-tests.md. Every process started here is killed by PID in stop().
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

/** Resolves with a free TCP port on 127.0.0.1, preferring `preferred` when it is free. */
export async function freePort(preferred = 0) {
  const tryPort = (port) =>
    new Promise((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(undefined));
      srv.listen(port, '127.0.0.1', () => {
        const { port: got } = srv.address();
        srv.close(() => resolve(got));
      });
    });
  return (preferred && (await tryPort(preferred))) || tryPort(0);
}

/** Folders of one run: code-server's config, user data, extensions, and XDG dirs so nothing lands in $HOME. */
export function runDirs(runDir) {
  const d = {
    runDir,
    config: join(runDir, 'config.yaml'),
    userData: join(runDir, 'user-data'),
    extensions: join(runDir, 'extensions'),
    xdgConfig: join(runDir, 'xdg-config'),
    xdgData: join(runDir, 'xdg-data'),
    home: join(runDir, 'home'),
  };
  for (const dir of [d.userData, d.extensions, d.xdgConfig, d.xdgData, d.home]) mkdirSync(dir, { recursive: true });
  writeFileSync(d.config, 'auth: none\ncert: false\n');
  // Quiet workbench: no welcome page, no telemetry prompts, no extension recommendations.
  mkdirSync(join(d.userData, 'User'), { recursive: true });
  writeFileSync(
    join(d.userData, 'User', 'settings.json'),
    JSON.stringify(
      {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.ignoreRecommendations': true,
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'security.workspace.trust.enabled': false,
        'chat.disableAIFeatures': true,
        'workbench.enableExperiments': false,
        'update.mode': 'none',
        'git.openRepositoryInParentFolders': 'never',
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'workbench.editor.empty.hint': 'hidden',
      },
      null,
      2,
    ) + '\n',
  );
  return d;
}

// No extension gallery on these machines: point it at a closed local port so look-ups fail at once
// instead of waiting for DNS (code-server reads EXTENSIONS_GALLERY).
const NO_GALLERY = JSON.stringify({ serviceUrl: 'http://127.0.0.1:9/gallery', itemUrl: 'http://127.0.0.1:9/items' });

function codeServerEnv(dirs, env) {
  return { EXTENSIONS_GALLERY: NO_GALLERY, ...process.env, ...env, XDG_CONFIG_HOME: dirs.xdgConfig, XDG_DATA_HOME: dirs.xdgData };
}

/** Installs a .vsix into the run's extensions folder (code-server's CLI; exits when done). */
export function installVsix(tools, dirs, vsix) {
  const r = spawnSync(
    tools.node24,
    [tools.codeServerEntry, '--config', dirs.config, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions, '--install-extension', vsix],
    { env: codeServerEnv(dirs, {}), encoding: 'utf8', timeout: 120_000 },
  );
  if (r.status !== 0) {
    throw new Error(`code-server --install-extension ${vsix} failed (${r.status ?? r.error?.message ?? r.signal}):\n${r.stdout}${r.stderr}`);
  }
}

/**
 * Starts code-server with Node 24 on 127.0.0.1:<port> and waits for "HTTP server listening".
 * `env` reaches the extension host (it inherits code-server's environment).
 * Returns { url, port, child, stop }.
 */
export async function startCodeServer({ tools, dirs, folder, port, env = {}, smokeTestDriver = false, timeoutMs = 60_000, onOutput }) {
  const args = [
    tools.codeServerEntry,
    '--config', dirs.config,
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--user-data-dir', dirs.userData,
    '--extensions-dir', dirs.extensions,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    '--disable-getting-started-override',
    '--ignore-last-opened',
    ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
    folder,
  ];
  // A process group of its own, so stop() also ends the extension host and other children.
  const child = spawn(tools.node24, args, { env: codeServerEnv(dirs, env), stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  live.add(child);
  child.once('exit', () => live.delete(child));
  let output = '';
  const stop = () => killGroup(child);
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`code-server did not start within ${timeoutMs / 1000} s:\n${output.slice(-2000)}`)), timeoutMs);
    function done(err, value) {
      clearTimeout(timer);
      if (err) reject(err);
      else resolve(value);
    }
    const onData = (d) => {
      const s = d.toString();
      output += s;
      onOutput?.(s);
      const m = /HTTP server listening on (http:\/\/\S+)/.exec(output);
      if (m) done(undefined, m[1].replace(/\/$/, ''));
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code, signal) => done(new Error(`code-server exited early (${code ?? signal}):\n${output.slice(-2000)}`)));
  }).catch((e) => {
    stop();
    throw e;
  });
  return { url, port, child, stop };
}

/** Every code-server this process started and that has not exited yet. */
const live = new Set();

/** Stops every code-server this process started, also one still starting (for signal handlers). */
export function stopAllCodeServers() {
  return Promise.all([...live].map((child) => killGroup(child)));
}

/**
 * SIGTERM to the process group, SIGKILL after a grace period; resolves when no process of the group
 * is left (the server may fork an extension host while it is being stopped, so SIGKILL is repeated).
 */
export async function killGroup(child, graceMs = 3000) {
  if (!child?.pid) return;
  const pgid = child.pid;
  const signal = (sig) => {
    try {
      process.kill(-pgid, sig);
      return true;
    } catch {
      return false; // ESRCH: nobody left in the group
    }
  };
  if (!signal('SIGTERM')) return;
  if (child.exitCode === null && child.signalCode === null) {
    await new Promise((resolve) => {
      const t = setTimeout(resolve, graceMs);
      child.once('exit', () => {
        clearTimeout(t);
        resolve();
      });
    });
  }
  for (let i = 0; i < 20 && signal('SIGKILL'); i++) await new Promise((r) => setTimeout(r, 100));
}

/** Chromium flags that work headless as root (recipe, step 4). */
const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage',
];

/** Launches headless Debian Chromium through playwright-core, HOME pointed at the run. */
export async function launchChromium(tools, dirs) {
  const { chromium } = await import('playwright-core');
  return chromium.launch({
    executablePath: tools.chromium,
    headless: true,
    args: CHROMIUM_ARGS,
    env: { ...process.env, HOME: dirs.home },
    timeout: 60_000,
    // Our signal handlers stop code-server and then Chromium; Playwright's own would exit first.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

/** A run folder under .test-runs/<name>-<timestamp>. */
export function newRunDir(root, name) {
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const dir = join(root, '.test-runs', `${name}-${stamp}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}
