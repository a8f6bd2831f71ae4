import * as assert from 'node:assert/strict';
import { remainingHopsFindings } from '../../../src/core/run';
import { apiNode, demoSnapshot, examplePlan } from './fixtures';

// The example plan: K3s v1.30.8, Rook v1.15.9, K3s v1.31.10, Rook v1.16.9, … from K3s v1.30.4, Rook v1.14.12, Ceph 18.2.4.
const PLAN = examplePlan();
const at = (k3s: string, rook: string, ceph = '18.2.4-0') => demoSnapshot({
  reported: k3s, rook, ceph,
  nodes: [...[1, 2, 3].map((i) => apiNode(`k3s-server-${i}`, k3s, true)), ...[1, 2].map((i) => apiNode(`k3s-agent-${i}`, k3s, false))],
});

describe('core/run between hops: the rest of the plan against the cluster as it is now', () => {
  it('the cluster as the earlier hops left it: the rest fits, hop after hop', () => {
    assert.deepEqual(remainingHopsFindings(PLAN, at('v1.30.8+k3s1', 'v1.14.12'), 1), []);
    assert.deepEqual(remainingHopsFindings(PLAN, at('v1.30.8+k3s1', 'v1.15.9'), 2), []);
    assert.deepEqual(remainingHopsFindings(PLAN, at('v1.31.10+k3s1', 'v1.15.9'), 3), []);
  });

  it('somebody moved Rook ahead meanwhile: the next Rook hop would be a downgrade, named with the plan\'s hop number', () => {
    const f = remainingHopsFindings(PLAN, at('v1.30.8+k3s1', 'v1.16.9'), 1);
    assert.ok(f.length > 0);
    assert.equal(f[0].hopIndex, 1, 'the plan\'s second hop (0-based 1)');
    assert.match(f[0].message, /v1\.16\.9.*v1\.15\.9|v1\.15\.9.*v1\.16\.9/);
  });

  it('an agent left behind (v1.29 while the servers went to v1.31) would skip minors on the next K3s hop: named, with the hop', () => {
    const half = demoSnapshot({
      reported: 'v1.31.10+k3s1', rook: 'v1.16.9',
      nodes: [...[1, 2, 3].map((i) => apiNode(`k3s-server-${i}`, 'v1.31.10+k3s1', true)), apiNode('k3s-agent-1', 'v1.29.8+k3s1', false)],
    });
    // From hop 5 (0-based 4, Ceph) on: hop 6 takes K3s to v1.32, and k3s-agent-1 would jump from v1.29.
    const f = remainingHopsFindings(PLAN, half, 4);
    assert.deepEqual(f.map((x) => [x.code, x.subject, x.hopIndex]), [['minor.skipped', 'k3s-agent-1', 5]]);
    assert.match(f[0].message, /k3s-agent-1 would jump 3 minors \(v1\.29 → v1\.32\)/);
  });
});
