// Cluster tier: what the credentials of a context may do for an upgrade run, asked of the real
// kube-apiserver (SelfSubjectAccessReview, RBAC authorizer): the admin can run upgrades, the read-only
// user is told exactly which permissions it lacks, and a Role granted in one namespace only is told
// the one permission it still lacks; the explorer's model reads it once per read.
import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { nullLogger } from '../../src/common/logger';
import { type UpgradeAccess, summarizeUpgradeAccess, upgradePermissions } from '../../src/core/cluster/permissions';
import { reviewAccess } from '../../src/kube/accessReview';
import { ClustersModel } from '../../src/kube/clustersModel';
import { connect, discover, loadKubeconfig } from '../../src/kube/kubeLayer';
import { kubeLayer } from '../../src/kube/lazy';
import { clusterEnv, kubeConfig } from './env';

async function accessOf(kubeconfig: string, context: string): Promise<UpgradeAccess> {
  const load = await loadKubeconfig({ files: [kubeconfig], origin: 'setting' });
  assert.ok(load.ok && load.value.kind === 'loaded');
  const conn = await connect(load.value.kubeConfig, context);
  try {
    const snap = await discover(conn.client, { context, server: undefined });
    assert.ok(snap.ok, JSON.stringify(!snap.ok && snap.error));
    const before = conn.requests();
    const r = await reviewAccess(conn.client, upgradePermissions(snap.value.components));
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    assert.equal(conn.requests() - before, r.value.length, 'one POST per permission');
    return summarizeUpgradeAccess(r.value);
  } finally {
    conn.client.dispose();
  }
}

const READ_ONLY =
  'read-only for upgrades: cannot create plans.upgrade.cattle.io in system-upgrade, patch plans.upgrade.cattle.io in system-upgrade, delete plans.upgrade.cattle.io in system-upgrade, patch nodes, ' +
  'create jobs.batch in system-upgrade, patch cephclusters.ceph.rook.io in rook-ceph, patch deployments.apps "rook-ceph-operator" in rook-ceph, create backups.velero.io in velero';

describe('upgrade permissions (cluster tier)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  const env = clusterEnv();

  it('the admin can run upgrades: every permission granted', async () => {
    const a = await accessOf(env.kubeconfig, env.admin);
    assert.deepEqual([a.canRun, a.sentence, a.asked], [true, 'can run upgrades', 21]);
  });

  it('the read-only user is told exactly which permissions it lacks', async () => {
    const a = await accessOf(env.kubeconfig, env.restricted);
    assert.equal(a.canRun, false);
    assert.equal(a.sentence, READ_ONLY);
    // It may read Secrets (get/list/watch on everything): exporting them is not what it lacks.
    assert.ok(!a.missing.some((v) => v.access.resource === 'secrets'));
  });

  it('a Role granted in one namespace and on one object: only what is still missing is named', async () => {
    const kc = kubeConfig();
    const core = kc.makeApiClient(k8s.CoreV1Api);
    const rbac = kc.makeApiClient(k8s.RbacAuthorizationV1Api);
    const name = 'upgrade-permissions-partial';
    const bind = (kind: 'Role' | 'ClusterRole', namespace?: string) => ({
      metadata: { name, ...(namespace ? { namespace } : {}) },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind, name },
      subjects: [{ kind: 'ServiceAccount', name, namespace: 'default' }],
    });
    await core.createNamespacedServiceAccount({ namespace: 'default', body: { metadata: { name } } });
    // Cluster-wide: read everything, patch nodes, create Velero backups anywhere.
    await rbac.createClusterRole({
      body: {
        metadata: { name },
        rules: [
          { apiGroups: ['*'], resources: ['*'], verbs: ['get', 'list', 'watch'] },
          { apiGroups: [''], resources: ['nodes'], verbs: ['patch'] },
          { apiGroups: ['velero.io'], resources: ['backups'], verbs: ['create'] },
        ],
      },
    });
    await rbac.createClusterRoleBinding({ body: bind('ClusterRole') });
    // system-upgrade: Plans and Jobs. rook-ceph: the CephCluster, and a Deployment that is not the operator.
    await rbac.createNamespacedRole({
      namespace: 'system-upgrade',
      body: { metadata: { name, namespace: 'system-upgrade' }, rules: [{ apiGroups: ['upgrade.cattle.io'], resources: ['plans'], verbs: ['create', 'patch', 'delete'] }, { apiGroups: ['batch'], resources: ['jobs'], verbs: ['create'] }] },
    });
    await rbac.createNamespacedRoleBinding({ namespace: 'system-upgrade', body: bind('Role', 'system-upgrade') });
    await rbac.createNamespacedRole({
      namespace: 'rook-ceph',
      body: { metadata: { name, namespace: 'rook-ceph' }, rules: [{ apiGroups: ['ceph.rook.io'], resources: ['cephclusters'], verbs: ['patch'] }, { apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['rook-ceph-mgr-a'], verbs: ['patch'] }] },
    });
    await rbac.createNamespacedRoleBinding({ namespace: 'rook-ceph', body: bind('Role', 'rook-ceph') });
    try {
      const tr = await core.createNamespacedServiceAccountToken({ name, namespace: 'default', body: { spec: { audiences: [], expirationSeconds: 600 } } });
      const token = tr.status?.token;
      assert.ok(token);
      const cluster = kc.getCurrentCluster()!;
      const file = join(mkdtempSync(join(tmpdir(), 'upgrade-permissions-')), 'kubeconfig');
      const limited = new k8s.KubeConfig();
      limited.loadFromOptions({ clusters: [cluster], users: [{ name, token }], contexts: [{ name, cluster: cluster.name, user: name }], currentContext: name });
      writeFileSync(file, limited.exportConfig(), { mode: 0o600 });
      const a = await accessOf(file, name);
      assert.equal(a.sentence, 'read-only for upgrades: cannot patch deployments.apps "rook-ceph-operator" in rook-ceph');
      assert.equal(a.missing.length, 1);
    } finally {
      await rbac.deleteNamespacedRoleBinding({ name, namespace: 'rook-ceph' }).catch(() => undefined);
      await rbac.deleteNamespacedRole({ name, namespace: 'rook-ceph' }).catch(() => undefined);
      await rbac.deleteNamespacedRoleBinding({ name, namespace: 'system-upgrade' }).catch(() => undefined);
      await rbac.deleteNamespacedRole({ name, namespace: 'system-upgrade' }).catch(() => undefined);
      await rbac.deleteClusterRoleBinding({ name }).catch(() => undefined);
      await rbac.deleteClusterRole({ name }).catch(() => undefined);
      await core.deleteNamespacedServiceAccount({ name, namespace: 'default' }).catch(() => undefined);
    }
  });

  it("the explorer's model reads each context's permissions once, with the read", async () => {
    const m = new ClustersModel(() => ({ files: [env.kubeconfig], origin: 'setting' }), kubeLayer, nullLogger);
    try {
      assert.equal(m.upgradeAccess(env.restricted), undefined);
      const [admin, restricted] = await Promise.all([m.snapshot(env.admin), m.snapshot(env.restricted)]);
      assert.ok(admin.ok && restricted.ok);
      const a = m.upgradeAccess(env.admin);
      const r = m.upgradeAccess(env.restricted);
      assert.ok(a?.ok && r?.ok, JSON.stringify([a, r]));
      assert.equal(a.value.sentence, 'can run upgrades');
      assert.equal(r.value.sentence, READ_ONLY);
      assert.equal(m.upgradeAccess(env.unreachable), undefined, 'no read, no permissions');
    } finally {
      m.dispose();
    }
  });
});
