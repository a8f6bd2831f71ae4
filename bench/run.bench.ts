/**
 * The demo plan run end to end on the simulator: scenario k3s-demo at stepDelayMs 300, one K3s hop
 * v1.30.4+k3s1 → v1.31.1+k3s1 (canary of 1, agents 2 at a time, gates nodesReady + versionsConverged,
 * timeout 2m), then Rook v1.14.9 → v1.15.5 and Ceph v18.2.4 → v18.2.5 (the manual CRD step answered done,
 * no backups), N times, each on fresh state (the nodes' versions, labels and cordons, Rook and Ceph put back
 * as the cluster tier's hooks do).
 *
 *   npx tsx bench/run.bench.ts [runs=3]
 *
 * Starts the scenario through cluster/lib/cluster.mjs with the simulator, unless UP_KUBECONFIG and
 * UP_CONTEXT_ADMIN point at a running k3s-demo cluster. Drives RunExecutor from the sources (src/kube/kubeLayer)
 * as the extension does, while a watch of our own (nodes, upgrade Job pods, Plans, Rook Deployments, the
 * CephCluster) timestamps every change the simulator makes. Figures, per run and median:
 *
 * - wall: `run()` from call to answer.
 * - floor: the time the simulator's own step delays need on the run's critical path, counted from what the watch
 *   saw rather than from the simulator's code (so it follows the simulator when that changes):
 *   · a K3s phase: ceil(nodes / the Plan's concurrency) × s × stepDelayMs, s being the step delays one node takes.
 *     s is counted in the two stretches of a node's upgrade that only the simulator paces: its upgrade Job's pod
 *     Running → the simulator's verdict on that pod (while it plays the pod's containers: prepare, cordon or drain,
 *     upgrade), and the node's new kubelet version → its plan label (the controller's label step). A simulated
 *     step lasts its delay plus up to one polling tick of the simulator (a third of the delay), give or take a
 *     request, so a stretch of k steps lasts about k × 7/6 × stepDelayMs: per kind of stretch, k = round(shortest
 *     stretch over every node of the run / (7/6 × stepDelayMs)) — the shortest, as a loaded machine only
 *     lengthens a stretch; the stretches are printed to check the count. Left out:
 *     kube-controller-manager, kube-scheduler and kwok (pod created → Running, verdict → Job Complete → new
 *     version), printed beside it.
 *   · a Rook or Ceph phase: the simulator's changes after the run's patch until the phase's condition (daemon
 *     rook-version / ceph-version labels, CephCluster health and version) grouped into passes (changes less than
 *     half a step apart are one pass); k passes are at least (k − 1) step delays apart, the first coming at once.
 *   overhead = (wall − floor) / floor; goal ≤ 20 %. Split as: cluster = Σ over those phases of the run's write
 *   (Plan created, image patched) → the phase's condition true, i.e. the floor plus the simulator's ticks and
 *   the controllers above; run = wall − cluster (discovery before each phase, dry runs, writes, gates, journal).
 * - gate latency: for each gate (and each wait on Rook or Ceph versions), from its condition becoming true as our
 *   watch saw it (the last node of the phase it follows labelled done and uncordoned; the last daemon on the Rook
 *   version; the CephCluster on the Ceph version) to the gate's `gate` journal entry (passed) and to the next
 *   `phase-started` entry (the next step). Goal ≤ 1 s.
 * - kubectl: the tool a user would use instead, on the same cluster and the same changes: after each run (and the
 *   cluster put back), a script of kubectl commands applies the same Plans and image patches (core/run
 *   plannedRunWrites, as Export for GitOps writes them) one after the other and waits for each with
 *   `kubectl wait` (the Plan's Complete condition; every Rook daemon's rook-version label; the CephCluster's
 *   version and HEALTH_OK), without gates, journal, dry runs or re-reading the cluster. overhead vs kubectl =
 *   (wall − kubectl) / kubectl: what the run's safety costs over the bare sequence the cluster itself needs.
 * The load average is printed.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, loadavg } from 'node:os';
import { promisify } from 'node:util';
import { stringify } from 'yaml';
import type { ClusterSnapshot } from '../src/core/cluster/snapshot';
import { plannedRunWrites } from '../src/core/run/gitops';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import * as k8s from '@kubernetes/client-node';
import { OUTCOME } from '../cluster/sim/jobs';
import { cephVersionOf } from '../cluster/sim/rook';
import { LABEL_NODE, LABEL_PLAN, PLAN_LABEL_PREFIX } from '../cluster/sim/sucJob';
import type { UpgradePlan } from '../src/core/plans/model';
import { type RunEntry, parseRunJournal } from '../src/core/run/journal';
import type { RunPhase } from '../src/core/run/phases';
import { RUN_PLAN_LABEL } from '../src/core/run/names';
import { JournalFile } from '../src/journal/journalFile';
import { RunExecutor, connect, discover, loadKubeconfig } from '../src/kube/kubeLayer';
import { defaultKnobs, mergePatch, planApi, restoreNodes } from '../test/cluster/env';
import { CEPH_TARGET, FROM, NS, ROOK_TARGET, TARGET, cephApi } from '../test/cluster/runSetup';
import { type BenchCluster, benchCluster } from './benchCluster';

const root = join(__dirname, '..');
const runs = Number(process.argv[2] ?? 3);
const STEP_MS = 300;
const ROOK_NS = cephApi.namespace;
const OVERHEAD_GOAL = 0.2;
const GATE_GOAL_MS = 1000;

const cluster = (): Promise<BenchCluster> => benchCluster('run', 'k3s-demo', true);
const KUBECTL = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'kube-upgrade-planner', 'bin', 'kubectl-1.36.1', 'kubectl');
const run$ = promisify(execFile);

/**
 * The same hops by kubectl (see the header): each Plan applied then waited Complete, the operator image set then
 * every daemon waited on the new rook-version, the Ceph image patched then the CephCluster waited on its version
 * and HEALTH_OK. Returns the wall time of the whole script.
 */
async function kubectlRun(kubeconfig: string, context: string, plan: UpgradePlan, snapshot: ClusterSnapshot, dir: string): Promise<number> {
  const writes = plannedRunWrites(plan, snapshot, '20261127-000000-kubectl');
  if (!writes.ok) throw new Error(writes.error);
  const k = (args: string[]): Promise<unknown> => run$(KUBECTL, ['--kubeconfig', kubeconfig, '--context', context, ...args], { timeout: 300_000 });
  const t0 = performance.now();
  for (const [i, { write }] of writes.value.entries()) {
    const { namespace = '', name, kind } = write.object;
    if (kind === 'Plan') {
      const file = join(dir, `kubectl-${i}.yaml`);
      writeFileSync(file, stringify(write.body));
      await k(['apply', '-f', file]);
      await k(['-n', namespace, 'wait', `plans.upgrade.cattle.io/${name}`, '--for=condition=Complete', '--timeout=300s']);
    } else if (kind === 'Deployment') {
      await k(['-n', namespace, 'set', 'image', `deployment/${name}`, `rook-ceph-operator=${ROOK_IMAGE}`]);
      await k(['-n', namespace, 'wait', 'deployment', '-l', 'rook_cluster=rook-ceph', `--for=jsonpath={.metadata.labels.rook-version}=${ROOK_TARGET}`, '--timeout=300s']);
    } else {
      const image = String((write.body as { spec: { cephVersion: { image: string } } }).spec.cephVersion.image);
      await k(['-n', namespace, 'patch', `cephclusters.ceph.rook.io/${name}`, '--type', 'merge', '-p', JSON.stringify({ spec: { cephVersion: { image } } })]);
      await k(['-n', namespace, 'wait', `cephclusters.ceph.rook.io/${name}`, `--for=jsonpath={.status.version.version}=${cephVersionOf(image)}`, '--timeout=300s']);
      await k(['-n', namespace, 'wait', `cephclusters.ceph.rook.io/${name}`, '--for=jsonpath={.status.ceph.health}=HEALTH_OK', '--timeout=300s']);
    }
  }
  return performance.now() - t0;
}
const ROOK_IMAGE = `rook/ceph:${ROOK_TARGET}`;

/** One change our watch saw, at the time it arrived: `what` is the field, `name` the node (pods: their node) or object. */
interface Change {
  t: number;
  kind: 'node' | 'pod' | 'daemon' | 'ceph';
  name: string;
  what: string;
  value: string | undefined;
  plan?: string;
}

type Fields = Record<string, string | undefined>;
interface Obj {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec?: { unschedulable?: boolean; concurrency?: number; initContainers?: unknown[]; containers?: unknown[] };
  status?: { phase?: string; nodeInfo?: { kubeletVersion?: string }; version?: { version?: string }; ceph?: { health?: string } };
}

/** What the observer thread posts: a change, a Plan's concurrency, or an answer (ready, flushed). */
type ObserverMessage = { change: Change } | { plan: string; concurrency: number } | { ready: true } | { flushed: number };

/**
 * Watches what the simulator changes and posts each change with its arrival time. It runs in a worker thread
 * (observe), so that the run's own work on the main thread never delays a timestamp.
 */
class Observer {
  private readonly last = new Map<string, Fields>();
  private readonly aborts: AbortController[] = [];
  private stopped = false;
  private readonly watch: k8s.Watch;

  constructor(kc: k8s.KubeConfig, private readonly post: (m: ObserverMessage) => void) {
    this.watch = new k8s.Watch(kc);
  }

  async start(): Promise<void> {
    const labelsWith = (o: Obj, prefix: string): Fields => Object.fromEntries(Object.entries(o.metadata?.labels ?? {}).filter(([k]) => k.startsWith(prefix)).map(([k, v]) => [`label ${k.slice(prefix.length)}`, v]));
    await Promise.all([
      this.follow('/api/v1/nodes', {}, (o) => this.see('node', o.metadata?.name ?? '', { unschedulable: String(o.spec?.unschedulable === true), version: o.status?.nodeInfo?.kubeletVersion, ...labelsWith(o, PLAN_LABEL_PREFIX) })),
      // Pods come and go with each run: their first sight is a change too.
      this.follow(`/api/v1/namespaces/${NS}/pods`, { labelSelector: LABEL_PLAN }, (o) =>
        this.see('pod', o.metadata?.name ?? '', { containers: String((o.spec?.initContainers?.length ?? 0) + (o.spec?.containers?.length ?? 0)), phase: o.status?.phase, outcome: o.metadata?.annotations?.[OUTCOME] }, o.metadata?.labels?.[LABEL_NODE], o.metadata?.labels?.[LABEL_PLAN], true)),
      this.follow(`/apis/${planApi.group}/${planApi.version}/namespaces/${NS}/${planApi.plural}`, {}, (o) => {
        this.post({ plan: o.metadata?.name ?? '', concurrency: o.spec?.concurrency ?? 1 });
      }),
      this.follow(`/apis/apps/v1/namespaces/${ROOK_NS}/deployments`, {}, (o) => {
        const l = o.metadata?.labels ?? {};
        if (l['rook-version'] !== undefined) this.see('daemon', o.metadata?.name ?? '', { 'rook-version': l['rook-version'], 'ceph-version': l['ceph-version'] });
      }),
      this.follow(`/apis/${cephApi.group}/${cephApi.version}/namespaces/${ROOK_NS}/${cephApi.plural}`, {}, (o) => this.see('ceph', o.metadata?.name ?? '', { health: o.status?.ceph?.health, version: o.status?.version?.version })),
    ]);
  }

  stop(): void {
    this.stopped = true;
    for (const a of this.aborts) a.abort();
  }

  /** A watch that starts again when the server ends it (its first events then repeat what is known: no change). */
  private async follow(path: string, query: Record<string, string>, on: (o: Obj) => void): Promise<void> {
    const again = (): void => {
      if (!this.stopped) setTimeout(() => void this.follow(path, query, on).catch((e: unknown) => console.error(`watch ${path}: ${String(e)}`)), 200);
    };
    this.aborts.push(await this.watch.watch(path, query, (type, o: Obj) => {
      if (type === 'ADDED' || type === 'MODIFIED') on(o);
    }, again));
  }

  private see(kind: Change['kind'], key: string, now: Fields, name = key, plan?: string, firstSightIsChange = false): void {
    const t = Date.now();
    const id = `${kind}/${key}`;
    const before = this.last.get(id);
    this.last.set(id, now);
    if (!before && !firstSightIsChange) return;
    for (const [what, value] of Object.entries(now)) {
      if (before?.[what] !== value && value !== undefined) this.post({ change: { t, kind, name, what, value, ...(plan ? { plan } : {}) } });
    }
  }
}

/** The observer thread's side: watches with the admin context, answers `flush` once every change before it is posted. */
async function observe(d: { kubeconfig: string; context: string }): Promise<void> {
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(d.kubeconfig);
  kc.setCurrentContext(d.context);
  const port = parentPort!;
  const o = new Observer(kc, (m) => port.postMessage(m));
  await o.start();
  port.on('message', (m: { flush?: number; stop?: true }) => {
    if (m.flush !== undefined) port.postMessage({ flushed: m.flush } satisfies ObserverMessage);
    if (m.stop) {
      o.stop();
      port.close();
    }
  });
  port.postMessage({ ready: true } satisfies ObserverMessage);
}

interface Observed {
  readonly changes: Change[];
  /** Plan name → spec.concurrency. */
  readonly concurrency: Map<string, number>;
  /** Resolves once every change the thread saw before the call has arrived here. */
  flush(): Promise<void>;
  stop(): Promise<void>;
}

/** Starts the observer thread (this file again, with tsx's loader) and collects what it posts. */
async function startObserver(kubeconfig: string, context: string): Promise<Observed> {
  const worker = new Worker(__filename, { workerData: { kubeconfig, context }, execArgv: ['--require', require.resolve('tsx/cjs')] });
  const changes: Change[] = [];
  const concurrency = new Map<string, number>();
  const waiting = new Map<number, () => void>();
  let ready: () => void = () => undefined;
  let failed: (e: unknown) => void = () => undefined;
  const started = new Promise<void>((resolve, reject) => ((ready = resolve), (failed = reject)));
  worker.on('error', (e) => failed(e));
  worker.on('message', (m: ObserverMessage) => {
    if ('change' in m) changes.push(m.change);
    else if ('plan' in m) concurrency.set(m.plan, m.concurrency);
    else if ('ready' in m) ready();
    else waiting.get(m.flushed)?.();
  });
  await Promise.race([started, new Promise((_, reject) => setTimeout(() => reject(new Error('the observer thread did not start its watches in 30 s')), 30_000).unref())]);
  let n = 0;
  return {
    changes, concurrency,
    flush: () => new Promise<void>((resolve) => {
      waiting.set(++n, resolve);
      worker.postMessage({ flush: n });
    }),
    stop: async () => {
      worker.postMessage({ stop: true });
      await worker.terminate();
    },
  };
}

/** Polls until `check` holds; the bench waits for the cluster's state, never for a fixed time. */
async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Baseline {
  nodes: k8s.V1Node[];
  operatorImage: string;
  cephImage: string;
  daemons: Map<string, Fields>;
  cephVersion: string | undefined;
  knobs: Record<string, string>;
}

interface Apis {
  core: k8s.CoreV1Api;
  apps: k8s.AppsV1Api;
  custom: k8s.CustomObjectsApi;
  batch: k8s.BatchV1Api;
}

interface CephObject { spec: { cephVersion: { image: string } }; status?: { version?: { version?: string }; ceph?: { health?: string } } }

async function baseline(a: Apis): Promise<Baseline> {
  const op = await a.apps.readNamespacedDeployment({ name: 'rook-ceph-operator', namespace: ROOK_NS });
  const ceph = (await a.custom.getNamespacedCustomObject(cephApi)) as CephObject;
  const deps = await a.apps.listNamespacedDeployment({ namespace: ROOK_NS, labelSelector: 'rook-version' });
  const knobs = await a.core.readNamespacedConfigMap({ name: 'upgrade-planner-simulator', namespace: 'kube-system' });
  return {
    nodes: (await a.core.listNode()).items,
    operatorImage: op.spec!.template.spec!.containers[0].image!,
    cephImage: ceph.spec.cephVersion.image,
    daemons: new Map(deps.items.map((d) => [d.metadata!.name!, { 'rook-version': d.metadata!.labels!['rook-version'], 'ceph-version': d.metadata!.labels!['ceph-version'] }])),
    cephVersion: ceph.status?.version?.version,
    knobs: { ...(knobs.data ?? {}) },
  };
}

async function setKnobs(a: Apis, data: Record<string, string>): Promise<void> {
  await a.core.patchNamespacedConfigMap({ name: 'upgrade-planner-simulator', namespace: 'kube-system', body: { data } }, mergePatch);
}

/** The cluster as it was before the runs: no Plan of ours, Rook and Ceph back (the simulator moves the daemons), the nodes as seeded, no upgrade Job left. */
async function restore(a: Apis, b: Baseline): Promise<void> {
  const ours = (await a.custom.listNamespacedCustomObject({ ...planApi, namespace: NS, labelSelector: RUN_PLAN_LABEL })) as { items: { metadata: { name: string } }[] };
  for (const p of ours.items) await a.custom.deleteNamespacedCustomObject({ ...planApi, namespace: NS, name: p.metadata.name }).catch(() => undefined);
  await a.apps.patchNamespacedDeployment(
    { name: 'rook-ceph-operator', namespace: ROOK_NS, body: { spec: { template: { spec: { containers: [{ name: 'rook-ceph-operator', image: b.operatorImage }] } } } } },
    k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
  );
  await a.custom.patchNamespacedCustomObject({ ...cephApi, body: { spec: { cephVersion: { image: b.cephImage } } } }, mergePatch);
  await restoreNodes(a.core, b.nodes);
  await waitFor('Rook and Ceph back where they were, HEALTH_OK', async () => {
    const c = (await a.custom.getNamespacedCustomObject(cephApi)) as CephObject;
    const deps = await a.apps.listNamespacedDeployment({ namespace: ROOK_NS, labelSelector: 'rook-version' });
    return c.status?.version?.version === b.cephVersion && c.status?.ceph?.health === 'HEALTH_OK' &&
      deps.items.every((d) => JSON.stringify(b.daemons.get(d.metadata!.name!)) === JSON.stringify({ 'rook-version': d.metadata!.labels!['rook-version'], 'ceph-version': d.metadata!.labels!['ceph-version'] }));
  });
  await waitFor('no upgrade Job or pod left', async () =>
    (await a.batch.listNamespacedJob({ namespace: NS, labelSelector: LABEL_PLAN })).items.length === 0 &&
    (await a.core.listNamespacedPod({ namespace: NS, labelSelector: LABEL_PLAN })).items.length === 0);
}

function demoPlan(name: string, context: string, server: string): UpgradePlan {
  return {
    apiVersion: 'upgradeplanner.dev/v1alpha1',
    kind: 'UpgradePlan',
    metadata: { name },
    cluster: { contextName: context, server },
    components: { k3s: { current: FROM, target: TARGET }, rook: { current: 'v1.14.9', target: ROOK_TARGET }, ceph: { current: 'v18.2.4', target: CEPH_TARGET } },
    hops: [{ component: 'k3s', version: TARGET }, { component: 'rook', version: ROOK_TARGET }, { component: 'ceph', version: CEPH_TARGET }],
    strategy: { canary: { size: 1 }, concurrency: { agents: 2 } },
    gates: { timeout: '2m', healthChecks: ['nodesReady', 'versionsConverged'] },
    rollback: { onGateFailure: 'stop' },
  };
}

interface PhaseFigure { id: string; floorMs: number; clusterMs: number; detail: string }
interface GateFigure { id: string; condition: string; passedMs: number | undefined; nextMs: number | undefined; next: string }
interface RunFigure { kubectlMs: number; wallMs: number; floorMs: number; clusterMs: number; stepsPerNode: number; k3sDetail: string; phases: PhaseFigure[]; gates: GateFigure[] }

const median = (xs: number[]): number => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : NaN;
};
const ms = (x: number | undefined): string => (x === undefined || Number.isNaN(x) ? '?' : x.toFixed(0));
const pct = (x: number): string => `${(x * 100).toFixed(0)} %`;

type Entry<T extends RunEntry['type']> = Extract<RunEntry, { type: T }>;
const is = <T extends RunEntry['type']>(type: T) => (e: RunEntry): e is Entry<T> => e.type === type;
const at = (e: RunEntry): number => Date.parse(e.at);
const max = (xs: number[]): number => (xs.length ? Math.max(...xs) : NaN);

/**
 * The figures of one run from its journal and the changes seen: first each node's paced stretches (the steps per
 * node: the minimum over the run), then each phase's floor and cluster span, then each gate's latencies.
 */
function figures(entries: RunEntry[], phaseList: readonly RunPhase[], changes: Change[], concurrency: Map<string, number>, wallMs: number): RunFigure {
  const started = entries.filter(is('phase-started'));
  const writeOf = (phaseId: string): Entry<'write'> | undefined => entries.filter(is('write')).find((e) => e.phaseId === phaseId && e.outcome === 'ok');
  /** Phase id → when its condition became true, and what that condition is. */
  const condition = new Map<string, { t: number; what: string }>();
  const phases: PhaseFigure[] = [];

  // K3s: per node, the two stretches only the simulator paces, and the two it waits for other controllers.
  const perNode: { node: string; s1: number; s2: number; containers: number; toRunning: number; toVersion: number }[] = [];
  const k3sRows: { id: string; nodes: string[]; plan: string; trigger: number; doneAt: number }[] = [];
  for (const p of started.filter((e) => e.kind === 'k3s-servers' || e.kind === 'k3s-canary' || e.kind === 'k3s-agents')) {
    const w = writeOf(p.phaseId);
    const plan = w?.object.name ?? '';
    const trigger = w ? at(w) : at(p);
    const nodes = [...(p.nodes ?? [])];
    const dones: number[] = [];
    for (const node of nodes) {
      const seen = changes.filter((c) => c.t >= trigger && c.name === node);
      const pod = seen.filter((c) => c.kind === 'pod' && c.plan === plan);
      const created = pod[0]?.t;
      const containers = Number(pod.find((c) => c.what === 'containers')?.value ?? NaN);
      const running = pod.find((c) => c.what === 'phase' && c.value === 'Running')?.t;
      const verdict = pod.find((c) => c.what === 'outcome')?.t;
      const version = seen.find((c) => c.kind === 'node' && c.what === 'version' && c.value === p.hop?.version)?.t;
      const done = seen.find((c) => c.kind === 'node' && c.what === `label ${plan}`)?.t;
      if (created === undefined || running === undefined || verdict === undefined || version === undefined || done === undefined) {
        throw new Error(`${p.phaseId} ${node}: not every change was seen (pod Running ${running}, verdict ${verdict}, version ${version}, labelled ${done})`);
      }
      perNode.push({ node, s1: verdict - running, s2: done - version, containers, toRunning: running - created, toVersion: version - verdict });
      dones.push(done);
    }
    k3sRows.push({ id: p.phaseId, nodes, plan, trigger, doneAt: max(dones) });
  }
  // A simulated step lasts its delay plus up to one polling tick of the simulator (a third of the delay), give or
  // take a request: the steps in a stretch are its shortest length over the nodes by the middle of that range.
  const least = (xs: number[]): number => (xs.length ? Math.min(...xs) : 0);
  const steps = (xs: number[]): number => Math.round(least(xs) / (STEP_MS * (7 / 6)));
  const inPod = steps(perNode.map((n) => n.s1));
  const stepsPerNode = inPod + steps(perNode.map((n) => n.s2));
  for (const r of k3sRows) {
    const c = concurrency.get(r.plan) ?? 1;
    const waves = Math.ceil(r.nodes.length / c);
    condition.set(r.id, { t: r.doneAt, what: `last node of ${r.id} labelled done` });
    phases.push({ id: r.id, floorMs: waves * stepsPerNode * STEP_MS, clusterMs: r.doneAt - r.trigger, detail: `${r.nodes.length} nodes, ${c} at a time: ${waves} × ${stepsPerNode} steps` });
  }
  const k3sDetail = `${stepsPerNode} steps per node = ${inPod} while the pod runs (its containers: ${[...new Set(perNode.map((n) => n.containers))].join(' or ')}; shortest stretch ${least(perNode.map((n) => n.s1))} ms) + ` +
    `${stepsPerNode - inPod} label step (shortest ${least(perNode.map((n) => n.s2))} ms); per node, pod created → Running median ${ms(median(perNode.map((n) => n.toRunning)))} ms, ` +
    `verdict → new version (kwok, Job controller) median ${ms(median(perNode.map((n) => n.toVersion)))} ms; stretches (ms): ${perNode.map((n) => `${n.node} ${n.s1}+${n.s2}`).join(', ')}`;

  // Rook and Ceph: the simulator's passes after the patch until the condition (the wait phase that follows watches for it).
  for (const p of started.filter((e) => e.kind === 'rook-operator' || e.kind === 'ceph-image')) {
    const w = writeOf(p.phaseId);
    if (!w) continue;
    const rook = p.kind === 'rook-operator';
    const target = rook ? ROOK_TARGET : cephVersionOf(String(w.after?.image ?? ''));
    const relevant = changes.filter((c) => c.t >= at(w) && (rook
      ? c.kind === 'daemon' && c.what === 'rook-version' && c.value === target
      : (c.kind === 'daemon' && c.what === 'ceph-version' && c.value === target) || c.kind === 'ceph'));
    const end = rook ? max(relevant.map((c) => c.t)) : relevant.find((c) => c.kind === 'ceph' && c.what === 'version' && c.value === target)?.t ?? NaN;
    const within = relevant.filter((c) => c.t <= end).map((c) => c.t).sort((x, y) => x - y);
    const passes = within.filter((t, i) => i === 0 || t - within[i - 1] >= STEP_MS / 2).length;
    const wait = started.find((e) => e.kind === (rook ? 'wait-rook-version' : 'wait-ceph-version') && at(e) >= at(p));
    const what = rook ? `last daemon on Rook ${ROOK_TARGET}` : `CephCluster on ${target}`;
    if (wait) condition.set(wait.phaseId, { t: end, what });
    phases.push({ id: `${p.phaseId} + wait`, floorMs: Math.max(0, passes - 1) * STEP_MS, clusterMs: end - at(w), detail: `${within.length} changes in ${passes} passes` });
  }

  // Gates: condition true → the gate entry, → the next phase-started.
  const order = phaseList.map((p) => p.id);
  const gates: GateFigure[] = entries.filter(is('gate')).map((g) => {
    const own = phaseList.find((p) => p.id === g.phaseId);
    const follows = own?.kind === 'gate' ? own.after : g.phaseId;
    const c = condition.get(follows);
    const next = started.find((e) => at(e) >= at(g) && order.indexOf(e.phaseId) > order.indexOf(g.phaseId));
    return {
      id: g.phaseId,
      condition: c?.what ?? `(no condition known for ${follows})`,
      passedMs: c ? at(g) - c.t : undefined,
      nextMs: c && next ? at(next) - c.t : undefined,
      next: next?.phaseId ?? '(none: the last phase)',
    };
  });
  const floorMs = phases.reduce((s, p) => s + p.floorMs, 0);
  const clusterMs = phases.reduce((s, p) => s + p.clusterMs, 0);
  return { kubectlMs: NaN, wallMs, floorMs, clusterMs, stepsPerNode, k3sDetail, phases, gates };
}

async function main(): Promise<void> {
  const c = await cluster();
  const kc = new k8s.KubeConfig();
  kc.loadFromFile(c.kubeconfig);
  kc.setCurrentContext(c.contexts.admin);
  const a: Apis = { core: kc.makeApiClient(k8s.CoreV1Api), apps: kc.makeApiClient(k8s.AppsV1Api), custom: kc.makeApiClient(k8s.CustomObjectsApi), batch: kc.makeApiClient(k8s.BatchV1Api) };
  let observer: Observed | undefined;
  mkdirSync(join(root, '.test-runs'), { recursive: true });
  const dir = mkdtempSync(join(root, '.test-runs', 'bench-run-journals-'));
  let b: Baseline | undefined;
  let dispose = (): void => undefined;
  try {
    b = await baseline(a);
    await setKnobs(a, { ...defaultKnobs, stepDelayMs: String(STEP_MS) });
    observer = await startObserver(c.kubeconfig, c.contexts.admin);
    const context = c.contexts.admin;
    const load = await loadKubeconfig({ files: [c.kubeconfig], origin: 'setting' });
    if (!load.ok || load.value.kind !== 'loaded') throw new Error('cannot load the kubeconfig');
    const conn = await connect(load.value.kubeConfig, context);
    dispose = () => conn.client.dispose();
    const server = load.value.contexts.find((x) => x.name === context)?.server ?? '';
    const target = { context, server: undefined };

    const all: RunFigure[] = [];
    for (let i = 1; i <= runs; i++) {
      if (i > 1) await restore(a, b);
      const snap = await discover(conn.client, target);
      if (!snap.ok) throw new Error(`discovery failed: ${JSON.stringify(snap.error)}`);
      const file = join(dir, `bench-run-${i}.journal.jsonl`);
      const ex = RunExecutor.start({
        client: conn.client, plan: demoPlan(`bench-run-${i}`, context, server), snapshot: snap.value, journal: new JournalFile(file), target,
        callbacks: { manualStep: () => Promise.resolve({ outcome: 'done', reason: 'applied by the bench' }) },
      });
      if (!ex.ok) throw new Error(`the run cannot start: ${ex.error}`);
      const t0 = performance.now();
      const result = await ex.value.run();
      const wallMs = performance.now() - t0;
      if (result.outcome !== 'succeeded') throw new Error(`run ${i} ${result.outcome} in ${result.phaseId ?? '?'}: ${result.reason}`);
      const parsed = parseRunJournal(readFileSync(file, 'utf8'));
      if (!parsed.ok) throw new Error(`the journal of run ${i} cannot be read: ${parsed.error}`);
      await observer.flush();
      const f = figures(parsed.value.entries as RunEntry[], ex.value.phases, observer.changes, observer.concurrency, wallMs);
      // The same changes by kubectl, on the cluster put back.
      await restore(a, b);
      const again = await discover(conn.client, target);
      if (!again.ok) throw new Error(`discovery failed: ${JSON.stringify(again.error)}`);
      f.kubectlMs = await kubectlRun(c.kubeconfig, context, demoPlan(`bench-kubectl-${i}`, context, server), again.value, dir);
      all.push(f);
      console.log(`\nrun ${i}: kubectl ${ms(f.kubectlMs)} ms, overhead vs kubectl ${pct((f.wallMs - f.kubectlMs) / f.kubectlMs)}; wall ${ms(f.wallMs)} ms, floor ${ms(f.floorMs)} ms (${f.stepsPerNode} steps per node), overhead ${pct((f.wallMs - f.floorMs) / f.floorMs)}; cluster ${ms(f.clusterMs)} ms, run ${ms(f.wallMs - f.clusterMs)} ms`);
      console.log(`K3s: ${f.k3sDetail}`);
      console.log(['| phase | floor ms | cluster ms | how the floor was counted |', '|---|---|---|---|', ...f.phases.map((p) => `| ${p.id} | ${ms(p.floorMs)} | ${ms(p.clusterMs)} | ${p.detail} |`)].join('\n'));
      console.log(['| gate | condition true at | → gate passed ms | → next step ms | next step |', '|---|---|---|---|---|', ...f.gates.map((g) => `| ${g.id} | ${g.condition} | ${ms(g.passedMs)} | ${ms(g.nextMs)} | ${g.next} |`)].join('\n'));
    }

    const wall = median(all.map((f) => f.wallMs));
    const kubectl = median(all.map((f) => f.kubectlMs));
    const overKubectl = (wall - kubectl) / kubectl;
    const floor = median(all.map((f) => f.floorMs));
    const clusterMs = median(all.map((f) => f.clusterMs));
    const own = median(all.map((f) => f.wallMs - f.clusterMs));
    const gateIds = [...new Set(all.flatMap((f) => f.gates.map((g) => g.id)))];
    const gateMedians = gateIds.map((id) => ({
      id,
      passedMs: median(all.map((f) => f.gates.find((g) => g.id === id)?.passedMs ?? NaN)),
      nextMs: median(all.map((f) => f.gates.find((g) => g.id === id)?.nextMs ?? NaN)),
    }));
    const overhead = (wall - floor) / floor;
    // The last gate has no next step: its latency to passing counts.
    const worstGate = Math.max(...all.flatMap((f) => f.gates.map((g) => g.nextMs ?? g.passedMs ?? Infinity)));
    const result = {
      scenario: 'k3s-demo', runs, stepDelayMs: STEP_MS,
      wall: { medianMs: +wall.toFixed(0), allMs: all.map((f) => +f.wallMs.toFixed(0)) },
      kubectl: { medianMs: +kubectl.toFixed(0), allMs: all.map((f) => +f.kubectlMs.toFixed(0)) }, overheadVsKubectl: +overKubectl.toFixed(3),
      floor: { medianMs: floor, allMs: all.map((f) => f.floorMs), stepsPerNode: all.map((f) => f.stepsPerNode) },
      cluster: { medianMs: +clusterMs.toFixed(0), allMs: all.map((f) => +f.clusterMs.toFixed(0)) },
      runOwn: { medianMs: +own.toFixed(0), allMs: all.map((f) => +(f.wallMs - f.clusterMs).toFixed(0)) },
      overhead: +overhead.toFixed(3), goalOverhead: OVERHEAD_GOAL,
      gates: gateMedians.map((g) => ({ id: g.id, medianPassedMs: +g.passedMs.toFixed(0), medianNextMs: +g.nextMs.toFixed(0) })),
      worstGateToNextMs: +worstGate.toFixed(0), goalGateMs: GATE_GOAL_MS,
      loadAverage: loadavg().map((x) => +x.toFixed(2)),
    };
    console.log('\n| what | median ms | note |\n|---|---|---|');
    console.log(`| run() wall | ${ms(wall)} | ${runs} runs: ${result.wall.allMs.join(', ')} |`);
    console.log(`| kubectl, same changes | ${ms(kubectl)} | apply/set image/patch then kubectl wait, no gates: ${result.kubectl.allMs.join(', ')}; the run ${pct(overKubectl)} over it |`);
    console.log(`| simulator floor | ${ms(floor)} | Σ serialized step delays of ${STEP_MS} ms (header comment) |`);
    console.log(`| cluster span | ${ms(clusterMs)} | run's write → condition true, summed over the phases: floor + simulator ticks + Job controller, scheduler, kwok |`);
    console.log(`| run's own | ${ms(own)} | wall − cluster span: discovery per phase, dry runs, writes, gates, journal (${pct(own / clusterMs)} of the cluster span) |`);
    for (const g of gateMedians) console.log(`| gate ${g.id} | ${ms(g.passedMs)} / ${ms(g.nextMs)} | condition true → passed / → next step started |`);
    console.log(`overhead ${pct(overhead)} (goal <= ${pct(OVERHEAD_GOAL)}); worst gate → next step ${ms(worstGate)} ms (goal <= ${GATE_GOAL_MS}); load average ${result.loadAverage.join(' ')}`);
    console.log(JSON.stringify(result, null, 2));
    process.exitCode = overhead <= OVERHEAD_GOAL && worstGate <= GATE_GOAL_MS ? 0 : 1;
  } finally {
    await observer?.stop();
    dispose();
    if (b && !c.own) await restore(a, b).then(() => setKnobs(a, b!.knobs)).catch((e: unknown) => console.error(`could not put the cluster back: ${String(e)}`));
    rmSync(dir, { recursive: true, force: true });
    await c.stop();
  }
}

if (isMainThread) {
  void main().catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });
} else {
  void observe(workerData as { kubeconfig: string; context: string }).catch((e: unknown) => {
    console.error(`observer: ${String(e)}`);
    process.exit(1);
  });
}
