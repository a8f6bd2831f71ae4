// Cluster tier: preflight against the real k3s-demo control plane. readPreflightInputs reads the
// PodDisruptionBudgets (status.disruptionsAllowed computed by kube-controller-manager's disruption
// controller), pods and ReplicaSets, the system-upgrade-controller install, Rook's daemons and the
// CephCluster, and asks every permission; runPreflight then passes every check but those the scenario
// fails on purpose. The read-only user is told every permission it lacks; the request count does not
// grow with the cluster.
import * as assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { upgradePermissions } from '../../src/core/cluster/permissions';
import type { ClusterSnapshot } from '../../src/core/cluster/snapshot';
import { type PreflightReport, runPreflight } from '../../src/core/preflight';
import type { UpgradePlan } from '../../src/core/plans/model';
import { type PreflightReads, discover, readPreflightInputs } from '../../src/kube/kubeLayer';
import { clusterEnv, connectAs, kubeConfig, waitFor } from './env';

/** A plan that upgrades K3s on the agents and drains them: every agent is a node the drain meets. */
const PLAN: UpgradePlan = {
  apiVersion: 'upgradeplanner.dev/v1alpha1',
  kind: 'UpgradePlan',
  metadata: { name: 'agents-to-1.31' },
  cluster: { contextName: 'k3s-demo', server: 'https://127.0.0.1:6443' },
  components: { k3s: { current: 'v1.30.4+k3s1', target: 'v1.31.9+k3s1' } },
  hops: [{ component: 'k3s', version: 'v1.31.9+k3s1', nodes: 'agents' }],
  strategy: { drain: { enabled: true, timeout: '10m' } },
  checklist: [{ id: 'release-notes-read', title: 'Release notes read', state: 'done', by: 'cluster tier', at: '2026-01-01T00:00:00Z' }],
};

interface Read {
  snapshot: ClusterSnapshot;
  reads: PreflightReads;
  report: PreflightReport;
  /** Requests of discovery, then of readPreflightInputs. */
  requests: { discover: number; preflight: number };
}

async function preflightOf(context: string): Promise<Read> {
  const env = clusterEnv();
  const conn = await connectAs(context);
  try {
    const snap = await discover(conn.client, { context, server: env.server });
    assert.ok(snap.ok, JSON.stringify(!snap.ok && snap.error));
    const discovered = conn.requests();
    const reads = await readPreflightInputs(conn.client, snap.value);
    const requests = { discover: discovered, preflight: conn.requests() - discovered };
    const report = runPreflight({ snapshot: snap.value, ...reads, plan: PLAN, planDiagnostics: [], now: new Date() });
    return { snapshot: snap.value, reads, report, requests };
  } finally {
    conn.client.dispose();
  }
}

const statuses = (r: PreflightReport): Record<string, string> => Object.fromEntries(r.checks.map((c) => [c.id, c.status]));
const check = (r: PreflightReport, id: string) => {
  const c = r.checks.find((x) => x.id === id);
  assert.ok(c, `no check ${id}`);
  return c;
};

/** Every check of the k3s-demo scenario as the admin sees it; the failures are the scenario's on purpose. */
const DEMO_STATUSES = {
  'nodes.ready': 'pass',
  'nodes.pressure': 'pass',
  // k3s-agent-5 is cordoned in the scenario.
  'nodes.cordoned': 'fail',
  // k3s-agent-5 is one minor behind: within the skew policy.
  'kubernetes.skew': 'pass',
  'suc.ready': 'pass',
  'ceph.health': 'pass',
  'ceph.mons': 'pass',
  'ceph.pgs': 'pass',
  'rook.operator': 'pass',
  'rook.versions': 'pass',
  // The scenario's snapshots are from September 2024, and k3s-server-3 has none.
  'etcd.snapshot': 'fail',
  // PodDisruptionBudget shop/api: minAvailable 1 of the 1-replica api Deployment on k3s-agent-2.
  'pdb.drain': 'fail',
  'rbac.access': 'pass',
  'plan.valid': 'pass',
  'plan.risks': 'pass',
  'plan.checklist': 'pass',
  'plan.maintenance-window': 'pass',
  // The removed-API scan is its own read (kube/removedApiReader), not one of readPreflightInputs'.
  'apis.removed': 'not-checked',
};

const READ_ONLY_MISSING = [
  'create plans.upgrade.cattle.io in system-upgrade',
  'patch plans.upgrade.cattle.io in system-upgrade',
  'delete plans.upgrade.cattle.io in system-upgrade',
  'patch nodes',
  'create jobs.batch in system-upgrade',
  'patch cephclusters.ceph.rook.io in rook-ceph',
  'patch deployments.apps "rook-ceph-operator" in rook-ceph',
  'create backups.velero.io in velero',
];

describe('preflight reads (cluster tier)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  this.timeout(90000);
  const env = clusterEnv();
  const kc = kubeConfig();
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const policy = kc.makeApiClient(k8s.PolicyV1Api);

  before(async function () {
    // The disruption controller (kube-controller-manager) has settled both budgets: api allows none, web one.
    await waitFor('the disruption controller to compute the budgets', async () => {
      const [api, web] = await Promise.all([policy.readNamespacedPodDisruptionBudget({ name: 'api', namespace: 'shop' }), policy.readNamespacedPodDisruptionBudget({ name: 'web', namespace: 'shop' })]);
      return api.status?.currentHealthy === 1 && api.status.disruptionsAllowed === 0 && web.status?.currentHealthy === 2 && web.status.disruptionsAllowed === 1;
    }, 60000, 200);
    await waitFor('all nodes Ready', async () => (await core.listNode()).items.every((n) => n.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True')), 60000, 200);
  });

  it('k3s-demo: every check passes but the scenario\'s cordoned node, stale snapshots and blocking budget', async () => {
    const { reads, report } = await preflightOf(env.admin);
    assert.deepEqual(reads.unread, []);
    assert.deepEqual(statuses(report), DEMO_STATUSES);
    assert.equal(report.blocking, true);
    assert.deepEqual(report.summary, { pass: 14, warn: 0, fail: 3, 'not-checked': 1, overridden: 0 });

    const cordoned = check(report, 'nodes.cordoned');
    assert.equal(cordoned.reason, 'already cordoned: k3s-agent-5');
    assert.deepEqual(cordoned.objects, [{ kind: 'Node', name: 'k3s-agent-5' }]);

    const etcd = check(report, 'etcd.snapshot');
    assert.match(etcd.reason, /^no ready snapshot on k3s-server-3; older than 24 h on k3s-server-1 \(newest \d+ years old\), k3s-server-2 \(newest \d+ years old\)$/);

    // The real disruption controller's answer, the pod's node from the scheduler, the Deployment through its ReplicaSet.
    const pdb = check(report, 'pdb.drain');
    assert.equal(pdb.reason, '1 PodDisruptionBudget would block the drain: Deployment shop/api allows no disruption (shop/api) and runs on k3s-agent-2');
    assert.deepEqual(pdb.objects, [{ kind: 'PodDisruptionBudget', namespace: 'shop', name: 'api' }, { kind: 'Node', name: 'k3s-agent-2' }]);
    assert.deepEqual(reads.pdbs?.map((b) => [`${b.namespace}/${b.name}`, b.disruptionsAllowed, b.workload?.kind, b.workload?.name, b.pods.length]), [
      ['shop/api', 0, 'Deployment', 'api', 1],
      ['shop/web', 1, 'Deployment', 'web', 2],
    ]);

    assert.equal(check(report, 'suc.ready').reason, 'system-upgrade/system-upgrade-controller v0.13.4 is available, with its CRD and service account');
    assert.deepEqual(reads.suc, { plansCrd: true, serviceAccount: { namespace: 'system-upgrade', name: 'system-upgrade', exists: true } });
    assert.equal(check(report, 'rook.versions').reason, 'all 7 daemons on v1.14.9');
    assert.match(check(report, 'ceph.mons').reason, /^every mon in quorum \(rook-ceph\/rook-ceph: 3\/3 in quorum\) \(inferred from the CephCluster status/);
    assert.match(check(report, 'ceph.pgs').reason, /^no health check reports a placement group other than active\+clean \(inferred from the CephCluster status/);
    assert.equal(check(report, 'rbac.access').reason, 'can run upgrades (21 permissions asked)');
  });

  it('the read-only user: every permission it lacks is named before anything is written', async () => {
    const { reads, report } = await preflightOf(env.restricted);
    assert.deepEqual(reads.unread, []);
    assert.deepEqual(statuses(report), { ...DEMO_STATUSES, 'rbac.access': 'fail' });
    const rbac = check(report, 'rbac.access');
    assert.deepEqual(rbac.objects, READ_ONLY_MISSING.map((name) => ({ kind: 'Permission', name })));
    assert.equal(rbac.reason, `read-only for upgrades: cannot ${READ_ONLY_MISSING.join(', ')}`);
    assert.deepEqual(rbac.evidence, { asked: 21, missing: READ_ONLY_MISSING });
  });

  it('a fixed number of requests: more nodes and more budgets change nothing', async () => {
    const first = await preflightOf(env.admin);
    // Eight reads (budgets, pods, ReplicaSets, Plans API, SUC Deployment, its service accounts, Rook daemons, CephClusters) and one review per permission.
    assert.equal(first.requests.preflight, 8 + upgradePermissions(first.snapshot.components).length);
    const suffix = Date.now().toString(36);
    const names = Array.from({ length: 30 }, (_, i) => `preflight-extra-${suffix}-${i}`);
    const ns = `preflight-${suffix}`;
    try {
      // Cordoned and not handed to kwok: nothing schedules onto them.
      await Promise.all(names.map((name) => core.createNode({ body: { metadata: { name, labels: { 'preflight-extra': 'true' } }, spec: { unschedulable: true } } })));
      await core.createNamespace({ body: { metadata: { name: ns } } });
      await Promise.all(Array.from({ length: 5 }, (_, i) => policy.createNamespacedPodDisruptionBudget({ namespace: ns, body: { metadata: { name: `b-${i}` }, spec: { minAvailable: 1, selector: { matchLabels: { app: `b-${i}` } } } } })));
      const second = await preflightOf(env.admin);
      assert.ok(second.snapshot.nodes.state === 'ok' && second.snapshot.nodes.value.length === 38);
      assert.equal(second.reads.pdbs?.length, 7);
      assert.deepEqual(second.requests, first.requests);
    } finally {
      await Promise.all(names.map((name) => core.deleteNode({ name }).catch(() => undefined)));
      await core.deleteNamespace({ name: ns }).catch(() => undefined);
    }
  });
});
