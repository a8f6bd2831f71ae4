#!/usr/bin/env node
// A real Kubernetes control plane on loopback for development and the demo (see cluster/README.md).
//   node scripts/cluster.mjs up   [--scenario NAME] [--dir DIR] [--no-sim]   builds binaries when missing, starts, prints KUBECONFIG=…
//   node scripts/cluster.mjs down [--dir DIR]                                stops exactly the PIDs recorded in DIR/state.json
//   node scripts/cluster.mjs status [--dir DIR]
// DIR defaults to .test-runs/cluster under the project. Two DIRs can run at the same time.
import { join, resolve } from 'node:path';
import { startCluster, stopClusterDir, readState } from '../cluster/lib/cluster.mjs';
import { root } from '../cluster/lib/binaries.mjs';

const [cmd, ...rest] = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = rest.indexOf(`--${name}`);
  return i === -1 ? dflt : rest[i + 1];
};
const dir = resolve(opt('dir', join(root, '.test-runs', 'cluster')));

if (cmd === 'up') {
  let cluster;
  const onSignal = async () => {
    await (cluster?.stop() ?? stopClusterDir(dir));
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    cluster = await startCluster({ scenario: opt('scenario', 'k3s-demo'), dir, simulate: !rest.includes('--no-sim') });
  } catch (e) {
    console.error(e.message);
    process.exit(1);
  }
  console.log(`KUBECONFIG=${cluster.kubeconfig}`);
  console.log(`contexts: ${cluster.contexts.admin} (admin), ${cluster.contexts.restricted} (read-only), ${cluster.contexts.unreachable} (unreachable)`);
  console.log(`stop with: node scripts/cluster.mjs down --dir ${dir}`);
  process.exit(0);
} else if (cmd === 'down') {
  const had = await stopClusterDir(dir);
  console.log(had ? `stopped cluster in ${dir}` : `no cluster state in ${dir}`);
} else if (cmd === 'status') {
  const s = readState(dir);
  if (!s) console.log(`no cluster state in ${dir}`);
  else console.log(JSON.stringify({ scenario: s.scenario, kubeconfig: s.kubeconfig, server: s.server, stopped: s.stopped ?? null, processes: s.processes.map((p) => `${p.name}:${p.pid}`) }, null, 2));
} else {
  console.error('usage: node scripts/cluster.mjs up [--scenario NAME] [--dir DIR] [--no-sim] | down [--dir DIR] | status [--dir DIR]');
  process.exit(2);
}
