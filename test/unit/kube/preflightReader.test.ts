import * as assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../../../src/core/cluster';
import type { HttpResponse } from '../../../src/kube/client';
import { KubeClient } from '../../../src/kube/client';
import { readPreflightInputs } from '../../../src/kube/preflightReader';
import { FakeTransport, forbidden } from '../cluster/fakeTransport';
import { demoSnapshot } from '../cluster/demoSnapshot';

/** The demo snapshot with the system-upgrade-controller found (demoSnapshot has none). */
function snapshot(namespace = 'system-upgrade'): ClusterSnapshot {
  const s = demoSnapshot();
  return { ...s, components: { ...s.components, systemUpgradeController: { state: 'ok', value: { namespace, name: 'system-upgrade-controller', image: 'rancher/system-upgrade-controller:v0.13.4', version: 'v0.13.4', readyReplicas: 1, replicas: 1 } } } };
}

const owner = (kind: string, name: string) => [{ apiVersion: 'apps/v1', kind, name, controller: true }];
const list = (items: unknown[]) => ({ metadata: { resourceVersion: '1' }, items });

/** The k3s-demo objects preflight reads, with `extraPods` more pods and `extraPdbs` more budgets. */
function routes(extraPods = 0, extraPdbs = 0): Record<string, (q: URLSearchParams) => HttpResponse | object> {
  const pods = [
    { metadata: { name: 'api-1', namespace: 'shop', labels: { app: 'api' }, ownerReferences: owner('ReplicaSet', 'api-6d') }, spec: { nodeName: 'k3s-agent-2' }, status: { phase: 'Running' } },
    ...Array.from({ length: extraPods }, (_, i) => ({ metadata: { name: `p-${i}`, namespace: `team-${i % 50}`, labels: { app: 'x' }, ownerReferences: owner('StatefulSet', 'x') }, spec: { nodeName: `n-${i}` }, status: { phase: 'Running' } })),
  ];
  const pdbs = [
    { metadata: { name: 'api', namespace: 'shop' }, spec: { selector: { matchLabels: { app: 'api' } } }, status: { disruptionsAllowed: 0 } },
    ...Array.from({ length: extraPdbs }, (_, i) => ({ metadata: { name: 'x', namespace: `team-${i}` }, spec: { selector: { matchLabels: { app: 'x' } } }, status: { disruptionsAllowed: 1 } })),
  ];
  return {
    '/apis/policy/v1/poddisruptionbudgets': () => list(pdbs),
    '/api/v1/pods': (q) => {
      assert.equal(q.get('fieldSelector'), 'status.phase!=Succeeded,status.phase!=Failed');
      return list(pods);
    },
    '/apis/apps/v1/replicasets': () => list([{ metadata: { name: 'api-6d', namespace: 'shop', ownerReferences: owner('Deployment', 'api') } }]),
    '/apis/upgrade.cattle.io/v1': () => ({ kind: 'APIResourceList', groupVersion: 'upgrade.cattle.io/v1', resources: [{ name: 'plans' }, { name: 'plans/status' }] }),
    '/apis/apps/v1/namespaces/system-upgrade/deployments': (q) => {
      assert.equal(q.get('fieldSelector'), 'metadata.name=system-upgrade-controller');
      return list([{ metadata: { name: 'system-upgrade-controller', namespace: 'system-upgrade' }, spec: { template: { spec: { serviceAccountName: 'suc-runner' } } } }]);
    },
    '/api/v1/namespaces/system-upgrade/serviceaccounts': () => list([{ metadata: { name: 'default' } }, { metadata: { name: 'system-upgrade' } }]),
    '/apis/apps/v1/namespaces/rook-ceph/deployments': (q) => {
      assert.equal(q.get('labelSelector'), 'rook-version');
      return list(['a', 'b', 'c'].map((id) => ({ metadata: { name: `rook-ceph-mon-${id}`, namespace: 'rook-ceph', labels: { app: 'rook-ceph-mon', mon: id, rook_cluster: 'rook-ceph', 'rook-version': 'v1.14.9' } }, status: { readyReplicas: 1 } })));
    },
    '/apis/ceph.rook.io/v1/cephclusters': () => list([{ metadata: { name: 'rook-ceph', namespace: 'rook-ceph' }, spec: { mon: { count: 3 } }, status: { ceph: { health: 'HEALTH_WARN', details: { MON_DOWN: { message: '1/3 mons down, quorum a,b', severity: 'HEALTH_WARN' } } } } }]),
  };
}

/** Answers SelfSubjectAccessReviews: only `allowed` verbs pass. */
class ReviewingTransport extends FakeTransport {
  posts = 0;
  constructor(routeTable: ReturnType<typeof routes>, private readonly allowed = ['get', 'list', 'watch']) {
    super(routeTable);
  }
  post(_path: string, body: string, signal?: AbortSignal): Promise<HttpResponse> {
    this.posts++;
    if (signal?.aborted) return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    const spec = (JSON.parse(body) as { spec: { resourceAttributes: { verb: string } } }).spec;
    return Promise.resolve({ status: 201, body: JSON.stringify({ spec, status: { allowed: this.allowed.includes(spec.resourceAttributes.verb) } }) });
  }
}

describe('kube/preflightReader readPreflightInputs (route-table transport)', () => {
  it('reads every input, follows the pod to its Deployment, infers the mons, asks every permission', async () => {
    const t = new ReviewingTransport(routes());
    const r = await readPreflightInputs(new KubeClient(t), snapshot());
    assert.deepEqual(r.unread, []);
    assert.deepEqual(r.pdbs, [{ namespace: 'shop', name: 'api', disruptionsAllowed: 0, workload: { kind: 'Deployment', name: 'api' }, pods: [{ name: 'api-1', node: 'k3s-agent-2' }] }]);
    // The Deployment's serviceAccountName, which does not exist here.
    assert.deepEqual(r.suc, { plansCrd: true, serviceAccount: { namespace: 'system-upgrade', name: 'suc-runner', exists: false } });
    assert.deepEqual(r.rookDaemons?.map((d) => [d.name, d.rookVersion]), [['rook-ceph-mon-a', 'v1.14.9'], ['rook-ceph-mon-b', 'v1.14.9'], ['rook-ceph-mon-c', 'v1.14.9']]);
    assert.deepEqual(r.cephStatus?.map((c) => c.mons), [{ expected: ['a', 'b', 'c'], inQuorum: ['a', 'b'] }]);
    assert.equal(r.access?.length, t.posts);
    assert.deepEqual(r.access?.filter((v) => v.allowed).map((v) => v.access.verb), [...Array<string>(11).fill('watch'), 'list']);
    assert.equal(t.paths.length, 8, t.paths.join('\n'));
  });

  it('a fixed number of requests: 2,000 more pods in 50 namespaces and 40 more budgets change nothing', async () => {
    const small = new ReviewingTransport(routes());
    await readPreflightInputs(new KubeClient(small), snapshot());
    const big = new ReviewingTransport(routes(2000, 40));
    const r = await readPreflightInputs(new KubeClient(big, 5000), snapshot());
    assert.equal(r.pdbs?.length, 41);
    assert.equal(r.pdbs?.[1]?.pods.length, 40, 'team-0 has 40 of the 2,000 pods');
    assert.deepEqual([big.paths.length, big.posts], [small.paths.length, small.posts]);
  });

  it('no ReplicaSet list when no selected pod belongs to one', async () => {
    const table = routes();
    table['/apis/policy/v1/poddisruptionbudgets'] = () => list([]);
    const t = new ReviewingTransport(table);
    const r = await readPreflightInputs(new KubeClient(t), snapshot());
    assert.deepEqual(r.pdbs, []);
    assert.ok(!t.paths.some((p) => p.includes('replicasets')), t.paths.join('\n'));
  });

  it('a 403 leaves its input undefined and names the permission; the rest still counts', async () => {
    const table = routes();
    table['/apis/policy/v1/poddisruptionbudgets'] = () => forbidden('list', 'poddisruptionbudgets', 'policy');
    table['/apis/ceph.rook.io/v1/cephclusters'] = () => forbidden('list', 'cephclusters', 'ceph.rook.io');
    table['/apis/apps/v1/replicasets'] = () => forbidden('list', 'replicasets', 'apps');
    table['/apis/upgrade.cattle.io/v1'] = () => ({ status: 404, body: '{"kind":"Status","code":404}' });
    const r = await readPreflightInputs(new KubeClient(new FakeTransport(table)), snapshot());
    assert.equal(r.pdbs, undefined);
    assert.equal(r.cephStatus, undefined);
    assert.equal(r.access, undefined, 'this transport cannot POST');
    assert.deepEqual(r.suc, { plansCrd: false, serviceAccount: { namespace: 'system-upgrade', name: 'suc-runner', exists: false } }, 'a 404 group is an answer: not served');
    assert.equal(r.rookDaemons?.length, 3);
    assert.deepEqual(r.unread, [
      'the PodDisruptionBudgets were not read: Forbidden (403): missing permission "list poddisruptionbudgets.policy"',
      'the CephClusters were not read: Forbidden (403): missing permission "list cephclusters.ceph.rook.io"',
      'the permissions (SelfSubjectAccessReview) were not asked: Failed: this connection cannot send requests (create selfsubjectaccessreviews)',
    ]);
  });

  it('the ReplicaSets unreadable: budgets still read, naming the ReplicaSet, and says so', async () => {
    const table = routes();
    table['/apis/apps/v1/replicasets'] = () => forbidden('list', 'replicasets', 'apps');
    const r = await readPreflightInputs(new KubeClient(new ReviewingTransport(table)), snapshot());
    assert.deepEqual(r.pdbs?.[0]?.workload, { kind: 'ReplicaSet', name: 'api-6d' });
    assert.deepEqual(r.unread, ['the ReplicaSets (to name the Deployments behind the budgets\' pods) were not read: Forbidden (403): missing permission "list replicasets.apps"']);
  });

  it('no system-upgrade-controller, Rook operator or CephCluster found: none of their reads is made', async () => {
    const s = snapshot();
    const bare: ClusterSnapshot = {
      ...s,
      components: { ...s.components, systemUpgradeController: { state: 'absent', reason: 'no Deployment' }, rookOperator: { state: 'absent', reason: 'no Deployment' }, cephClusters: { state: 'absent', reason: 'not served' } },
    };
    const t = new ReviewingTransport(routes());
    const r = await readPreflightInputs(new KubeClient(t), bare);
    assert.deepEqual([r.suc, r.rookDaemons, r.cephStatus, r.unread], [undefined, [], [], []]);
    assert.deepEqual(t.paths.map((p) => p.split('?')[0]), ['/apis/policy/v1/poddisruptionbudgets', '/api/v1/pods', '/apis/apps/v1/replicasets']);
  });

  it('cancelled: nothing read, every read says so', async () => {
    const ctrl = new AbortController();
    ctrl.abort();
    const r = await readPreflightInputs(new KubeClient(new ReviewingTransport(routes())), snapshot(), ctrl.signal);
    assert.deepEqual(Object.keys(r), ['unread']);
    assert.equal(r.unread.length, 5);
    assert.ok(r.unread.every((u) => /Cancelled$/.test(u)), r.unread.join('\n'));
  });

  it('a name from the cluster that is not a Kubernetes name never reaches a path', async () => {
    const t = new ReviewingTransport(routes());
    const r = await readPreflightInputs(new KubeClient(t), snapshot('../../api/v1/secrets'));
    assert.equal(r.suc, undefined);
    assert.match(r.unread.join('\n'), /system-upgrade-controller's CRD and service account were not read: Failed: the Deployment's name "\.\.\/\.\.\/api\/v1\/secrets\/system-upgrade-controller" is not a Kubernetes name/);
    assert.ok(!t.paths.some((p) => p.includes('..') || p.includes('secrets')), t.paths.join('\n'));
  });
});
