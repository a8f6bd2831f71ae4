/**
 * Discovery of the `large` scenario (1,000 nodes, 200 namespaces) by the explorer, side by side with
 * `kubectl get nodes -o json` from the same build: HTTP requests and wall time.
 *
 *   npx tsx bench/discovery.bench.ts [runs=5]
 *
 * Starts the scenario through cluster/lib/cluster.mjs (without the simulator), unless UP_KUBECONFIG
 * and UP_CONTEXT_ADMIN point at a running cluster. The explorer's side uses the shipped kube layer
 * (dist/kubeLayer.js, `npm run build` first) when present, else the sources. Each explorer run opens
 * a new connection (TLS handshake included), as a Retry or a first expand does; each kubectl run is a
 * new process with a warm discovery cache (its usual state). Requests: the explorer's transport counts
 * them; kubectl's come from one extra run with `-v=6` (one log line per request), timed runs are without it.
 * The machine's load average is printed: on a shared machine wall times inflate, the ratio less so.
 * Goal: explorer wall time <= 1.5 x kubectl's; requests O(resource kinds), not O(nodes).
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { homedir, loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import type * as Layer from '../src/kube/kubeLayer';

const root = join(__dirname, '..');
const runs = Number(process.argv[2] ?? 5);
const kubectl = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kube-upgrade-planner', 'bin', 'kubectl-1.36.1', 'kubectl');

interface Cluster {
  kubeconfig: string;
  contexts: { admin: string };
  stop(): Promise<void>;
}

async function cluster(): Promise<Cluster> {
  if (process.env.UP_KUBECONFIG && process.env.UP_CONTEXT_ADMIN) {
    return { kubeconfig: process.env.UP_KUBECONFIG, contexts: { admin: process.env.UP_CONTEXT_ADMIN }, stop: () => Promise.resolve() };
  }
  const lib = (await import(pathToFileURL(join(root, 'cluster', 'lib', 'cluster.mjs')).href)) as {
    startCluster(o: { scenario: string; dir: string; simulate: boolean; log?: (s: string) => void }): Promise<Cluster>;
  };
  mkdirSync(join(root, '.test-runs'), { recursive: true });
  const dir = mkdtempSync(join(root, '.test-runs', 'bench-discovery-'));
  return lib.startCluster({ scenario: 'large', dir, simulate: false, log: (s) => process.stderr.write(`[cluster] ${s}\n`) });
}

async function layer(): Promise<{ layer: typeof Layer; from: string; loadMs: number }> {
  const t0 = performance.now();
  const dist = join(root, 'dist', 'kubeLayer.js');
  if (existsSync(dist)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const l = require(dist) as typeof Layer;
    return { layer: l, from: 'dist/kubeLayer.js', loadMs: performance.now() - t0 };
  }
  const l = await import('../src/kube/kubeLayer');
  return { layer: l, from: 'src/kube/kubeLayer.ts', loadMs: performance.now() - t0 };
}

/** One `kubectl get nodes -o json`; with `verbose`, -v=6 logs one line per request (counted), else timed as users run it. */
function runKubectl(kubeconfig: string, context: string, cacheDir: string, verbose = false): Promise<{ ms: number; requests: number; bytes: number; nodes: number }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(kubectl, ['--kubeconfig', kubeconfig, '--context', context, 'get', 'nodes', '-o', 'json', ...(verbose ? ['-v=6'] : [])], {
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
      resolve({ ms, requests, bytes: body.length, nodes: (JSON.parse(body.toString()) as { items: unknown[] }).items.length });
    });
  });
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? NaN;

async function main(): Promise<void> {
  if (!existsSync(kubectl)) throw new Error(`no kubectl at ${kubectl}: run the cluster tier once to build it`);
  const c = await cluster();
  try {
    const { layer: l, from, loadMs } = await layer();
    const load = await l.loadKubeconfig({ files: [c.kubeconfig], origin: 'setting' });
    if (!load.ok || load.value.kind !== 'loaded') throw new Error('cannot load the kubeconfig');
    const kc = load.value.kubeConfig;
    const context = c.contexts.admin;
    const server = load.value.contexts.find((x) => x.name === context)?.server;
    const cacheDir = mkdtempSync(join(root, '.test-runs', 'kubectl-cache-'));
    await runKubectl(c.kubeconfig, context, cacheDir); // warm kubectl's discovery cache
    const kubectlRequests = (await runKubectl(c.kubeconfig, context, cacheDir, true)).requests;

    const ours: { ms: number; requests: number; nodes: number }[] = [];
    const theirs: Awaited<ReturnType<typeof runKubectl>>[] = [];
    for (let i = 0; i < runs + 1; i++) {
      const t0 = performance.now();
      const conn = await l.connect(kc, context);
      const r = await l.discover(conn.client, { context, server });
      const ms = performance.now() - t0;
      conn.client.dispose();
      if (!r.ok) throw new Error(`discovery failed: ${JSON.stringify(r.error)}`);
      const nodes = r.value.nodes.state === 'ok' ? r.value.nodes.value.length : -1;
      const k = await runKubectl(c.kubeconfig, context, cacheDir);
      if (i === 0) continue; // JIT warm-up of the explorer's side
      ours.push({ ms, requests: conn.requests(), nodes });
      theirs.push(k);
    }
    const result = {
      scenario: 'large',
      runs,
      nodes: ours[0]?.nodes,
      explorer: { layer: from, layerLoadMs: +loadMs.toFixed(0), requests: ours[0]?.requests, medianMs: +median(ours.map((x) => x.ms)).toFixed(0), allMs: ours.map((x) => +x.ms.toFixed(0)) },
      kubectl: { requests: kubectlRequests, medianMs: +median(theirs.map((x) => x.ms)).toFixed(0), allMs: theirs.map((x) => +x.ms.toFixed(0)), bytes: theirs[0]?.bytes, nodes: theirs[0]?.nodes },
      ratio: +(median(ours.map((x) => x.ms)) / median(theirs.map((x) => x.ms))).toFixed(2),
      goalRatio: 1.5,
      loadAverage: loadavg().map((x) => +x.toFixed(2)),
    };
    console.log(JSON.stringify(result, null, 2));
    process.exitCode = result.ratio <= result.goalRatio ? 0 : 1;
  } finally {
    await c.stop();
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
