// Cluster tier: the kube-apiserver restarted in the middle of a plan run (cluster/lib/cluster.mjs restartApiServer).
// The run's watches see their streams cut, connections refused and a starting server; they list and watch again,
// the simulator's informers and the controller manager reconnect, and the run ends as if nothing had happened.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { UpgradePlan } from '../../src/core/plans/model';
import { type RunEntry, parseRunJournal } from '../../src/core/run/journal';
import { RUN_ID_LABEL, RUN_PLAN_LABEL } from '../../src/core/run/names';
import type { KubeClient } from '../../src/kube/client';
import { JournalFile } from '../../src/journal/journalFile';
import { RunExecutor, connect, discover, loadKubeconfig } from '../../src/kube/kubeLayer';
import { clusterEnv, defaultKnobs, kubeConfig, mergePatch, planApi, restartApiServer, setSimulatorKnobs, type PlanObject } from './env';

const NS = 'system-upgrade';
const FROM = 'v1.30.4+k3s1';
const TARGET = 'v1.31.1+k3s1';
/** Slow enough that the servers phase is still moving when the API server goes away (3 servers, one at a time). */
const STEP_MS = '400';
const SERVERS = 'hop-1/k3s-servers';

describe('cluster: kube-apiserver restarted mid-run', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  // The restart itself takes several seconds (stop, start, /readyz) on top of a whole K3s hop.
  this.timeout(180_000);
  const kc = kubeConfig();
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  let client: KubeClient;
  let context: string;
  let original: k8s.V1Node[] = [];
  let stepDelayMs = '300';
  let dir = '';

  before(async function () {
    const env = clusterEnv();
    context = env.admin;
    const load = await loadKubeconfig({ files: [env.kubeconfig], origin: 'setting' });
    assert.ok(load.ok && load.value.kind === 'loaded');
    client = (await connect(load.value.kubeConfig, context)).client;
    original = (await core.listNode()).items;
    const knobs = await core.readNamespacedConfigMap({ name: 'upgrade-planner-simulator', namespace: 'kube-system' });
    stepDelayMs = knobs.data?.stepDelayMs ?? '300';
  });

  beforeEach(async function () {
    dir = mkdtempSync(join(tmpdir(), 'api-restart-'));
    await setSimulatorKnobs({ ...defaultKnobs, stepDelayMs: STEP_MS });
  });

  // As run.test.ts: no Plan of ours left, the nodes' versions, labels and cordons as seeded, the knobs as they were.
  afterEach(async function () {
    const ours = (await custom.listNamespacedCustomObject({ ...planApi, namespace: NS, labelSelector: RUN_PLAN_LABEL })) as { items: PlanObject[] };
    for (const p of ours.items) await custom.deleteNamespacedCustomObject({ ...planApi, namespace: NS, name: p.metadata.name }).catch(() => undefined);
    await setSimulatorKnobs({ ...defaultKnobs, stepDelayMs });
    for (const n of original) {
      const name = n.metadata!.name!;
      const current = await core.readNode({ name });
      const labels = Object.fromEntries(Object.keys(current.metadata!.labels ?? {}).filter((k) => k.startsWith('plan.upgrade.cattle.io/')).map((k) => [k, null]));
      await core.patchNode({ name, body: { metadata: { labels }, spec: { unschedulable: n.spec?.unschedulable ?? null } } }, mergePatch);
      const info = n.status!.nodeInfo!;
      await core.patchNodeStatus({ name, body: { status: { nodeInfo: { kubeletVersion: info.kubeletVersion, kubeProxyVersion: info.kubeProxyVersion } } } }, mergePatch);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  after(function () {
    client?.dispose();
  });

  it('the servers phase waits out the restart, and the run still succeeds with every node on the target', async function () {
    const file = join(dir, 'api-restart.journal.jsonl');
    const plan: UpgradePlan = {
      apiVersion: 'upgradeplanner.dev/v1alpha1',
      kind: 'UpgradePlan',
      metadata: { name: 'api-restart' },
      cluster: { contextName: context, server: clusterEnv().server },
      components: { k3s: { current: FROM, target: TARGET } },
      hops: [{ component: 'k3s', version: TARGET }],
      strategy: { canary: { size: 1 }, concurrency: { agents: 2 } },
      gates: { timeout: '90s', healthChecks: ['nodesReady', 'versionsConverged'] },
      rollback: { onGateFailure: 'stop' },
    };
    const progress: string[] = [];
    let restart: Promise<{ pid: number; downMs: number; readyMs: number }> | undefined;
    let restartAt = 0;
    const onProgress = (id: string, m: string): void => {
      progress.push(`${id}: ${m}`);
      // A server node on its way (cordoned or upgrading): the Plan is applying, the run is watching.
      if (id === SERVERS && !restart && /; k3s-server-\d (cordoned|upgrading)/.test(m)) {
        restartAt = Date.now();
        restart = restartApiServer();
        restart.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      }
    };
    const snapshot = await discover(client, { context, server: undefined });
    assert.ok(snapshot.ok, JSON.stringify(!snapshot.ok && snapshot.error));
    const ex = RunExecutor.start({ client, plan, snapshot: snapshot.value, journal: new JournalFile(file), target: { context, server: undefined }, callbacks: { onProgress } });
    assert.ok(ex.ok, !ex.ok ? ex.error : '');
    let result: Awaited<ReturnType<typeof ex.value.run>>;
    try {
      result = await ex.value.run();
    } finally {
      // Never leave the API server down for the next suites, whatever the run did.
      await restart?.catch(() => undefined);
    }
    assert.ok(restart, `the servers phase never showed a node moving:\n${progress.join('\n')}`);
    const restarted = await restart;
    assert.equal(result.outcome, 'succeeded', `${result.reason}\n${progress.join('\n')}`);
    assert.deepEqual(result.notDone, []);

    const parsed = parseRunJournal(readFileSync(file, 'utf8'));
    assert.ok(parsed.ok);
    const entries = parsed.value.entries as RunEntry[];
    // The outage was in the middle of the phase: it ended after the API server had been stopped.
    const serversDone = entries.find((e) => e.type === 'phase-done' && e.phaseId === SERVERS);
    assert.ok(serversDone && Date.parse(serversDone.at) > restartAt + restarted.downMs, `${SERVERS} done at ${serversDone?.at}, the API server stopped by ${new Date(restartAt + restarted.downMs).toISOString()}`);

    const nodes = (await core.listNode()).items;
    for (const n of nodes) assert.equal(n.status?.nodeInfo?.kubeletVersion, TARGET, n.metadata?.name);
    for (const n of nodes) assert.equal(n.spec?.unschedulable === true, n.metadata?.name === 'k3s-agent-5', `${n.metadata?.name}: only the node cordoned before the run stays cordoned`);
    const left = (await custom.listNamespacedCustomObject({ ...planApi, namespace: NS, labelSelector: `${RUN_ID_LABEL}=${ex.value.runId}` })) as { items: PlanObject[] };
    assert.deepEqual(left.items.map((p) => p.metadata.name), [], 'the run removed its Plans at the end');

    assert.equal(entries[0].type, 'run-started');
    assert.equal(entries[entries.length - 1].type, 'run-finished');
    assert.deepEqual(entries.filter((e) => e.type === 'run-paused' || e.type === 'run-resumed'), [], 'the run never paused');
    const order = ['hop-1/k3s-servers', 'hop-1/gate-k3s-servers', 'hop-1/k3s-canary', 'hop-1/gate-k3s-canary', 'hop-1/k3s-agents', 'hop-1/gate-k3s-agents'];
    const at = (type: string, phaseId: string): number => entries.findIndex((e) => e.type === type && 'phaseId' in e && e.phaseId === phaseId);
    for (const [i, id] of order.entries()) {
      assert.ok(at('phase-started', id) >= 0 && at('phase-started', id) < at('phase-done', id), `${id} started then done`);
      if (i > 0) assert.ok(at('phase-done', order[i - 1]) < at('phase-started', id), `${order[i - 1]} done before ${id} started`);
    }
    assert.deepEqual(entries.filter((e) => e.type === 'phase-done' && e.outcome === 'failed'), [], 'no phase failed');
  });
});
