import * as assert from 'node:assert/strict';
import { nextMinorBlockers, rookNow } from '../../../src/core/cluster';
import { apiNode, demoSnapshot } from './demoSnapshot';

describe('core/cluster nextMinorBlockers (what blocks the next Kubernetes minor)', () => {
  it('the demo: Rook v1.14 stops at Kubernetes v1.30, so v1.31 is blocked, and Rook v1.15 is the way', () => {
    const check = nextMinorBlockers(demoSnapshot());
    assert.ok(check);
    assert.equal(check.nextMinor, 'v1.31');
    assert.deepEqual(check.blockers.map((b) => b.subject), ['Rook v1.14']);
    const [rook] = check.blockers;
    assert.equal(rook?.code, 'rook.kubernetes-too-new');
    assert.match(rook?.reason ?? '', /Rook v1\.14 supports Kubernetes v1\.25–v1\.30; v1\.31 is beyond it/);
    assert.match(rook?.reason ?? '', /Upgrade Rook first: Rook v1\.15 supports Kubernetes v1\.26–v1\.31/);
  });

  it('the lagging agent (v1.29 under v1.30) is within the skew policy for v1.31: no blocker', () => {
    const check = nextMinorBlockers(demoSnapshot({ rook: 'v1.15.9' }));
    assert.deepEqual(check?.blockers, []);
  });

  it('a kubelet that v1.31 would leave more than 3 minors behind blocks it, named with the rule of core/compat', () => {
    const nodes = [apiNode('s1', 'v1.30.4+k3s1', true), apiNode('old-1', 'v1.27.3+k3s1', false), apiNode('old-2', 'v1.27.3+k3s1', false)];
    const check = nextMinorBlockers(demoSnapshot({ rook: 'v1.15.9', nodes }));
    assert.deepEqual(check?.blockers.map((b) => [b.subject, b.code]), [['2 nodes', 'skew.kubelet-too-old']]);
    assert.match(check?.blockers[0]?.reason ?? '', /old-1, old-2/);
    assert.match(check?.blockers[0]?.reason ?? '', /at most 3/);
  });

  it('a Rook release the rules do not know is not called a blocker', () => {
    assert.deepEqual(nextMinorBlockers(demoSnapshot({ rook: 'v1.9.0' }))?.blockers, []);
  });

  it('says when the next Rook minor would not run the cluster\'s Ceph', () => {
    // Rook v1.18 stops at v1.34; v1.19 carries v1.35 but no longer runs Reef.
    const nodes = [apiNode('s1', 'v1.34.2+k3s1', true)];
    const check = nextMinorBlockers(demoSnapshot({ rook: 'v1.18.3', ceph: '18.2.4-0', nodes, reported: 'v1.34.2+k3s1' }));
    assert.match(check?.blockers[0]?.reason ?? '', /Rook v1\.19 supports Kubernetes v1\.30–v1\.35, but Rook v1\.19 does not run Ceph Reef/);
  });

  it('an unreadable API server version gives no check', () => {
    assert.equal(nextMinorBlockers({ ...demoSnapshot(), apiServerVersion: 'garbage' }), undefined);
  });

  it('rookNow: the running Rook against the running cluster and its Ceph', () => {
    const now = rookNow(demoSnapshot());
    assert.equal(now?.kubernetes.ok, true);
    assert.deepEqual(now?.ceph.map((c) => [c.cluster, c.version, c.verdict.ok]), [['rook-ceph/rook-ceph', 'v18.2.4 (Reef)', true]]);
    const outside = rookNow(demoSnapshot({ rook: 'v1.12.3' }));
    assert.equal(outside?.kubernetes.code, 'rook.kubernetes-too-new');
  });
});
