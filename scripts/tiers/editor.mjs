#!/usr/bin/env node
// Editor tier: mocha inside the real VS Code extension host (code-server), started through
// @vscode/test-electron's runTests() with scripts/code-server/vscode-test-host.mjs as the "VS Code".
// Two runs of the same suite (test/editor/suite):
//   1. the working tree as development extension;
//   2. the .vsix from `npm run package`, installed into the run's extensions folder, with an empty
//      harness as development extension, so the installed copy is the one under test.
// KUBECONFIG for the extension host: $UP_KUBECONFIG when set (e.g. a real cluster's); else the tier
// starts the k3s-demo cluster (cluster/lib/cluster.mjs) so the explorer tests read a real API server;
// UP_EDITOR_FIXTURE=1 uses the offline fixture kubeconfig instead (no cluster, demo-only tests skip).
// UP_EDITOR_ONLY=dev or =vsix runs only one of the two.
// Prints the mocha reporter's lines; exits non-zero when a test fails or a host crashes or hangs.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { ensureTools } from '../setup-tools.mjs';
import { newRunDir } from '../code-server/lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vsix = join(root, 'dist', 'kube-upgrade-planner.vsix');
let kubeconfig = process.env.UP_KUBECONFIG ? resolve(process.env.UP_KUBECONFIG) : join(root, 'test', 'editor', 'fixtures', 'kubeconfig.yaml');

function npmRun(script) {
  console.log(`[editor] npm run ${script}`);
  const r = spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (r.status !== 0) {
    console.error(`[editor] npm run ${script} failed (${r.status ?? r.signal})`);
    process.exit(1);
  }
}

ensureTools();
// Package first (production bundle), then the development build: the dev run then gets source maps.
npmRun('package');
npmRun('build');
if (!existsSync(vsix)) {
  console.error(`[editor] ${vsix} was not produced by npm run package`);
  process.exit(1);
}

// The demo cluster for the explorer tests, stopped whatever happens below.
let cluster;
if (!process.env.UP_KUBECONFIG && process.env.UP_EDITOR_FIXTURE !== '1') {
  const { ensureBinaries, startCluster, stopClusterDir } = await import(pathToFileURL(join(root, 'cluster', 'lib', 'cluster.mjs')).href);
  const dir = join(root, '.test-runs', 'editor-cluster');
  await ensureBinaries();
  if (existsSync(dir)) await stopClusterDir(dir);
  console.log('[editor] starting the k3s-demo cluster');
  cluster = await startCluster({ scenario: 'k3s-demo', dir, simulate: true });
  kubeconfig = cluster.kubeconfig;
}

const runs = [
  { name: 'development extension', devPath: root, expectUnder: () => root },
  { name: 'installed .vsix', devPath: join(root, 'test', 'editor', 'vsix-harness'), vsix, expectUnder: (run) => join(run, 'extensions') },
];

// Ctrl-C: runTests stops the running host (which stops code-server and Chromium); run nothing more.
let interrupted = false;
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => (interrupted = true));

let failed = 0;
const only = process.env.UP_EDITOR_ONLY;
for (const r of runs.filter((x) => !only || only === (x.vsix ? 'vsix' : 'dev'))) {
  if (interrupted) break;
  const runDir = newRunDir(root, `editor-${r.vsix ? 'vsix' : 'dev'}`);
  console.log(`\n[editor] run: ${r.name} (${runDir})`);
  try {
    await runTests({
      vscodeExecutablePath: join(root, 'scripts', 'code-server', 'vscode-test-host.mjs'),
      extensionDevelopmentPath: r.devPath,
      extensionTestsPath: join(root, 'dist', 'test', 'editor', 'index'),
      launchArgs: [
        join(root, 'test', 'workspace'),
        `--user-data-dir=${join(runDir, 'user-data')}`,
        `--extensions-dir=${join(runDir, 'extensions')}`,
        ...(r.vsix ? [`--install-extension=${r.vsix}`] : []),
      ],
      extensionTestsEnv: {
        KUBECONFIG: kubeconfig,
        UP_EXPECT_KUBECONFIG: kubeconfig,
        UP_EXPECT_EXTENSION_UNDER: r.expectUnder(runDir),
      },
    });
  } catch (e) {
    failed++;
    console.error(`[editor] ${r.name}: ${e instanceof Error ? e.message : e}`);
  }
}
if (cluster) await cluster.stop();
process.exit(interrupted ? 130 : failed ? 1 : 0);
