// Cluster tier: discovery of the k3s-demo scenario against the real control plane produces exactly
// the expected model; a narrowly bound ServiceAccount yields 403 sections naming the permission.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { ClusterSnapshot } from '../../src/core/cluster/snapshot';
import { connect, discover, loadKubeconfig } from '../../src/kube/kubeLayer';
import { clusterEnv, kubeConfig, waitFor } from './env';

async function snapshotOf(kubeconfig: string, context: string): Promise<{ snapshot: ClusterSnapshot; requests: number }> {
  const load = await loadKubeconfig({ files: [kubeconfig], origin: 'setting' });
  assert.ok(load.ok && load.value.kind === 'loaded');
  const conn = await connect(load.value.kubeConfig, context);
  try {
    const info = load.value.contexts.find((c) => c.name === context);
    const r = await discover(conn.client, { context, server: info?.server });
    assert.ok(r.ok, r.ok ? '' : JSON.stringify(r.error));
    return { snapshot: r.value, requests: conn.requests() };
  } finally {
    conn.client.dispose();
  }
}

describe('explorer discovery (cluster tier)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  const env = clusterEnv();

  it('k3s-demo: exactly the expected model', async () => {
    const s = await waitFor('all nodes Ready', async () => {
      const { snapshot } = await snapshotOf(env.kubeconfig, env.admin);
      return snapshot.nodes.state === 'ok' && snapshot.nodes.value.length === 8 && snapshot.nodes.value.every((n) => n.ready) ? snapshot : undefined;
    });
    assert.equal(s.context, env.admin);
    assert.equal(s.server, env.server);
    assert.equal(s.distribution.name, 'K3s');
    assert.equal(s.apiServerVersion, 'v1.30.4+k3s1');
    assert.ok(s.kubeSystemUID.state === 'ok' && /^[0-9a-f-]{36}$/.test(s.kubeSystemUID.value));
    assert.ok(s.nodes.state === 'ok');
    assert.deepEqual(
      s.nodes.value.map((n) => [n.name, n.roles.join(','), n.kubeletVersion, n.ready, n.pressures.length, n.unschedulable, n.skew.verdict, n.skew.verdict === 'unknown' ? -1 : n.skew.minorsBehind]),
      [
        ['k3s-server-1', 'control-plane,etcd,master', 'v1.30.4+k3s1', true, 0, false, 'ok', 0],
        ['k3s-server-2', 'control-plane,etcd,master', 'v1.30.4+k3s1', true, 0, false, 'ok', 0],
        ['k3s-server-3', 'control-plane,etcd,master', 'v1.30.4+k3s1', true, 0, false, 'ok', 0],
        ['k3s-agent-1', '', 'v1.30.4+k3s1', true, 0, false, 'ok', 0],
        ['k3s-agent-2', '', 'v1.30.4+k3s1', true, 0, false, 'ok', 0],
        ['k3s-agent-3', '', 'v1.30.4+k3s1', true, 0, false, 'ok', 0],
        ['k3s-agent-4', '', 'v1.30.4+k3s1', true, 0, false, 'ok', 0],
        ['k3s-agent-5', '', 'v1.29.8+k3s1', true, 0, true, 'ok', 1],
      ],
    );
    const c = s.components;
    assert.deepEqual(c.systemUpgradeController.state === 'ok' && [c.systemUpgradeController.value.namespace, c.systemUpgradeController.value.version], ['system-upgrade', 'v0.13.4']);
    assert.deepEqual(c.rookOperator.state === 'ok' && [c.rookOperator.value.namespace, c.rookOperator.value.version], ['rook-ceph', 'v1.14.9']);
    assert.deepEqual(c.velero.state === 'ok' && [c.velero.value.namespace, c.velero.value.version], ['velero', 'v1.14.1']);
    assert.ok(c.cephClusters.state === 'ok');
    assert.deepEqual(
      c.cephClusters.value.map((x) => [x.namespace, x.name, x.cephVersion, x.health, x.monCount]),
      [['rook-ceph', 'rook-ceph', '18.2.4-0', 'HEALTH_OK', 3]],
    );
    assert.ok(s.etcdSnapshots.state === 'ok');
    assert.deepEqual(
      s.etcdSnapshots.value.map((x) => [x.name, x.node, x.createdAt, x.sizeBytes]),
      [
        ['pre-upgrade-k3s-server-2-1725249602', 'k3s-server-2', '2024-09-02T04:00:02Z', 19005472],
        ['etcd-snapshot-k3s-server-1-1725206402', 'k3s-server-1', '2024-09-01T16:00:02Z', 18939936],
        ['etcd-snapshot-k3s-server-1-1725163202', 'k3s-server-1', '2024-09-01T04:00:02Z', 18874400],
      ],
    );
  });

  it('k3s-demo: a constant number of requests (list calls, not one per node)', async () => {
    const { requests } = await snapshotOf(env.kubeconfig, env.admin);
    // /version, kube-system, nodes (1 page), 3 deployments by name, cephclusters, etcdsnapshotfiles.
    assert.equal(requests, 8);
  });

  it('the restricted (read-only) user reads the whole model', async () => {
    const { snapshot } = await snapshotOf(env.kubeconfig, env.restricted);
    assert.equal(snapshot.nodes.state, 'ok');
    assert.equal(snapshot.components.cephClusters.state, 'ok');
    assert.equal(snapshot.etcdSnapshots.state, 'ok');
  });

  it('a user without list rights gets 403 sections naming the permission, the rest still loads', async () => {
    // A ServiceAccount that may only read namespaces and deployments: nodes, CephClusters and
    // ETCDSnapshotFiles are real 403s from the API server's RBAC.
    const kc = kubeConfig();
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    const name = `explorer-limited-${Date.now().toString(36)}`;
    await core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name } } });
    await rbac.createClusterRole({ body: { metadata: { name }, rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get'] }, { apiGroups: ['apps'], resources: ['deployments'], verbs: ['list'] }] } });
    await rbac.createClusterRoleBinding({ body: { metadata: { name }, roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name }, subjects: [{ kind: 'ServiceAccount', name, namespace: 'default' }] } });
    try {
      const tr = await core.createNamespacedServiceAccountToken({ name, namespace: 'default', body: { spec: { audiences: [], expirationSeconds: 600 } } });
      const token = tr.status?.token;
      assert.ok(token);
      const admin = kubeConfig();
      const cluster = admin.getCurrentCluster()!;
      const dir = mkdtempSync(join(tmpdir(), 'explorer-403-'));
      const file = join(dir, 'kubeconfig');
      const limited = new k8s.KubeConfig();
      limited.loadFromOptions({ clusters: [cluster], users: [{ name, token }], contexts: [{ name, cluster: cluster.name, user: name }], currentContext: name });
      writeFileSync(file, limited.exportConfig(), { mode: 0o600 });
      const { snapshot } = await snapshotOf(file, name);
      const forbidden = (sec: { state: string; error?: unknown }) => (sec.state === 'error' ? sec.error : undefined);
      assert.deepEqual(forbidden(snapshot.nodes as never), {
        kind: 'forbidden', verb: 'list', resource: 'nodes', group: '',
        message: `nodes is forbidden: User "system:serviceaccount:default:${name}" cannot list resource "nodes" in API group "" at the cluster scope`,
      });
      const ceph = snapshot.components.cephClusters;
      assert.ok(ceph.state === 'error' && ceph.error.kind === 'forbidden' && ceph.error.resource === 'cephclusters' && ceph.error.group === 'ceph.rook.io');
      const snaps = snapshot.etcdSnapshots;
      assert.ok(snaps.state === 'error' && snaps.error.kind === 'forbidden' && snaps.error.resource === 'etcdsnapshotfiles' && snaps.error.group === 'k3s.cattle.io');
      // What the account may read still loads.
      assert.equal(snapshot.components.rookOperator.state, 'ok');
      assert.equal(snapshot.kubeSystemUID.state, 'ok');
    } finally {
      await rbac.deleteClusterRoleBinding({ name }).catch(() => undefined);
      await rbac.deleteClusterRole({ name }).catch(() => undefined);
      await core.deleteNamespacedServiceAccount({ name, namespace: 'default' }).catch(() => undefined);
    }
  });
});
