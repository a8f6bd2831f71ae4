// Cluster tier: what the suites that drive a RunExecutor on the k3s-demo scenario share: the admin connection, a
// plan of one K3s hop, the run's setup, its journal read back, its Plans and the nodes as they are, and the hooks
// that leave the scenario as it was for the next test and suite (no Plan of ours, Rook and Ceph on the scenario's
// versions, the knobs and pacing as they were, the nodes' versions, labels and cordons as seeded, no simulated
// node pressure).
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { PRESSURE_TYPES } from '../../cluster/sim/pressure';
import type { ClusterSnapshot } from '../../src/core/cluster/snapshot';
import type { UpgradePlan } from '../../src/core/plans/model';
import { type RunEntry, parseRunJournal } from '../../src/core/run/journal';
import { RUN_ID_LABEL, RUN_PLAN_LABEL } from '../../src/core/run/names';
import type { KubeClient } from '../../src/kube/client';
import type { JournalSink } from '../../src/journal/journalFile';
import { type RunSetup, discover } from '../../src/kube/kubeLayer';
import { clusterEnv, connectAs, defaultKnobs, kubeConfig, mergePatch, planApi, restoreNodes, setSimulatorKnobs, waitFor, type PlanObject } from './env';

export const NS = 'system-upgrade';
export const FROM = 'v1.30.4+k3s1';
export const TARGET = 'v1.31.1+k3s1';
/** Faster than the scenario's 300 ms per simulated step, so the runs stay well under a minute. */
export const FAST_STEP_MS = '100';
export const ROOK_TARGET = 'v1.15.5';
export const CEPH_TARGET = 'v18.2.5';
/** The taints the node lifecycle controller sets for the pressure conditions (TaintNodesByCondition). */
const PRESSURE_TAINTS = ['node.kubernetes.io/memory-pressure', 'node.kubernetes.io/disk-pressure', 'node.kubernetes.io/pid-pressure'];
export const cephApi = { group: 'ceph.rook.io', version: 'v1', plural: 'cephclusters', namespace: 'rook-ceph', name: 'rook-ceph' } as const;

/** The helpers of a run suite; `client`, `context` and `dir` are set by its hooks (read them inside a test). */
export interface RunCluster {
  readonly core: k8s.CoreV1Api;
  readonly custom: k8s.CustomObjectsApi;
  readonly apps: k8s.AppsV1Api;
  /** The admin connection as the extension makes it. */
  readonly client: KubeClient;
  readonly context: string;
  /** This test's folder for journal files (removed after it). */
  readonly dir: string;
  /** A plan of one K3s hop FROM → TARGET on this cluster: canary of one, two agents at a time, stop on a failed gate. */
  readonly plan: (name: string, extra?: Partial<UpgradePlan>) => UpgradePlan;
  readonly snapshot: () => Promise<ClusterSnapshot>;
  readonly setup: (p: UpgradePlan, journal: JournalSink, onProgress?: (phaseId: string, message: string) => void) => Promise<RunSetup>;
  readonly journalOf: (file: string) => RunEntry[];
  /** The names of the Plans run `runId` has in the cluster. */
  readonly runPlans: (runId: string) => Promise<string[]>;
  readonly nodes: () => Promise<Map<string, { version: string; cordoned: boolean }>>;
  /** Rook and Ceph back on the scenario's versions (the simulator moves the daemons back), when a test moved them. */
  readonly restoreRook: () => Promise<void>;
}

/** What a suite needs beyond the run suites' common setup. */
export interface RunClusterOptions {
  /** The simulator's step delay during each test: FAST_STEP_MS unless the suite needs the phases to move slower. */
  readonly stepDelayMs?: string;
  /** Label selectors of the Plans the suite creates itself, deleted (and waited gone) with the runs' Plans after each test. */
  readonly planSelectors?: readonly string[];
}

/** Registers the suite's before/beforeEach/afterEach/after hooks in the calling `describe` and returns its helpers. */
export function useRunCluster(options: RunClusterOptions = {}): RunCluster {
  const testStepDelayMs = options.stepDelayMs ?? FAST_STEP_MS;
  const planSelectors = [RUN_PLAN_LABEL, ...(options.planSelectors ?? [])];
  const kc = kubeConfig();
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  let client: KubeClient | undefined;
  let context = '';
  let original: k8s.V1Node[] = [];
  let stepDelayMs = '300';
  let dir = '';

  const connected = (): KubeClient => {
    assert.ok(client, 'the suite\'s before hook connects first');
    return client;
  };
  const plan = (name: string, extra: Partial<UpgradePlan> = {}): UpgradePlan => ({
    apiVersion: 'upgradeplanner.dev/v1alpha1',
    kind: 'UpgradePlan',
    metadata: { name },
    cluster: { contextName: context, server: clusterEnv().server },
    components: { k3s: { current: FROM, target: TARGET } },
    hops: [{ component: 'k3s', version: TARGET }],
    strategy: { canary: { size: 1 }, concurrency: { agents: 2 } },
    gates: { timeout: '40s', healthChecks: ['nodesReady', 'versionsConverged'] },
    rollback: { onGateFailure: 'stop' },
    ...extra,
  });
  const snapshot = async (): Promise<ClusterSnapshot> => {
    const s = await discover(connected(), { context, server: undefined });
    assert.ok(s.ok, JSON.stringify(!s.ok && s.error));
    return s.value;
  };
  const setup = async (p: UpgradePlan, journal: JournalSink, onProgress?: (phaseId: string, message: string) => void): Promise<RunSetup> => ({
    client: connected(), plan: p, snapshot: await snapshot(), journal, target: { context, server: undefined }, callbacks: { ...(onProgress ? { onProgress } : {}) },
  });
  const journalOf = (file: string): RunEntry[] => {
    const r = parseRunJournal(readFileSync(file, 'utf8'));
    assert.ok(r.ok);
    return r.value.entries as RunEntry[];
  };
  const runPlans = async (runId: string): Promise<string[]> => {
    const r = await custom.listNamespacedCustomObject({ ...planApi, namespace: NS, labelSelector: `${RUN_ID_LABEL}=${runId}` }) as { items: PlanObject[] };
    return r.items.map((p) => p.metadata.name);
  };
  const nodes = async (): Promise<Map<string, { version: string; cordoned: boolean }>> =>
    new Map((await core.listNode()).items.map((n) => [n.metadata!.name!, { version: n.status!.nodeInfo!.kubeletVersion, cordoned: n.spec?.unschedulable === true }]));

  const restoreRook = async (): Promise<void> => {
    const op = await apps.readNamespacedDeployment({ name: 'rook-ceph-operator', namespace: 'rook-ceph' });
    const cluster = (await custom.getNamespacedCustomObject(cephApi)) as { spec: { cephVersion: { image: string } } };
    if (op.spec!.template.spec!.containers[0].image === 'rook/ceph:v1.14.9' && cluster.spec.cephVersion.image === 'quay.io/ceph/ceph:v18.2.4') return;
    await apps.patchNamespacedDeployment(
      { name: 'rook-ceph-operator', namespace: 'rook-ceph', body: { spec: { template: { spec: { containers: [{ name: 'rook-ceph-operator', image: 'rook/ceph:v1.14.9' }] } } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );
    await custom.patchNamespacedCustomObject({ ...cephApi, body: { spec: { cephVersion: { image: 'quay.io/ceph/ceph:v18.2.4' } } } }, mergePatch);
    await waitFor('Rook and Ceph back on the scenario versions', async () => {
      const c = (await custom.getNamespacedCustomObject(cephApi)) as { status?: { version?: { version?: string }; ceph?: { health?: string } } };
      const deps = await apps.listNamespacedDeployment({ namespace: 'rook-ceph', labelSelector: 'rook_cluster=rook-ceph' });
      return c.status?.version?.version === '18.2.4-0' && c.status.ceph?.health === 'HEALTH_OK' && deps.items.every((d) => d.metadata!.labels!['rook-version'] === 'v1.14.9' && d.metadata!.labels!['ceph-version'] === '18.2.4-0');
    }, 30000);
  };

  before(async function () {
    context = clusterEnv().admin;
    client = (await connectAs(context)).client;
    original = (await core.listNode()).items;
    const knobs = await core.readNamespacedConfigMap({ name: 'upgrade-planner-simulator', namespace: 'kube-system' });
    stepDelayMs = knobs.data?.stepDelayMs ?? '300';
  });

  beforeEach(async function () {
    dir = mkdtempSync(join(tmpdir(), 'run-journal-'));
    await setSimulatorKnobs({ ...defaultKnobs, stepDelayMs: testStepDelayMs });
  });

  // Our Plans go first (a Plan left would upgrade the restored nodes again), then the knobs: Ceph reaches HEALTH_OK
  // again only without cephStuckWarn.
  afterEach(async function () {
    const ours = async (): Promise<PlanObject[]> => {
      const lists = await Promise.all(planSelectors.map((labelSelector) => custom.listNamespacedCustomObject({ ...planApi, namespace: NS, labelSelector }) as Promise<{ items: PlanObject[] }>));
      return lists.flatMap((l) => l.items);
    };
    for (const p of await ours()) await custom.deleteNamespacedCustomObject({ ...planApi, namespace: NS, name: p.metadata.name }).catch(() => undefined);
    await waitFor('our Plans gone', async () => (await ours()).length === 0);
    await setSimulatorKnobs({ ...defaultKnobs, stepDelayMs });
    await restoreRook();
    await restoreNodes(core, original);
    // A node under pressure is tainted by the node lifecycle controller: wait until the taint is gone as well.
    await waitFor('no node under (simulated) pressure, nor tainted for it', async () =>
      (await core.listNode()).items.every((n) =>
        !(n.status?.conditions ?? []).some((c) => (PRESSURE_TYPES as readonly string[]).includes(c.type) && c.status === 'True') &&
        !(n.spec?.taints ?? []).some((t) => PRESSURE_TAINTS.includes(t.key))), 30000);
    rmSync(dir, { recursive: true, force: true });
  });

  after(function () {
    client?.dispose();
  });

  return {
    core, custom, apps,
    get client() {
      return connected();
    },
    get context() {
      return context;
    },
    get dir() {
      return dir;
    },
    plan, snapshot, setup, journalOf, runPlans, nodes, restoreRook,
  };
}
