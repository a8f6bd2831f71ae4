import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { condition, defaultKnobs, kubeConfig, planApi, restoreNodes, setSimulatorKnobs, suitePlans, waitFor, type PlanObject } from './env';

const NS = 'system-upgrade';
const TARGET = 'v1.31.1+k3s1';

interface NodeEvent {
  at: number;
  node: string;
  version: string;
  cordoned: boolean;
}

/** Records every node change from a real watch, so ordering and concurrency can be checked afterwards. */
async function recordNodes(kc: k8s.KubeConfig): Promise<{ events: NodeEvent[]; stop: () => void }> {
  const events: NodeEvent[] = [];
  const ctrl = await new k8s.Watch(kc).watch(
    '/api/v1/nodes',
    {},
    (_phase: string, obj: k8s.V1Node) => {
      events.push({ at: Date.now(), node: obj.metadata!.name!, version: obj.status!.nodeInfo!.kubeletVersion, cordoned: Boolean(obj.spec?.unschedulable) });
    },
    () => undefined,
  );
  return { events, stop: () => ctrl.abort() };
}

function serverPlan(name: string, version: string): PlanObject {
  return {
    apiVersion: 'upgrade.cattle.io/v1',
    kind: 'Plan',
    metadata: { name, namespace: NS, labels: { 'k3s-upgrade': 'server' } },
    spec: {
      concurrency: 1,
      cordon: true,
      version,
      serviceAccountName: 'system-upgrade',
      nodeSelector: { matchExpressions: [{ key: 'k3s-upgrade', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', operator: 'In', values: ['true'] }] },
      upgrade: { image: 'rancher/k3s-upgrade' },
    },
  };
}

function agentPlan(name: string, version: string, serverPlanName: string): PlanObject {
  return {
    apiVersion: 'upgrade.cattle.io/v1',
    kind: 'Plan',
    metadata: { name, namespace: NS, labels: { 'k3s-upgrade': 'agent' } },
    spec: {
      concurrency: 2,
      cordon: true,
      version,
      serviceAccountName: 'system-upgrade',
      nodeSelector: { matchExpressions: [{ key: 'k3s-upgrade', operator: 'Exists' }, { key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }] },
      prepare: { image: 'rancher/k3s-upgrade', args: ['prepare', serverPlanName] },
      upgrade: { image: 'rancher/k3s-upgrade' },
    },
  };
}

describe('cluster: system-upgrade-controller Plans (simulated)', function () {
  this.timeout(120000);
  const kc = kubeConfig();
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const { created, create, getPlan } = suitePlans(custom, NS);

  // Leave the scenario as it was for other suites: original versions, no plan labels, nothing cordoned.
  let original: k8s.V1Node[] = [];
  before(async function () {
    original = (await core.listNode()).items;
  });

  afterEach(async function () {
    await setSimulatorKnobs(defaultKnobs);
    for (const name of created.splice(0)) await custom.deleteNamespacedCustomObject({ ...planApi, namespace: NS, name }).catch(() => undefined);
  });

  after(async function () {
    await restoreNodes(core, original);
  });

  it('upgrades servers one at a time, then agents two at a time, cordoning and labelling each node', async function () {
    const rec = await recordNodes(kc);
    try {
      await create(serverPlan('k3s-server', TARGET));
      await create(agentPlan('k3s-agent', TARGET, 'k3s-server'));

      const server = await waitFor('server plan complete', async () => {
        const p = await getPlan('k3s-server');
        return condition(p, 'Complete')?.status === 'True' ? p : undefined;
      }, 60000);
      const agent = await waitFor('agent plan complete', async () => {
        const p = await getPlan('k3s-agent');
        return condition(p, 'Complete')?.status === 'True' ? p : undefined;
      }, 60000);

      // Final state: every node on the target, labelled with its plan's hash, schedulable unless it was
      // cordoned before the Plans (k3s-agent-5 in the scenario: the Plans uncordon only what they cordoned).
      const cordonedBefore = new Set(original.filter((n) => n.spec?.unschedulable).map((n) => n.metadata!.name!));
      const nodes = (await core.listNode()).items;
      for (const n of nodes) {
        const isServer = n.metadata!.labels!['node-role.kubernetes.io/control-plane'] === 'true';
        const plan = isServer ? server : agent;
        assert.equal(n.status!.nodeInfo!.kubeletVersion, TARGET, n.metadata!.name);
        assert.equal(n.metadata!.labels![`plan.upgrade.cattle.io/${plan.metadata.name}`], plan.status!.latestHash, n.metadata!.name);
        assert.equal(Boolean(n.spec?.unschedulable), cordonedBefore.has(n.metadata!.name!), `${n.metadata!.name} cordoned as before the Plans`);
      }
      assert.equal(server.status!.latestVersion, TARGET);
      assert.equal(condition(server, 'LatestResolved')?.status, 'True');
      assert.deepEqual(server.status!.applying ?? [], []);

      // Order: the first agent change comes after the last server reached the target.
      const firstVersion = new Map<string, number>();
      for (const e of rec.events) if (e.version === TARGET && !firstVersion.has(e.node)) firstVersion.set(e.node, e.at);
      const serverTimes = [...firstVersion].filter(([n]) => n.startsWith('k3s-server')).map(([, t]) => t);
      const agentTimes = [...firstVersion].filter(([n]) => n.startsWith('k3s-agent')).map(([, t]) => t);
      assert.equal(serverTimes.length, 3);
      assert.equal(agentTimes.length, 5);
      assert.ok(Math.max(...serverTimes) <= Math.min(...agentTimes), 'servers before agents (prepare waits for the server plan)');
      const byPlans = rec.events.filter((e) => !cordonedBefore.has(e.node));
      const agentCordons = byPlans.filter((e) => e.node.startsWith('k3s-agent') && e.cordoned).map((e) => e.at);
      assert.ok(agentCordons.length > 0 && Math.min(...agentCordons) >= Math.max(...serverTimes), 'no agent cordoned before the servers finished');

      // Concurrency: replay the watch; never more than 1 server or 2 agents cordoned at once.
      const cordoned = new Map<string, boolean>();
      let maxServers = 0;
      let maxAgents = 0;
      for (const e of byPlans) {
        cordoned.set(e.node, e.cordoned);
        const on = [...cordoned].filter(([, c]) => c).map(([n]) => n);
        maxServers = Math.max(maxServers, on.filter((n) => n.startsWith('k3s-server')).length);
        maxAgents = Math.max(maxAgents, on.filter((n) => n.startsWith('k3s-agent')).length);
      }
      assert.equal(maxServers, 1, 'server concurrency 1');
      assert.ok(maxAgents >= 1 && maxAgents <= 2, `agent concurrency 2 (saw ${maxAgents})`);
    } finally {
      rec.stop();
    }
  });

  it('fault knob stuckNodes: the node stays cordoned on its old version and the Plan reports JobFailed', async function () {
    const node = 'k3s-agent-3';
    const before = (await core.readNode({ name: node })).status!.nodeInfo!.kubeletVersion;
    await setSimulatorKnobs({ stuckNodes: node });
    const plan = serverPlan('stuck-canary', 'v1.31.2+k3s1');
    plan.spec.nodeSelector = { matchLabels: { 'kubernetes.io/hostname': node } };
    plan.spec.jobActiveDeadlineSecs = 2;
    await create(plan);

    const failed = await waitFor('JobFailed on the stuck plan', async () => {
      const p = await getPlan('stuck-canary');
      return condition(p, 'Complete')?.reason === 'JobFailed' ? p : undefined;
    }, 30000);
    assert.equal(condition(failed, 'Complete')?.status, 'False');
    assert.match(condition(failed, 'Complete')?.message ?? '', /deadline/);
    assert.deepEqual(failed.status!.applying, [node]);
    const n = await core.readNode({ name: node });
    assert.equal(n.spec?.unschedulable, true, 'left cordoned');
    assert.equal(n.status!.nodeInfo!.kubeletVersion, before, 'version unchanged');

    // Clearing the fault lets the node finish and be uncordoned.
    await setSimulatorKnobs({ stuckNodes: '' });
    await waitFor('stuck node recovers', async () => {
      const m = await core.readNode({ name: node });
      return m.status!.nodeInfo!.kubeletVersion === 'v1.31.2+k3s1' && !m.spec?.unschedulable;
    }, 30000);
  });
});
