import * as assert from 'node:assert/strict';
import type { ApiCephCluster, ApiDeployment } from '../../../src/core/cluster';
import { CEPHCLUSTER_INFERENCE, cephStatusFromCephCluster, monDeploymentsOf, pgCountsOf } from '../../../src/core/preflight/cephInference';
import { checkCephMons, checkCephPgs } from '../../../src/core/preflight';
import { demoSnapshot } from './fixtures';

function cluster(health: string | undefined, details: Record<string, string> = {}, monCount = 3): ApiCephCluster {
  return {
    metadata: { name: 'rook-ceph', namespace: 'rook-ceph' },
    spec: { mon: { count: monCount } },
    status: health ? { ceph: { health, details: Object.fromEntries(Object.entries(details).map(([k, message]) => [k, { message, severity: 'HEALTH_WARN' }])) } } : {},
  };
}

function mon(id: string, ready = true, extra: Record<string, string> = {}, namespace = 'rook-ceph'): ApiDeployment {
  return { metadata: { name: `rook-ceph-mon-${id}`, namespace, labels: { app: 'rook-ceph-mon', mon: id, ceph_daemon_id: id, rook_cluster: 'rook-ceph', 'rook-version': 'v1.14.9', ...extra } }, status: { readyReplicas: ready ? 1 : 0 } };
}
const osd = (id: string): ApiDeployment => ({ metadata: { name: `rook-ceph-osd-${id}`, namespace: 'rook-ceph', labels: { app: 'rook-ceph-osd', 'ceph-osd-id': id, rook_cluster: 'rook-ceph' } }, status: { readyReplicas: 1 } });
const daemons = [mon('a'), mon('b'), mon('c'), osd('0')];

describe('core/preflight cephInference: mon quorum and PGs from the CephCluster status', () => {
  it('HEALTH_OK with three ready mons: all in quorum, no PG reported, and says it is inferred', () => {
    assert.deepEqual(cephStatusFromCephCluster(cluster('HEALTH_OK'), daemons), {
      namespace: 'rook-ceph', name: 'rook-ceph',
      mons: { expected: ['a', 'b', 'c'], inQuorum: ['a', 'b', 'c'] },
      pgsByState: [],
      inferredFrom: CEPHCLUSTER_INFERENCE,
    });
  });

  it('mons: only this cluster\'s, by the mon label, sorted; a mon without a ready replica is out', () => {
    const found = monDeploymentsOf(cluster('HEALTH_OK'), [mon('c'), mon('a', false), mon('x', true, { rook_cluster: 'other' }), mon('y', true, {}, 'elsewhere'), osd('1'), mon('b')]);
    assert.deepEqual(found, [{ id: 'a', ready: false }, { id: 'b', ready: true }, { id: 'c', ready: true }]);
    assert.deepEqual(cephStatusFromCephCluster(cluster('HEALTH_OK'), [mon('a', false), mon('b'), mon('c')]).mons, { expected: ['a', 'b', 'c'], inQuorum: ['b', 'c'] });
  });

  it('spec.mon.count above the Deployments: the missing mons are expected and out of quorum', () => {
    assert.deepEqual(cephStatusFromCephCluster(cluster('HEALTH_OK', {}, 3), [mon('a'), mon('b')]).mons, {
      expected: ['a', 'b', '(mon 3 of 3: no Deployment)'],
      inQuorum: ['a', 'b'],
    });
    assert.equal(cephStatusFromCephCluster({ ...cluster('HEALTH_OK'), spec: {} }, []).mons, undefined, 'neither Deployments nor a count: unknown');
  });

  it('MON_DOWN: the mons its summary leaves out of the quorum, or names as mon.x', () => {
    const byQuorum = cephStatusFromCephCluster(cluster('HEALTH_WARN', { MON_DOWN: '1/3 mons down, quorum a,c' }), daemons);
    assert.deepEqual(byQuorum.mons, { expected: ['a', 'b', 'c'], inQuorum: ['a', 'c'] });
    const byName = cephStatusFromCephCluster(cluster('HEALTH_WARN', { MON_DOWN: 'mon.b (rank 1) is down (out of quorum)' }), daemons);
    assert.deepEqual(byName.mons, { expected: ['a', 'b', 'c'], inQuorum: ['a', 'c'] });
    // Names no mon: unknown, so the check falls back on the health detail.
    assert.equal(cephStatusFromCephCluster(cluster('HEALTH_WARN', { MON_DOWN: 'some mons are down' }), daemons).mons, undefined);
  });

  it('PGs: counts from PG_* summaries; a summary without counts is at least one PG; other checks are not PGs', () => {
    assert.deepEqual(pgCountsOf('Degraded data redundancy: 12/345 objects degraded (3.478%), 5 pgs degraded, 1 pg undersized'), [{ state: 'degraded', count: 5 }, { state: 'undersized', count: 1 }]);
    const s = cephStatusFromCephCluster(
      cluster('HEALTH_WARN', {
        PG_AVAILABILITY: 'Reduced data availability: 2 pgs inactive, 1 pg peering',
        PG_DAMAGED: 'Possible data damage',
        PG_NOT_DEEP_SCRUBBED: '3 pgs not deep-scrubbed in time',
        OSDMAP_FLAGS: 'noout flag(s) set',
      }),
      daemons,
    );
    assert.deepEqual(s.pgsByState, [{ state: 'inactive', count: 2 }, { state: 'peering', count: 1 }, { state: 'PG_DAMAGED (count not reported)', count: 1 }]);
  });

  it('before the operator reported a health: nothing inferred', () => {
    assert.deepEqual(cephStatusFromCephCluster(cluster(undefined), daemons), { namespace: 'rook-ceph', name: 'rook-ceph' });
  });

  it('the checks say the figures are inferred, and give no PG total they do not have', () => {
    const snap = demoSnapshot();
    const ok = [cephStatusFromCephCluster(cluster('HEALTH_OK'), daemons)];
    const mons = checkCephMons(snap, ok);
    assert.equal(mons.status, 'pass');
    assert.equal(mons.reason, `every mon in quorum (rook-ceph/rook-ceph: 3/3 in quorum) (${CEPHCLUSTER_INFERENCE})`);
    const pgs = checkCephPgs(snap, ok);
    assert.equal(pgs.status, 'pass');
    assert.equal(pgs.reason, `no health check reports a placement group other than active+clean (${CEPHCLUSTER_INFERENCE})`);
    assert.deepEqual(pgs.evidence, { 'rook-ceph/rook-ceph': 'no PG health check' });

    const warn = [cephStatusFromCephCluster(cluster('HEALTH_WARN', { MON_DOWN: '1/3 mons down, quorum a,c', PG_DEGRADED: 'Degraded data redundancy: 5 pgs degraded' }), daemons)];
    const monsBad = checkCephMons(snap, warn);
    assert.equal(monsBad.status, 'fail');
    assert.equal(monsBad.reason, `rook-ceph/rook-ceph: 1 mon out of quorum (b) (${CEPHCLUSTER_INFERENCE})`);
    const pgsBad = checkCephPgs(snap, warn);
    assert.equal(pgsBad.status, 'fail');
    assert.equal(pgsBad.reason, `rook-ceph/rook-ceph: 5 degraded (${CEPHCLUSTER_INFERENCE})`);
  });
});
