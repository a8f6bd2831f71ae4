// Cluster tier: system-upgrade-controller's drain as the simulator plays it (cluster/sim/drain.ts): a Plan with
// `drain` evicts the node's pods through the real pods/eviction subresource, so the kube-apiserver refuses what a
// PodDisruptionBudget protects (k3s-demo: shop/api allows 0 disruptions, shop/web allows 1). An evictable pod
// leaves and its ReplicaSet recreates it elsewhere, the node is upgraded and uncordoned; a blocked drain keeps the
// node cordoned with the pod on it until drain.timeout, then the Plan says JobFailed naming the budget; a run
// (RunExecutor) names the blocking budget in its progress line and in the failed phase's reason.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { JournalFile } from '../../src/journal/journalFile';
import { RunExecutor } from '../../src/kube/kubeLayer';
import { condition, kubeConfig, mergePatch, planApi, waitFor, type PlanObject } from './env';
import { FROM, NS, TARGET, useRunCluster } from './runSetup';

const TEST_LABEL = 'upgradeplanner.dev/test';
const HOSTNAME = 'kubernetes.io/hostname';
const SERVERS = ['k3s-server-1', 'k3s-server-2', 'k3s-server-3'];

function drainPlan(name: string, node: string, drain: Record<string, unknown>): PlanObject {
  return {
    apiVersion: 'upgrade.cattle.io/v1',
    kind: 'Plan',
    metadata: { name, namespace: NS, labels: { [TEST_LABEL]: 'drain' } },
    spec: {
      concurrency: 1,
      version: TARGET,
      serviceAccountName: 'system-upgrade',
      nodeSelector: { matchExpressions: [{ key: HOSTNAME, operator: 'In', values: [node] }] },
      upgrade: { image: 'rancher/k3s-upgrade' },
      drain,
    },
  };
}

describe('cluster: drain (evictions through the API server, PodDisruptionBudgets)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  this.timeout(120_000);
  // Our drain Plans (TEST_LABEL) go with the runs' after each test, before the nodes are restored.
  const rc = useRunCluster({ planSelectors: [TEST_LABEL] });
  const { core, custom } = rc;
  const kc = kubeConfig();
  const policy = kc.makeApiClient(k8s.PolicyV1Api);

  const shopPods = async (app: string): Promise<k8s.V1Pod[]> => (await core.listNamespacedPod({ namespace: 'shop', labelSelector: `app=${app}` })).items;
  const running = (p: k8s.V1Pod): boolean => p.status?.phase === 'Running' && !p.metadata?.deletionTimestamp;
  const getPlan = async (name: string): Promise<PlanObject> => (await custom.getNamespacedCustomObject({ ...planApi, namespace: NS, name })) as PlanObject;
  const node = (name: string): Promise<k8s.V1Node> => core.readNode({ name });

  /** The shop as seeded: both web replicas running, the api pod on k3s-agent-2, the budgets at 1 and 0 disruptions allowed. */
  const shopSettled = (): Promise<true> =>
    waitFor('the shop workloads and budgets as seeded', async () => {
      const [web, api] = [await shopPods('web'), await shopPods('api')];
      const budgets = new Map((await policy.listNamespacedPodDisruptionBudget({ namespace: 'shop' })).items.map((b) => [b.metadata!.name!, b.status?.disruptionsAllowed]));
      return web.filter(running).length === 2 && api.filter(running).length === 1 && api[0].spec?.nodeName === 'k3s-agent-2' && budgets.get('web') === 1 && budgets.get('api') === 0;
    }, 60000);

  beforeEach(async function () {
    await shopSettled();
  });

  // After useRunCluster's afterEach (no Plan of ours, the nodes and the pacing as they were): the shop settled again.
  afterEach(async function () {
    await shopSettled();
  });

  it('evicts the pods of the drained node: the web pod leaves (its budget allows one disruption) and is recreated elsewhere, then the node is upgraded and uncordoned', async function () {
    const web = (await shopPods('web')).filter(running);
    // A node with a web pod but not the api pod (whose budget would block): an agent when one has it.
    const candidates = web.map((p) => p.spec!.nodeName!).filter((n) => n !== 'k3s-agent-2').sort((a, b) => Number(b.startsWith('k3s-agent')) - Number(a.startsWith('k3s-agent')));
    assert.ok(candidates.length, `a web pod runs outside k3s-agent-2: ${web.map((p) => p.spec?.nodeName).join(', ')}`);
    const target = candidates[0];
    const leaving = web.find((p) => p.spec!.nodeName === target)!;
    const api = (await shopPods('api'))[0];

    // Every change of the node and of the shop's pods, from real watches, to check the order afterwards.
    const seen: { at: number; what: string }[] = [];
    const watch = new k8s.Watch(kc);
    const stops = [
      await watch.watch(`/api/v1/nodes`, { fieldSelector: `metadata.name=${target}` }, (_t: string, n: k8s.V1Node) => {
        seen.push({ at: Date.now(), what: `node ${n.spec?.unschedulable === true ? 'cordoned' : 'schedulable'} ${n.status?.nodeInfo?.kubeletVersion}` });
      }, () => undefined),
      await watch.watch(`/api/v1/namespaces/shop/pods`, {}, (t: string, p: k8s.V1Pod) => {
        if (p.metadata?.uid === leaving.metadata!.uid) seen.push({ at: Date.now(), what: t === 'DELETED' ? 'web DELETED' : `web ${t}${p.metadata?.deletionTimestamp ? ' terminating' : ''}` });
      }, () => undefined),
    ];
    let plan: PlanObject;
    try {
      await custom.createNamespacedCustomObject({ ...planApi, namespace: NS, body: drainPlan('drain-web', target, { force: true }) });
      plan = await waitFor('Plan drain-web complete', async () => {
        const p = await getPlan('drain-web');
        return condition(p, 'Complete')?.status === 'True' ? p : undefined;
      }, 60000);
      await waitFor('the web pod deleted', () => seen.some((e) => e.what === 'web DELETED'));
    } finally {
      for (const s of stops) s.abort();
    }
    // Cordoned first, then the pod evicted (terminating, then gone), then the new version, then uncordoned.
    const at = (what: string): number => seen.findIndex((e) => e.what === what);
    const cordoned = at(`node cordoned ${FROM}`);
    const gone = at('web DELETED');
    const upgraded = at(`node cordoned ${TARGET}`);
    const uncordoned = at(`node schedulable ${TARGET}`);
    assert.ok(cordoned >= 0 && cordoned < gone && gone < upgraded && upgraded < uncordoned, seen.map((e) => e.what).join('\n'));
    const after = await node(target);
    assert.equal(after.status?.nodeInfo?.kubeletVersion, TARGET);
    assert.equal(after.metadata?.labels?.['plan.upgrade.cattle.io/drain-web'], plan.status?.latestHash);
    assert.notEqual(after.spec?.unschedulable, true, 'uncordoned after the upgrade');
    assert.equal((await core.listNamespacedPod({ namespace: 'shop', fieldSelector: `spec.nodeName=${target}`, labelSelector: 'app=web' })).items.filter(running).length, 0, 'no web pod came back while the node was cordoned');
    await waitFor('the ReplicaSet recreated the web pod on another node', async () => {
      const now = (await shopPods('web')).filter(running);
      return now.length === 2 && !now.some((p) => p.metadata!.uid === leaving.metadata!.uid) && now.every((p) => p.spec!.nodeName !== target);
    });
    const apiNow = (await shopPods('api'))[0];
    assert.equal(apiNow.metadata?.uid, api.metadata?.uid, 'the api pod on k3s-agent-2 was not touched');
  });

  it('a drain of k3s-agent-2 is refused by the API server for the api pod (budget shop/api, 0 disruptions allowed): cordoned with the pod still there, then JobFailed at drain.timeout', async function () {
    const api = (await shopPods('api'))[0];
    assert.equal(api.spec?.nodeName, 'k3s-agent-2');
    // timeout as the controller reads an integer: nanoseconds (core/run/sucPlans writes it so).
    await custom.createNamespacedCustomObject({ ...planApi, namespace: NS, body: drainPlan('drain-api', 'k3s-agent-2', { force: true, timeout: 5_000_000_000 }) });
    await waitFor('k3s-agent-2 cordoned', async () => (await node('k3s-agent-2')).spec?.unschedulable === true);
    // Blocked: the Plan still applies, the pod stays put and is not terminating.
    const applying = await getPlan('drain-api');
    assert.notEqual(condition(applying, 'Complete')?.reason, 'JobFailed', 'not failed before the timeout');
    assert.deepEqual(applying.status?.applying, ['k3s-agent-2']);
    const blocked = (await shopPods('api'))[0];
    assert.equal(blocked.metadata?.uid, api.metadata?.uid);
    assert.equal(blocked.metadata?.deletionTimestamp, undefined, 'the eviction was refused, the pod is not terminating');

    const failed = await waitFor('Plan drain-api JobFailed', async () => {
      const p = await getPlan('drain-api');
      return condition(p, 'Complete')?.reason === 'JobFailed' ? p : undefined;
    }, 60000);
    const c = condition(failed, 'Complete')!;
    assert.equal(c.status, 'False');
    assert.match(c.message ?? '', /k3s-agent-2/);
    assert.match(c.message ?? '', new RegExp(`pods/"${api.metadata!.name!}" -n "shop"`));
    assert.match(c.message ?? '', /Cannot evict pod as it would violate the pod's disruption budget\. The disruption budget api needs 1 healthy pods and has 1 currently/);
    assert.match(c.message ?? '', /global timeout reached: 5s/);
    const n = await node('k3s-agent-2');
    assert.equal(n.spec?.unschedulable, true, 'the node stays cordoned after the failed Job');
    assert.equal(n.status?.nodeInfo?.kubeletVersion, FROM, 'not upgraded');
    assert.equal((await shopPods('api'))[0].metadata?.uid, api.metadata?.uid, 'the api pod is still there');
  });

  describe('through a run', function () {
    it('the progress line and the failed phase name the budget that blocks the drain of the canary (shop/api on k3s-agent-2)', async function () {
      // An agents-only hop needs the servers on the target already (afterEach restores them).
      for (const name of SERVERS) await core.patchNodeStatus({ name, body: { status: { nodeInfo: { kubeletVersion: TARGET, kubeProxyVersion: TARGET } } } }, mergePatch);
      const plan = rc.plan('run-drain', {
        hops: [{ component: 'k3s', version: TARGET, nodes: 'agents' }],
        strategy: { canary: { selector: `${HOSTNAME}=k3s-agent-2` }, drain: { enabled: true, timeout: '5s', force: true } },
      });
      const progress: string[] = [];
      const file = join(rc.dir, 'run-drain.journal.jsonl');
      const ex = RunExecutor.start(await rc.setup(plan, new JournalFile(file), (id, m) => progress.push(`${id}: ${m}`)));
      assert.ok(ex.ok, !ex.ok ? ex.error : '');
      const result = await ex.value.run();
      assert.equal(result.outcome, 'stopped', result.reason);

      const api = (await shopPods('api'))[0].metadata!.name!;
      const line = progress.find((p) => p.startsWith('hop-1/k3s-canary: ') && p.includes('draining'));
      assert.ok(line, progress.join('\n'));
      assert.match(line, new RegExp(`k3s-agent-2 draining: blocked by PodDisruptionBudget shop/api \\(0 disruptions allowed, 1 healthy of 1 needed; pod shop/${api}\\)`));
      const done = rc.journalOf(file).find((e) => e.type === 'phase-done' && e.phaseId === 'hop-1/k3s-canary');
      assert.ok(done?.type === 'phase-done' && done.outcome === 'failed', JSON.stringify(done));
      assert.match(done.reason ?? '', /^the upgrade Job failed: .*disruption budget api.*\(k3s-agent-2 draining: blocked by PodDisruptionBudget shop\/api /);
    });
  });
});
