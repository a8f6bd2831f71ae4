#!/usr/bin/env node
// `npm run demo [-- --no-cluster] [-- --dev]`: the extension in the real VS Code (code-server),
// pointed at the demo cluster.
//   1. Starts the simulated k3s-demo cluster (cluster/lib/cluster.mjs) in .test-runs/demo-cluster,
//      or, with --no-cluster or when that module does not exist, uses your KUBECONFIG / ~/.kube/config.
//   2. Builds the .vsix and installs it into a fresh code-server profile (--dev: loads the working
//      tree as a development extension instead, for quick edit-reload cycles).
//   3. Starts code-server on 127.0.0.1:$PORT (8080 when free, else a free port) with KUBECONFIG set,
//      opens a fresh copy of test/workspace in .test-runs/demo-code-server/workspace (plans the demo
//      writes stay there, out of the repo's fixtures), and prints the URL. Ctrl-C stops code-server
//      and the cluster.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureTools } from './setup-tools.mjs';
import { freePort, installVsix, runDirs, startCodeServer, stopAllCodeServers } from './code-server/lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const flags = new Set(process.argv.slice(2));
// The fixtures the demo workspace starts from; the demo never opens (or writes into) them.
const fixtureWorkspace = join(root, 'test', 'workspace');
const clusterModule = join(root, 'cluster', 'lib', 'cluster.mjs');
const log = (m) => console.log(`[demo] ${m}`);

let cluster;
let server;
let stopping = false;

async function stopAll(code) {
  if (stopping) return;
  stopping = true;
  log('stopping…');
  await stopAllCodeServers();
  await cluster?.stop().catch((e) => console.error(`[demo] could not stop the cluster: ${e.message ?? e}`));
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => void stopAll(0));

async function kubeconfigForDemo() {
  if (flags.has('--no-cluster')) {
    log('--no-cluster: using your own kubeconfig');
    return undefined;
  }
  if (!existsSync(clusterModule)) {
    log(`${clusterModule} is not there yet: no demo cluster, using your own kubeconfig`);
    return undefined;
  }
  const { ensureBinaries, startCluster, stopClusterDir } = await import(pathToFileURL(clusterModule).href);
  log('making sure the control-plane binaries are built (minutes the first time, cached after)…');
  await ensureBinaries({ log: (m) => log(m) });
  const dir = join(root, '.test-runs', 'demo-cluster');
  // A previous demo that was killed hard may have left its processes: stop exactly those first.
  if (existsSync(dir) && stopClusterDir) await stopClusterDir(dir);
  mkdirSync(dir, { recursive: true });
  log('starting the k3s-demo cluster (simulated nodes)…');
  cluster = await startCluster({ scenario: 'k3s-demo', dir, simulate: true });
  log(`cluster at ${cluster.server}; contexts: ${Object.values(cluster.contexts ?? {}).join(', ')}`);
  return cluster.kubeconfig;
}

async function main() {
  const tools = ensureTools({ log: (m) => log(m) });
  const kubeconfig = await kubeconfigForDemo();
  const env = kubeconfig ? { KUBECONFIG: kubeconfig } : {};
  if (!kubeconfig) log(`KUBECONFIG=${process.env.KUBECONFIG ?? '(unset: ~/.kube/config)'}`);

  const runDir = join(root, '.test-runs', 'demo-code-server');
  rmSync(runDir, { recursive: true, force: true });
  const dirs = runDirs(runDir);
  const workspace = join(runDir, 'workspace');
  cpSync(fixtureWorkspace, workspace, { recursive: true });
  log(`workspace: ${workspace} (a fresh copy of test/workspace each run)`);
  const dev = flags.has('--dev');
  const script = dev ? 'build' : 'package';
  log(`npm run ${script}`);
  if (spawnSync('npm', ['run', '--silent', script], { cwd: root, stdio: 'inherit' }).status !== 0) throw new Error(`npm run ${script} failed`);
  if (!dev) installVsix(tools, dirs, join(root, 'dist', 'kube-upgrade-planner.vsix'));

  const port = await freePort(Number(process.env.PORT) || 8080);
  if (stopping) return; // Ctrl-C while building: start nothing stopAll() would miss
  server = await startCodeServer({ tools, dirs, folder: workspace, port, env, smokeTestDriver: dev });
  server.child.once('exit', (code) => {
    if (!stopping) {
      console.error(`[demo] code-server exited (${code}); see ${runDir}`);
      void stopAll(1);
    }
  });
  let url = `${server.url}/?folder=${encodeURIComponent(workspace)}`;
  if (dev) url += `&payload=${encodeURIComponent(JSON.stringify([['extensionDevelopmentPath', `vscode-remote://remote${root}`]]))}`;
  console.log(`\n  Upgrade Planner demo: ${url}\n  (Ctrl-C stops code-server${cluster ? ' and the cluster' : ''})\n`);
}

main().catch((e) => {
  console.error(`[demo] ${e instanceof Error ? e.message : e}`);
  void stopAll(1);
});
