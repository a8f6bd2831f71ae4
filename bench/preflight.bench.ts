/**
 * Preflight's cluster reads of the `large` scenario (1,000 nodes, 200 namespaces, ~400 pods) — discovery
 * plus readPreflightInputs — side by side with `kubectl get nodes,pdb,pods -A -o json` from the same build:
 * HTTP requests and wall time.
 *
 *   npx tsx bench/preflight.bench.ts [runs=5]
 *
 * Starts the scenario through cluster/lib/cluster.mjs (without the simulator) and adds one
 * PodDisruptionBudget per namespace (minAvailable 1 on app-1, whose one replica runs), so the budgets,
 * pods and ReplicaSets are all read and matched; unless UP_KUBECONFIG and UP_CONTEXT_ADMIN point at a
 * running cluster, which is read as it is. Our side uses the shipped kube layer (dist/kubeLayer.js)
 * when it exports readPreflightInputs, else the sources. Each run opens a new connection (TLS handshake
 * included); each kubectl run is a new process with a warm discovery cache. Requests: our transport
 * counts them; kubectl's come from one extra run with `-v=6`. The load average is printed.
 * Goal: wall time <= 1.5 x kubectl's; requests O(resource kinds), not O(nodes) or O(budgets).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import * as k8s from '@kubernetes/client-node';
import type * as Layer from '../src/kube/kubeLayer';
import { type BenchCluster, benchCluster } from './benchCluster';

const root = join(__dirname, '..');
const runs = Number(process.argv[2] ?? 5);

const cluster = (): Promise<BenchCluster> => benchCluster('preflight', 'large', false);

async function kubectlPath(): Promise<string> {
  const b = (await import(pathToFileURL(join(root, 'cluster', 'lib', 'binaries.mjs')).href)) as { binPath(name: string): string };
  return b.binPath('kubectl');
}

async function layer(): Promise<{ layer: typeof Layer; from: string }> {
  const dist = join(root, 'dist', 'kubeLayer.js');
  if (existsSync(dist)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const l = require(dist) as typeof Layer;
    if (typeof l.readPreflightInputs === 'function') return { layer: l, from: 'dist/kubeLayer.js' };
  }
  return { layer: await import('../src/kube/kubeLayer'), from: 'src/kube/kubeLayer.ts (dist/kubeLayer.js has no readPreflightInputs yet)' };
}

/** One PDB per `team-*` namespace on app-1 (one running replica: it allows no disruption), once the disruption controller has seen them. */
async function addBudgets(kubeconfig: string, context: string): Promise<number> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(kubeconfig);
  kc.setCurrentContext(context);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const policy = kc.makeApiClient(k8s.PolicyV1Api);
  const namespaces = (await core.listNamespace()).items.map((n) => n.metadata!.name!).filter((n) => n.startsWith('team-'));
  for (let i = 0; i < namespaces.length; i += 20) {
    await Promise.all(namespaces.slice(i, i + 20).map((namespace) =>
      policy.createNamespacedPodDisruptionBudget({ namespace, body: { metadata: { name: 'app-1' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'app-1' } } } } })));
  }
  const deadline = Date.now() + 180_000;
  for (;;) {
    const pdbs = (await policy.listPodDisruptionBudgetForAllNamespaces()).items;
    if (pdbs.length >= namespaces.length && pdbs.every((p) => p.status?.expectedPods === 1)) return pdbs.length;
    if (Date.now() > deadline) throw new Error(`the disruption controller did not see every pod of ${pdbs.length} budgets in 180 s`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

/** One `kubectl get nodes,pdb,pods -A -o json`; with `verbose`, -v=6 logs one line per request (counted). */
function runKubectl(kubectl: string, kubeconfig: string, context: string, cacheDir: string, verbose = false): Promise<{ ms: number; requests: number; bytes: number; items: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(kubectl, ['--kubeconfig', kubeconfig, '--context', context, 'get', 'nodes,pdb,pods', '-A', '-o', 'json', ...(verbose ? ['-v=6'] : [])], {
      env: { ...process.env, KUBECACHEDIR: cacheDir },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const ms = performance.now() - t0;
      if (code !== 0) return reject(new Error(`kubectl exited ${code}: ${err.slice(-500)}`));
      const body = Buffer.concat(out);
      const requests = err.split('\n').filter((l) => /"Response" verb="GET"|\bGET https?:\/\//.test(l)).length;
      resolve({ ms, requests, bytes: body.length, items: (JSON.parse(body.toString()) as { items: unknown[] }).items.length });
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  const kubectl = await kubectlPath();
  if (!existsSync(kubectl)) throw new Error(`no kubectl at ${kubectl}: run the cluster tier once to build it`);
  const c = await cluster();
  try {
    const context = c.contexts.admin;
    const budgets = c.own ? await addBudgets(c.kubeconfig, context) : undefined;
    const { layer: l, from } = await layer();
    const load = await l.loadKubeconfig({ files: [c.kubeconfig], origin: 'setting' });
    if (!load.ok || load.value.kind !== 'loaded') throw new Error('cannot load the kubeconfig');
    const kc = load.value.kubeConfig;
    const server = load.value.contexts.find((x) => x.name === context)?.server;
    const cacheDir = mkdtempSync(join(root, '.test-runs', 'kubectl-cache-'));
    await runKubectl(kubectl, c.kubeconfig, context, cacheDir); // warm kubectl's discovery cache
    const kubectlRequests = (await runKubectl(kubectl, c.kubeconfig, context, cacheDir, true)).requests;

    const ours: { ms: number; discoverMs: number; requests: number; discoverRequests: number; nodes: number; pdbs: number; unread: number }[] = [];
    const theirs: Awaited<ReturnType<typeof runKubectl>>[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      const conn = await l.connect(kc, context);
      const snap = await l.discover(conn.client, { context, server });
      const discoverMs = performance.now() - t0;
      const discoverRequests = conn.requests();
      if (!snap.ok) throw new Error(`discovery failed: ${JSON.stringify(snap.error)}`);
      const reads = await l.readPreflightInputs(conn.client, snap.value);
      const ms = performance.now() - t0;
      conn.client.dispose();
      const k = await runKubectl(kubectl, c.kubeconfig, context, cacheDir);
      if (i === 0) continue; // JIT warm-up of our side
      ours.push({ ms, discoverMs, requests: conn.requests(), discoverRequests, nodes: snap.value.nodes.state === 'ok' ? snap.value.nodes.value.length : -1, pdbs: reads.pdbs?.length ?? -1, unread: reads.unread.length });
      theirs.push(k);
    }
    const oursMs = median(ours.map((x) => x.ms));
    const theirsMs = median(theirs.map((x) => x.ms));
    const result = {
      scenario: 'large',
      runs,
      budgetsAdded: budgets,
      preflight: {
        layer: from, nodes: ours[0]?.nodes, pdbs: ours[0]?.pdbs, unread: ours[0]?.unread,
        requests: ours[0]?.requests, discoverRequests: ours[0]?.discoverRequests,
        medianMs: +oursMs.toFixed(0), medianDiscoverMs: +median(ours.map((x) => x.discoverMs)).toFixed(0), allMs: ours.map((x) => +x.ms.toFixed(0)),
      },
      kubectl: { command: 'kubectl get nodes,pdb,pods -A -o json', requests: kubectlRequests, medianMs: +theirsMs.toFixed(0), allMs: theirs.map((x) => +x.ms.toFixed(0)), bytes: theirs[0]?.bytes, items: theirs[0]?.items },
      ratio: +(oursMs / theirsMs).toFixed(2),
      goalRatio: 1.5,
      loadAverage: loadavg().map((x) => +x.toFixed(2)),
    };
    const row = (what: string, requests: number | undefined, ms: number, note: string) => `| ${what} | ${requests ?? '?'} | ${ms.toFixed(0)} | ${note} |`;
    console.log(['| what | requests | median ms | note |', '|---|---|---|---|',
      row('discover + readPreflightInputs', result.preflight.requests, oursMs, `${result.preflight.nodes} nodes, ${result.preflight.pdbs} PDBs; discovery alone ${result.preflight.medianDiscoverMs} ms / ${result.preflight.discoverRequests} requests`),
      row('kubectl get nodes,pdb,pods -A -o json', kubectlRequests, theirsMs, `${result.kubectl.items} items, ${result.kubectl.bytes} bytes`),
    ].join('\n'));
    console.log(`ratio ${result.ratio} (goal <= ${result.goalRatio}); load average ${result.loadAverage.join(' ')}`);
    console.log(JSON.stringify(result, null, 2));
    process.exitCode = result.ratio <= result.goalRatio && result.preflight.unread === 0 ? 0 : 1;
  } finally {
    await c.stop();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
