import * as assert from 'node:assert/strict';
import { type Hop, type PathResult, computePath } from '../../../src/core/paths';
import { AVAILABLE, k3sCluster } from './helpers';

function hopsOf(r: PathResult): readonly Hop[] {
  if (!r.ok) assert.fail(`expected a path, got: ${r.reasons.map((x) => x.message).join('; ')}`);
  return r.hops;
}
const line = (h: Hop): string => `${h.component}${h.phase ? `/${h.phase}` : ''} ${h.to}`;

describe('paths: computePath (examples from the docs)', () => {
  it('latest patch of the current minor first, then one minor at a time, servers before agents (K3s upgrades/automated.md)', () => {
    const r = computePath(k3sCluster(['v1.30.2+k3s1'], ['v1.30.2+k3s1']), { kubernetes: 'v1.32.3+k3s1' }, AVAILABLE);
    assert.deepEqual(hopsOf(r).map(line), [
      'kubernetes/servers v1.30.14+k3s1', 'kubernetes/agents v1.30.14+k3s1',
      'kubernetes/servers v1.31.12+k3s1', 'kubernetes/agents v1.31.12+k3s1',
      'kubernetes/servers v1.32.3+k3s1', 'kubernetes/agents v1.32.3+k3s1',
    ]);
    const hops = hopsOf(r);
    assert.match(hops[0].reason, /latest patch of the current minor/);
    assert.match(hops[2].reason, /minors are never skipped/);
    assert.match(hops[5].reason, /target/);
    assert.deepEqual(hops[1].nodes, ['agent-0']);
    assert.equal(new Set(hops.map((h) => h.id)).size, hops.length, 'ids are unique');
  });

  it('a target in the current minor is one hop pair; a bare upstream version picks the newest K3s revision', () => {
    const r = computePath(k3sCluster(['v1.31.2+k3s1'], []), { kubernetes: 'v1.31.5' }, { ...AVAILABLE, kubernetes: [...AVAILABLE.kubernetes, 'v1.31.5+k3s2'] });
    assert.deepEqual(hopsOf(r).map(line), ['kubernetes/servers v1.31.5+k3s2']);
  });

  it('brings a lagging agent along before the API server leaves its skew window (apiserver 1.30, agent 1.27 → 1.31)', () => {
    const r = computePath(k3sCluster(['v1.30.14+k3s1'], ['v1.27.16+k3s1', 'v1.30.14+k3s1']), { kubernetes: 'v1.31.12+k3s1' }, AVAILABLE);
    const hops = hopsOf(r);
    assert.deepEqual(hops.map(line), ['kubernetes/agents v1.28.15+k3s1', 'kubernetes/servers v1.31.12+k3s1', 'kubernetes/agents v1.31.12+k3s1', 'kubernetes/agents v1.29.15+k3s1', 'kubernetes/agents v1.30.14+k3s1', 'kubernetes/agents v1.31.12+k3s1']);
    assert.match(hops[0].reason, /more than 3 minors behind an API server at v1\.31/);
    assert.deepEqual(hops[0].nodes, ['agent-0']);
  });

  it('uses the stricter 2-minor rule for kubelets older than 1.25', () => {
    const r = computePath(k3sCluster(['v1.25.16+k3s1'], ['v1.23.17+k3s1']), { kubernetes: 'v1.26.15+k3s1' }, AVAILABLE);
    assert.equal(hopsOf(r)[0].component, 'kubernetes');
    assert.deepEqual(hopsOf(r).slice(0, 1).map(line), ['kubernetes/agents v1.24.17+k3s1']);
  });

  it('HA servers one minor apart converge on the next step', () => {
    const r = computePath(k3sCluster(['v1.29.15+k3s1', 'v1.30.14+k3s1'], []), { kubernetes: 'v1.31.12+k3s1' }, AVAILABLE);
    assert.deepEqual(hopsOf(r).map(line), ['kubernetes/servers v1.30.14+k3s1', 'kubernetes/servers v1.31.12+k3s1']);
  });

  it('upgrades Kubernetes to v1.25 before Rook v1.14 ("Upgrade to Kubernetes v1.25 or higher before upgrading Rook", pre-v1.14 notes)', () => {
    const c = k3sCluster(['v1.24.17+k3s1'], [], { rook: { operator: 'rook/ceph:v1.13.4' }, ceph: { version: 'v18.2.4' } });
    const hops = hopsOf(computePath(c, { kubernetes: 'v1.25.16+k3s1', rook: 'v1.14.6' }, AVAILABLE));
    assert.deepEqual(hops.map(line), ['kubernetes/servers v1.25.16+k3s1', 'rook/operator v1.14.6']);
  });

  it('interleaves: Kubernetes to the edge of the Rook window, then Rook, then Kubernetes again', () => {
    const c = k3sCluster(['v1.27.16+k3s1'], ['v1.27.16+k3s1'], { rook: { operator: 'v1.12.11' }, ceph: { version: 'v18.2.4' } });
    const r = computePath(c, { kubernetes: 'v1.30.14+k3s1' }, AVAILABLE);
    assert.deepEqual(hopsOf(r).map(line), [
      'kubernetes/servers v1.28.15+k3s1', 'kubernetes/agents v1.28.15+k3s1',
      'rook/operator v1.13.6',
      'kubernetes/servers v1.29.15+k3s1', 'kubernetes/agents v1.29.15+k3s1',
      'rook/operator v1.14.6',
      'kubernetes/servers v1.30.14+k3s1', 'kubernetes/agents v1.30.14+k3s1',
    ]);
    assert.match(hopsOf(r)[2].reason, /supports Kubernetes up to v1\.28/);
    assert.ok(r.ok && r.warnings.some((w) => w.code === 'rook.implicit-upgrade'));
  });

  it('upgrades Ceph first when the next Rook drops it (1.16 removes Quincy, pre-v1.16 notes)', () => {
    const c = k3sCluster(['v1.30.14+k3s1'], [], { rook: { operator: 'v1.15.6' }, ceph: { version: 'v17.2.8' } });
    const hops = hopsOf(computePath(c, { rook: 'v1.16.6' }, AVAILABLE));
    assert.deepEqual(hops.map(line), ['ceph/cluster v18.2.7', 'rook/operator v1.16.6']);
    assert.match(hops[0].reason, /drops Ceph quincy/);
  });

  it('moves a Tentacle v20.2.0 cluster to v20.2.1+ before Rook v1.19 (ceph-upgrade.md: "Tentacle v20.2.1 or newer")', () => {
    const c = k3sCluster(['v1.31.12+k3s1'], [], { rook: { operator: 'v1.18.6' }, ceph: { version: 'v20.2.0' } });
    assert.deepEqual(hopsOf(computePath(c, { rook: 'v1.19.6' }, AVAILABLE)).map(line), ['ceph/cluster v20.2.2', 'rook/operator v1.19.6']);
  });

  it('goes straight to the Ceph target when both Rooks support it', () => {
    const c = k3sCluster(['v1.30.14+k3s1'], [], { rook: { operator: 'v1.15.6' }, ceph: { version: 'v17.2.8' } });
    assert.deepEqual(hopsOf(computePath(c, { rook: 'v1.16.6', ceph: 'v19.2.3' }, AVAILABLE)).map(line), ['ceph/cluster v19.2.3', 'rook/operator v1.16.6']);
  });

  it('rejects downgrades with the snapshot explanation', () => {
    const r = computePath(k3sCluster(['v1.31.2+k3s1'], []), { kubernetes: 'v1.30.14+k3s1' }, AVAILABLE);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.reasons[0].code, 'version.downgrade');
      assert.match(r.reasons[0].message, /downgrades are not supported; K3s rolls back only by restoring a snapshot/);
    }
    const c = computePath(k3sCluster(['v1.31.2+k3s1'], [], { rook: { operator: 'v1.16.0' }, ceph: { version: 'v19.2.3' } }), { ceph: 'v18.2.7' }, AVAILABLE);
    assert.ok(!c.ok && c.reasons[0].code === 'version.downgrade');
  });

  it('rejects an unknown target with the nearest releases', () => {
    const r = computePath(k3sCluster(['v1.31.2+k3s1'], []), { kubernetes: 'v1.33.9+k3s1' }, AVAILABLE);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.reasons[0].code, 'version.unknown');
      assert.match(r.reasons[0].message, /nearest: v1\.33\.4\+k3s1, v1\.34\.0\+k3s1/);
    }
  });

  it('rejects a missing intermediate minor instead of skipping it', () => {
    const available = { ...AVAILABLE, kubernetes: AVAILABLE.kubernetes.filter((v) => !v.startsWith('v1.32.')) };
    const r = computePath(k3sCluster(['v1.31.12+k3s1'], []), { kubernetes: 'v1.33.4+k3s1' }, available);
    assert.ok(!r.ok && r.reasons[0].code === 'minor.unavailable' && /v1\.32/.test(r.reasons[0].message));
  });

  it('rejects targets that no Rook can serve together, and a Rook target outside the Kubernetes window', () => {
    const c = k3sCluster(['v1.24.17+k3s1'], [], { rook: { operator: 'v1.12.0' }, ceph: { version: 'v16.2.15' } });
    const r = computePath(c, { rook: 'v1.14.0' }, AVAILABLE);
    assert.ok(!r.ok && r.reasons[0].code === 'rook.target-incompatible' && /needs Kubernetes v1\.25/.test(r.reasons[0].message));
    const noRook = computePath(k3sCluster(['v1.31.0+k3s1'], []), { rook: 'v1.16.0' }, AVAILABLE);
    assert.ok(!noRook.ok && noRook.reasons[0].code === 'rook.not-installed');
  });

  it('says so when there is nothing to do, never a silent empty path', () => {
    const r = computePath(k3sCluster(['v1.31.12+k3s1'], ['v1.31.12+k3s1']), { kubernetes: 'v1.31.12+k3s1' }, AVAILABLE);
    assert.ok(r.ok && r.hops.length === 0 && r.warnings.some((w) => w.code === 'path.already-at-target'));
  });

  it('marks a risky edge "not recommended" and keeps it', () => {
    const c = k3sCluster(['v1.31.12+k3s1'], [], { rook: { operator: 'v1.18.6' }, ceph: { version: 'v19.2.3' } });
    const risks = [{ name: 'ReadAffinity', component: 'ceph' as const, from: '^v19\\.', to: 'v20.2.0', message: 'data corruption', url: 'https://github.com/rook/rook/issues/16839' }];
    const r = computePath(c, { ceph: 'v20.2.0' }, AVAILABLE, { risks });
    const hops = hopsOf(r);
    assert.equal(hops.length, 1);
    assert.deepEqual(hops[0].notRecommended, { riskName: 'ReadAffinity', message: 'data corruption', url: 'https://github.com/rook/rook/issues/16839' });
    assert.ok(r.ok && r.warnings.some((w) => w.code === 'risk.not-recommended' && w.hopIndex === 0));
  });
});
