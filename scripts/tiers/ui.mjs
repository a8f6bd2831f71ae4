#!/usr/bin/env node
// UI tier (`node scripts/tiers/ui.mjs [--grep TEXT] [--screenshot]`): packages the extension, then runs test/ui/*.test.mjs with mocha (Playwright +
// Debian Chromium against code-server with the .vsix installed). Each run's screenshot goes to
// .test-runs/ui-<time>/; media/screenshot-explorer.png (the README's) is written only when missing
// or with --screenshot (`npm run screenshot`), so a normal test run leaves git clean.
// KUBECONFIG: $UP_KUBECONFIG (with UP_CONTEXT_ADMIN, the context to act on) when set; else the k3s-demo cluster
// (cluster/lib/cluster.mjs) is started for the tier, and with --screenshot its current context is expanded for the picture.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureTools } from '../setup-tools.mjs';
import { newRunDir } from '../code-server/lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const media = join(root, 'media', 'screenshot-explorer.png');
const screenshot = process.argv.includes('--screenshot');
// `--grep TEXT` runs only the matching tests (mocha's --grep), for work on one of them.
const grepAt = process.argv.indexOf('--grep');
const grep = grepAt === -1 ? [] : ['--grep', process.argv[grepAt + 1] ?? ''];

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
  return r.status ?? 1;
}

ensureTools();
console.log('[ui] npm run package');
if (run('npm', ['run', '--silent', 'package']) !== 0) {
  console.error('[ui] npm run package failed');
  process.exit(1);
}

// Ctrl-C reaches mocha (same process group), which stops its code-server and Chromium; this
// process only has to stop the cluster it started, so it does not die at the first signal.
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (interrupted = true));

let kubeconfig = process.env.UP_KUBECONFIG ? resolve(process.env.UP_KUBECONFIG) : undefined;
let context = process.env.UP_CONTEXT_ADMIN;
let cluster;
// The tests click through actions on a cluster (the backup's guard rails): without UP_KUBECONFIG, the k3s-demo
// cluster is started for the tier (its binaries are the cluster tier's, built once).
if (!kubeconfig) {
  const { ensureBinaries, startCluster, stopClusterDir } = await import(pathToFileURL(join(root, 'cluster', 'lib', 'cluster.mjs')).href);
  const dir = join(root, '.test-runs', screenshot ? 'screenshot-cluster' : 'ui-cluster');
  await ensureBinaries();
  if (existsSync(dir)) await stopClusterDir(dir);
  cluster = await startCluster({ scenario: 'k3s-demo', dir, simulate: true });
  kubeconfig = cluster.kubeconfig;
  context = cluster.contexts.admin;
  if (interrupted) {
    await cluster.stop();
    process.exit(130);
  }
}
const env = {
  ...process.env,
  UP_VSIX: join(root, 'dist', 'kube-upgrade-planner.vsix'),
  UP_KUBECONFIG_FILE: kubeconfig,
  ...(context ? { UP_CLUSTER_CONTEXT: context } : {}),
  UP_RUN_DIR: newRunDir(root, 'ui'),
  ...(screenshot || !existsSync(media) ? { UP_SCREENSHOT_OUT: media } : {}),
  ...(screenshot && cluster ? { UP_SCREENSHOT_EXPAND: '1' } : {}),
};
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
let code = 1;
try {
  code = run(process.execPath, [mocha, '--no-config', '--reporter', 'spec', '--no-color', '--exit', '--timeout', '180000', ...grep, 'test/ui/*.test.mjs'], env);
} finally {
  await cluster?.stop();
}
process.exit(interrupted ? 130 : code);
