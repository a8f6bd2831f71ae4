import * as assert from 'node:assert/strict';
import { type AccessVerdict, type RequiredAccess, describeAccess, summarizeUpgradeAccess, upgradePermissions } from '../../../src/core/cluster/permissions';
import type { Components, WorkloadSummary } from '../../../src/core/cluster/snapshot';

const workload = (namespace: string, name: string): { state: 'ok'; value: WorkloadSummary } => ({
  state: 'ok',
  value: { namespace, name, image: undefined, version: undefined, readyReplicas: 1, replicas: 1 },
});
const absent = { state: 'absent' as const, reason: 'not deployed' };
const forbidden = { state: 'error' as const, error: { kind: 'forbidden' as const, verb: 'list', resource: 'deployments', group: 'apps', message: 'no' } };

const demo: Components = {
  systemUpgradeController: workload('system-upgrade', 'system-upgrade-controller'),
  rookOperator: workload('rook-ceph', 'rook-ceph-operator'),
  cephClusters: { state: 'ok', value: [{ namespace: 'rook-ceph', name: 'rook-ceph', cephVersion: '18.2.4', image: undefined, health: 'HEALTH_OK', phase: 'Ready', monCount: 3, message: undefined }] },
  velero: workload('velero', 'velero'),
};

const verdicts = (needed: readonly RequiredAccess[], denied: (a: RequiredAccess) => boolean): AccessVerdict<RequiredAccess>[] =>
  needed.map((access) => ({ access, allowed: !denied(access) }));

describe('core/cluster permissions (what an upgrade run needs)', () => {
  it('lists every verb × resource of a run on the demo cluster, in the namespaces the cluster uses', () => {
    assert.deepEqual(upgradePermissions(demo).map(describeAccess), [
      'create plans.upgrade.cattle.io in system-upgrade',
      'patch plans.upgrade.cattle.io in system-upgrade',
      'watch plans.upgrade.cattle.io in system-upgrade',
      'delete plans.upgrade.cattle.io in system-upgrade',
      'patch nodes',
      'watch nodes',
      'watch pods',
      'watch deployments.apps',
      'watch statefulsets.apps',
      'watch daemonsets.apps',
      'watch poddisruptionbudgets.policy',
      'create jobs.batch in system-upgrade',
      'watch jobs.batch in system-upgrade',
      'watch etcdsnapshotfiles.k3s.cattle.io',
      'patch cephclusters.ceph.rook.io in rook-ceph',
      'patch deployments.apps "rook-ceph-operator" in rook-ceph',
      'watch deployments.apps in rook-ceph',
      'watch cephclusters.ceph.rook.io',
      'create backups.velero.io in velero',
      'watch backups.velero.io in velero',
      'list secrets',
    ]);
  });

  it('follows components installed elsewhere, and keeps the defaults when a read failed or nothing was read', () => {
    const moved: Components = { ...demo, systemUpgradeController: workload('suc', 'system-upgrade-controller'), rookOperator: workload('storage', 'rook-operator'), velero: workload('backup', 'velero') };
    const names = upgradePermissions(moved).map(describeAccess);
    assert.ok(names.includes('create plans.upgrade.cattle.io in suc'));
    assert.ok(names.includes('patch deployments.apps "rook-operator" in storage'));
    assert.ok(names.includes('create backups.velero.io in backup'));
    assert.ok(!names.includes('create backups.velero.io in velero'));
    assert.deepEqual(
      upgradePermissions({ ...demo, rookOperator: forbidden, cephClusters: forbidden, velero: forbidden }).map(describeAccess),
      upgradePermissions().map(describeAccess),
    );
    assert.equal(upgradePermissions().length, 21);
  });

  it('leaves out Rook and Velero where the cluster does not run them', () => {
    const names = upgradePermissions({ ...demo, rookOperator: absent, cephClusters: absent, velero: absent }).map(describeAccess);
    assert.deepEqual(names, [
      'create plans.upgrade.cattle.io in system-upgrade', 'patch plans.upgrade.cattle.io in system-upgrade', 'watch plans.upgrade.cattle.io in system-upgrade', 'delete plans.upgrade.cattle.io in system-upgrade',
      'patch nodes', 'watch nodes', 'watch pods', 'watch deployments.apps', 'watch statefulsets.apps', 'watch daemonsets.apps', 'watch poddisruptionbudgets.policy',
      'create jobs.batch in system-upgrade', 'watch jobs.batch in system-upgrade', 'watch etcdsnapshotfiles.k3s.cattle.io', 'list secrets',
    ]);
  });

  it('all granted: "can run upgrades"', () => {
    const s = summarizeUpgradeAccess(verdicts(upgradePermissions(demo), () => false));
    assert.deepEqual([s.canRun, s.sentence, s.missing.length, s.asked], [true, 'can run upgrades', 0, 21]);
  });

  it('a read-only user: every missing permission named exactly, in the order asked', () => {
    const s = summarizeUpgradeAccess(verdicts(upgradePermissions(demo), (a) => a.verb !== 'list' && a.verb !== 'get' && a.verb !== 'watch'));
    assert.equal(s.canRun, false);
    assert.equal(
      s.sentence,
      'read-only for upgrades: cannot create plans.upgrade.cattle.io in system-upgrade, patch plans.upgrade.cattle.io in system-upgrade, delete plans.upgrade.cattle.io in system-upgrade, patch nodes, ' +
        'create jobs.batch in system-upgrade, patch cephclusters.ceph.rook.io in rook-ceph, patch deployments.apps "rook-ceph-operator" in rook-ceph, create backups.velero.io in velero',
    );
  });

  it('one missing permission is enough to be read-only; one needed only sometimes is not', () => {
    const one = summarizeUpgradeAccess(verdicts(upgradePermissions(demo), (a) => a.resource === 'nodes' && a.verb === 'patch'));
    assert.equal(one.sentence, 'read-only for upgrades: cannot patch nodes');
    const secrets = summarizeUpgradeAccess(verdicts(upgradePermissions(demo), (a) => a.resource === 'secrets'));
    assert.equal(secrets.canRun, true);
    assert.equal(secrets.sentence, 'can run upgrades; cannot list secrets (needed only when a plan exports Secrets)');
  });

  it('names a subresource and a core-group resource as RBAC does', () => {
    assert.equal(describeAccess({ verb: 'patch', group: '', resource: 'nodes', subresource: 'status' }), 'patch nodes/status');
    assert.equal(describeAccess({ verb: 'get', group: '', resource: 'secrets', namespace: 'shop', name: 'db' }), 'get secrets "db" in shop');
  });
});
