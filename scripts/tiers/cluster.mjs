#!/usr/bin/env node
// The cluster tier: builds the control-plane binaries when missing, starts a fresh cluster (scenario k3s-demo by
// default, override with UP_SCENARIO) in a new temp dir, runs mocha over test/cluster/**/*.test.ts with tsx, and
// always stops the cluster. Exits with mocha's code.
//
// Environment the tests read (set here):
//   UP_KUBECONFIG            absolute path of the kubeconfig
//   UP_CONTEXT_ADMIN         admin context (current-context)
//   UP_CONTEXT_RESTRICTED    read-only user: may read everything, may not create Plans or patch Deployments
//   UP_CONTEXT_UNREACHABLE   server on a loopback port nothing listens on
//   UP_SERVER                the API server's https URL
//   UP_CLUSTER_DIR           the run dir (logs/, state.json)
//   UP_SCENARIO              scenario name
// Extra mocha arguments may follow: node scripts/tiers/cluster.mjs --grep Plan
import { spawn } from 'node:child_process';
import { mkdtempSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startCluster, ensureBinaries } from '../../cluster/lib/cluster.mjs';
import { root } from '../../cluster/lib/binaries.mjs';

const scenario = process.env.UP_SCENARIO || 'k3s-demo';
const t0 = Date.now();
await ensureBinaries();
mkdirSync(join(root, '.test-runs'), { recursive: true });
const dir = mkdtempSync(join(root, '.test-runs', 'cluster-tier-'));
let cluster;
let code = 1;
const stop = async () => {
  if (cluster) await cluster.stop();
  cluster = undefined;
};
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.once(sig, () => {
    void stop().then(() => process.exit(130));
  });
}
try {
  cluster = await startCluster({ scenario, dir });
  console.log(`cluster tier: control plane up in ${((Date.now() - t0) / 1000).toFixed(1)} s (${dir})`);
  const env = {
    ...process.env,
    UP_KUBECONFIG: cluster.kubeconfig,
    UP_CONTEXT_ADMIN: cluster.contexts.admin,
    UP_CONTEXT_RESTRICTED: cluster.contexts.restricted,
    UP_CONTEXT_UNREACHABLE: cluster.contexts.unreachable,
    UP_SERVER: cluster.server,
    UP_CLUSTER_DIR: cluster.dir,
    UP_SCENARIO: scenario,
  };
  const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
  const args = [mocha, '--require', 'tsx/cjs', '--extension', 'ts', '--reporter', 'spec', '--timeout', '60000', '--recursive', 'test/cluster/**/*.test.ts', ...process.argv.slice(2)];
  code = await new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, env, stdio: 'inherit' });
    child.on('close', (c, s) => resolve(c ?? (s ? 1 : 0)));
  });
} catch (e) {
  console.error(`cluster tier: ${e.message}`);
  code = 1;
} finally {
  await stop();
}
console.log(`cluster tier: done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
process.exit(code);
