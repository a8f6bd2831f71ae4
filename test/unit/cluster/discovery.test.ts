import * as assert from 'node:assert/strict';
import { KubeClient } from '../../../src/kube/client';
import { discover } from '../../../src/kube/discovery';
import { FakeTransport, forbidden } from './fakeTransport';

function node(name: string, version: string, server: boolean) {
  return {
    metadata: { name, annotations: { 'k3s.io/hostname': name }, labels: server ? { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/etcd': 'true', 'node-role.kubernetes.io/master': 'true' } : {} },
    status: { nodeInfo: { kubeletVersion: version }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

function cluster(nodeCount: number) {
  const nodes = Array.from({ length: nodeCount }, (_, i) => node(`n${i}`, i === 0 ? 'v1.29.8+k3s1' : 'v1.30.4+k3s1', i < 3));
  return {
    '/version': () => ({ gitVersion: 'v1.30.4+k3s1' }),
    '/api/v1/namespaces/kube-system': () => ({ metadata: { uid: 'uid-1' } }),
    '/api/v1/nodes': (q: URLSearchParams) => {
      const limit = Number(q.get('limit'));
      const start = Number(q.get('continue') ?? 0);
      const items = nodes.slice(start, start + limit);
      const next = start + limit < nodes.length ? String(start + limit) : undefined;
      return { metadata: { resourceVersion: '42', ...(next ? { continue: next } : {}) }, items };
    },
    '/apis/apps/v1/deployments': (q: URLSearchParams) => {
      const name = q.get('fieldSelector')?.replace('metadata.name=', '');
      const images: Record<string, string> = { 'system-upgrade-controller': 'rancher/system-upgrade-controller:v0.14.2', 'rook-ceph-operator': 'rook/ceph:v1.14.9' };
      const image = name ? images[name] : undefined;
      return { metadata: {}, items: image ? [{ metadata: { name, namespace: 'ns' }, spec: { replicas: 1, template: { spec: { containers: [{ name, image }] } } }, status: { readyReplicas: 1 } }] : [] };
    },
    '/apis/ceph.rook.io/v1/cephclusters': () => ({
      metadata: {},
      items: [{ metadata: { name: 'rook-ceph', namespace: 'rook-ceph' }, spec: { mon: { count: 3 } }, status: { version: { version: '18.2.4' }, ceph: { health: 'HEALTH_OK' } } }],
    }),
  };
}

describe('kube/discovery with a fake transport', () => {
  it('reads a K3s cluster with a constant number of requests, paginating nodes by 500', async () => {
    const t = new FakeTransport(cluster(1200));
    const r = await discover(new KubeClient(t), { context: 'demo', server: 'https://fake' });
    assert.ok(r.ok);
    const s = r.value;
    assert.equal(s.distribution.name, 'K3s');
    assert.equal(s.apiServerVersion, 'v1.30.4+k3s1');
    assert.deepEqual(s.kubeSystemUID, { state: 'ok', value: 'uid-1' });
    assert.equal(s.nodes.state === 'ok' && s.nodes.value.length, 1200);
    assert.equal(s.nodesResourceVersion, '42');
    assert.equal(s.nodes.state === 'ok' && s.nodes.value.filter((n) => n.isServer).length, 3);
    assert.equal(t.paths.filter((p) => p.startsWith('/api/v1/nodes')).length, 3);
    assert.ok(t.paths.filter((p) => p.startsWith('/api/v1/nodes')).every((p) => p.includes('limit=500')));
    assert.equal(t.paths.length, 10);
    assert.equal(s.components.systemUpgradeController.state === 'ok' && s.components.systemUpgradeController.value.version, 'v0.14.2');
    assert.equal(s.components.rookOperator.state === 'ok' && s.components.rookOperator.value.version, 'v1.14.9');
    assert.equal(s.components.velero.state, 'absent');
    assert.deepEqual(s.components.cephClusters.state === 'ok' && s.components.cephClusters.value.map((c) => [c.cephVersion, c.health, c.monCount]), [['18.2.4', 'HEALTH_OK', 3]]);
    // The CRD is not served: absent, not an error.
    assert.equal(s.etcdSnapshots.state, 'absent');
  });

  it('K3s behind a /version without suffix: the oldest server is the API server version', async () => {
    const routes = { ...cluster(5), '/version': () => ({ gitVersion: 'v1.36.1' }) };
    const r = await discover(new KubeClient(new FakeTransport(routes)), { context: 'x', server: undefined });
    assert.ok(r.ok);
    // n0 is a server on v1.29.8+k3s1, n1/n2 servers on v1.30.4+k3s1; K3s known from the nodes' k3s.io annotations.
    assert.equal(r.value.reportedApiServerVersion, 'v1.36.1');
    assert.equal(r.value.apiServerVersionSource, 'server-nodes');
    assert.equal(r.value.apiServerVersion, 'v1.29.8+k3s1');
  });

  it('403 becomes a section error naming the permission; the rest still loads', async () => {
    const routes = { ...cluster(3), '/api/v1/nodes': () => forbidden('list', 'nodes', ''), '/apis/ceph.rook.io/v1/cephclusters': () => forbidden('list', 'cephclusters', 'ceph.rook.io') };
    const r = await discover(new KubeClient(new FakeTransport(routes)), { context: 'restricted', server: undefined });
    assert.ok(r.ok);
    assert.equal(r.value.nodes.state, 'error');
    assert.deepEqual(r.value.nodes.state === 'error' && r.value.nodes.error.kind === 'forbidden' && [r.value.nodes.error.verb, r.value.nodes.error.resource, r.value.nodes.error.group], ['list', 'nodes', '']);
    const ceph = r.value.components.cephClusters;
    assert.ok(ceph.state === 'error' && ceph.error.kind === 'forbidden' && ceph.error.group === 'ceph.rook.io');
    assert.equal(r.value.components.rookOperator.state, 'ok');
  });

  it('unreachable and 401 fail the whole read; retry works once the server answers', async () => {
    const t = new FakeTransport(cluster(1));
    t.down = true;
    const client = new KubeClient(t);
    const down = await discover(client, { context: 'x', server: undefined });
    assert.ok(!down.ok && down.error.kind === 'unreachable');
    t.down = false;
    assert.ok((await discover(client, { context: 'x', server: undefined })).ok);
    const unauthorized = await discover(new KubeClient(new FakeTransport({ '/version': () => ({ status: 401, body: '{"kind":"Status","message":"Unauthorized","code":401}' }) })), { context: 'x', server: undefined });
    assert.ok(!unauthorized.ok && unauthorized.error.kind === 'unauthorized');
  });

  it('an aborted signal gives aborted', async () => {
    const ac = new AbortController();
    ac.abort();
    const r = await discover(new KubeClient(new FakeTransport(cluster(1))), { context: 'x', server: undefined }, ac.signal);
    assert.ok(!r.ok && r.error.kind === 'aborted');
  });
});
