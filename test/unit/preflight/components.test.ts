import * as assert from 'node:assert/strict';
import type { CephClusterSummary, ClusterSnapshot, Components } from '../../../src/core/cluster';
import {
  type CephStatusInput, type SucInstallInput, checkCephHealth, checkCephMons, checkCephPgs, checkRookOperator, checkRookVersions, checkSystemUpgradeController,
} from '../../../src/core/preflight';
import { demoSnapshot, workload } from './fixtures';

const base = demoSnapshot();
const withComponents = (c: Partial<Components>): Pick<ClusterSnapshot, 'components'> => ({ components: { ...base.components, ...c } });
const ceph = (health: string | undefined, message?: string): CephClusterSummary => ({ namespace: 'rook-ceph', name: 'rook-ceph', cephVersion: '18.2.4', image: undefined, health, phase: 'Ready', monCount: 3, message });
const noCeph = withComponents({ cephClusters: { state: 'absent', reason: 'not served' }, rookOperator: { state: 'absent', reason: 'not deployed' } });
const SUC = workload('system-upgrade-controller', 'system-upgrade', 1);
const INSTALL: SucInstallInput = { plansCrd: true, serviceAccount: { namespace: 'system-upgrade', name: 'system-upgrade', exists: true } };

describe('core/preflight system-upgrade-controller', () => {
  it('Deployment available, CRD and service account present: pass', () => {
    const c = checkSystemUpgradeController(withComponents({ systemUpgradeController: { state: 'ok', value: SUC } }), INSTALL);
    assert.equal(c.status, 'pass', c.reason);
    assert.equal(c.objects.length, 3);
  });

  it('not deployed, not available, no CRD, no service account: fail, each said', () => {
    assert.equal(checkSystemUpgradeController(base, INSTALL).status, 'fail', 'the demo snapshot has none');
    const c = checkSystemUpgradeController(withComponents({ systemUpgradeController: { state: 'ok', value: workload('system-upgrade-controller', 'system-upgrade', 0) } }), { plansCrd: false, serviceAccount: { ...INSTALL.serviceAccount, exists: false } });
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /not available \(0\/1 replicas ready\); the CRD plans.upgrade.cattle.io is not served; the service account system-upgrade\/system-upgrade does not exist/);
  });

  it('without the install input: warns that the CRD and service account were not checked; unreadable: not checked', () => {
    assert.equal(checkSystemUpgradeController(withComponents({ systemUpgradeController: { state: 'ok', value: SUC } }), undefined).status, 'warn');
    const c = checkSystemUpgradeController(withComponents({ systemUpgradeController: { state: 'error', error: { kind: 'unreachable', message: 'x' } } }), INSTALL);
    assert.equal(c.status, 'not-checked');
  });
});

describe('core/preflight Ceph and Rook', () => {
  const status = (over: Partial<CephStatusInput>): CephStatusInput[] => [{ namespace: 'rook-ceph', name: 'rook-ceph', ...over }];

  it('HEALTH_OK passes; HEALTH_WARN fails with the details; no report yet is not checked', () => {
    assert.equal(checkCephHealth(base).status, 'pass');
    const warn = checkCephHealth(withComponents({ cephClusters: { state: 'ok', value: [ceph('HEALTH_WARN', 'OSD_DOWN: 1 osds down')] } }));
    assert.equal(warn.status, 'fail');
    assert.match(warn.reason, /rook-ceph\/rook-ceph is HEALTH_WARN \(OSD_DOWN: 1 osds down\)/);
    assert.equal(checkCephHealth(withComponents({ cephClusters: { state: 'ok', value: [ceph(undefined)] } })).status, 'not-checked');
  });

  it('no Ceph at all: every Ceph and Rook check passes as not applicable', () => {
    for (const c of [checkCephHealth(noCeph), checkCephMons(noCeph, undefined), checkCephPgs(noCeph, undefined), checkRookOperator(noCeph), checkRookVersions(noCeph, undefined)]) {
      assert.equal(c.status, 'pass', `${c.id}: ${c.reason}`);
      assert.match(c.reason, /runs no/);
    }
  });

  it('mons: all in quorum pass; one out fails named; no input is not checked; MON_DOWN in the details fails without input', () => {
    assert.equal(checkCephMons(base, status({ mons: { expected: ['a', 'b', 'c'], inQuorum: ['a', 'b', 'c'] } })).status, 'pass');
    const out = checkCephMons(base, status({ mons: { expected: ['a', 'b', 'c'], inQuorum: ['a', 'c'] } }));
    assert.equal(out.status, 'fail');
    assert.match(out.reason, /1 mon out of quorum \(b\)/);
    assert.equal(checkCephMons(base, undefined).status, 'not-checked');
    const down = checkCephMons(withComponents({ cephClusters: { state: 'ok', value: [ceph('HEALTH_WARN', 'MON_DOWN: 1/3 mons down')] } }), undefined);
    assert.equal(down.status, 'fail');
  });

  it('PGs: active+clean (scrubbing too) pass; degraded fail with counts; no input is not checked', () => {
    assert.equal(checkCephPgs(base, status({ pgsByState: [{ state: 'active+clean', count: 120 }, { state: 'active+clean+scrubbing+deep', count: 1 }] })).status, 'pass');
    const bad = checkCephPgs(base, status({ pgsByState: [{ state: 'active+clean', count: 110 }, { state: 'active+undersized+degraded', count: 10 }] }));
    assert.equal(bad.status, 'fail');
    assert.match(bad.reason, /10 active\+undersized\+degraded of 120 PGs/);
    assert.equal(checkCephPgs(base, undefined).status, 'not-checked');
  });

  it('Rook operator: ready passes; not ready fails; missing beside a CephCluster fails', () => {
    assert.equal(checkRookOperator(base).status, 'pass');
    assert.equal(checkRookOperator(withComponents({ rookOperator: { state: 'ok', value: workload('rook-ceph-operator', 'rook-ceph', 0) } })).status, 'fail');
    const gone = checkRookOperator(withComponents({ rookOperator: { state: 'absent', reason: 'rook-ceph-operator is not deployed' } }));
    assert.equal(gone.status, 'fail');
    assert.match(gone.reason, /CephClusters exist but no Rook operator runs/);
  });

  it('Rook daemons: one rook-version passes; a straggler fails, named; unlabelled fails; no input is not checked', () => {
    const d = (name: string, rookVersion: string | undefined) => ({ namespace: 'rook-ceph', name, rookVersion });
    assert.equal(checkRookVersions(base, [d('rook-ceph-mon-a', 'v1.14.9'), d('rook-ceph-osd-0', 'v1.14.9')]).status, 'pass');
    const mixed = checkRookVersions(base, [d('rook-ceph-mon-a', 'v1.14.9'), d('rook-ceph-mon-b', 'v1.14.9'), d('rook-ceph-osd-0', 'v1.13.8')]);
    assert.equal(mixed.status, 'fail');
    assert.match(mixed.reason, /2 versions/);
    assert.deepEqual(mixed.objects, [{ kind: 'Deployment', namespace: 'rook-ceph', name: 'rook-ceph-osd-0' }]);
    assert.equal(checkRookVersions(base, [d('rook-ceph-mgr-a', undefined)]).status, 'fail');
    assert.equal(checkRookVersions(base, undefined).status, 'not-checked');
  });
});
