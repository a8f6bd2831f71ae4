import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseKubeVersion, kube, compareKube, minorKey, minorsBetween, upstreamOf,
  parseRookVersion, rook, compareRook, tagOf,
  parseCephVersion, ceph, compareCeph, cephMajorOf, formatCeph,
} from '../../../src/core/versions';

describe('Kubernetes versions', () => {
  it('parses upstream, K3s, RKE2 and managed forms', () => {
    assert.deepEqual(kube('v1.30.4'), { raw: 'v1.30.4', major: 1, minor: 30, patch: 4, prerelease: undefined, distribution: 'kubernetes', revision: 0, build: undefined });
    const k3s = kube('v1.30.4+k3s2');
    assert.equal(k3s.distribution, 'k3s');
    assert.equal(k3s.revision, 2);
    const rc = kube('v1.31.0-rc1+k3s1');
    assert.equal(rc.prerelease, 'rc1');
    assert.equal(rc.distribution, 'k3s');
    assert.equal(kube('v1.29.8+rke2r1').distribution, 'rke2');
    const eks = kube('v1.30.4-eks-a737599');
    assert.equal(eks.distribution, 'eks');
    assert.equal(eks.prerelease, undefined);
    assert.equal(eks.build, 'eks-a737599');
    assert.equal(kube('v1.30.5-gke.1014001').distribution, 'gke');
    assert.equal(kube('1.28.0').minor, 28);
  });

  it('returns an error value for unknown shapes instead of throwing', () => {
    for (const bad of ['', 'latest', 'v1.30', 'v1.x.3', '1.30.4.5', 'stable']) {
      const r = parseKubeVersion(bad);
      assert.equal(r.ok, false, bad);
      if (!r.ok) assert.match(r.error, /not a Kubernetes version/);
    }
  });

  it('orders revisions, pre-releases and patches', () => {
    const sorted = ['v1.30.4+k3s2', 'v1.30.10+k3s1', 'v1.30.4+k3s1', 'v1.30.4-rc2+k3s1', 'v1.30.4-rc1+k3s1', 'v1.29.15+k3s1', 'v1.30.4-rc10+k3s1']
      .map(kube).sort(compareKube).map((v) => v.raw);
    assert.deepEqual(sorted, ['v1.29.15+k3s1', 'v1.30.4-rc1+k3s1', 'v1.30.4-rc2+k3s1', 'v1.30.4-rc10+k3s1', 'v1.30.4+k3s1', 'v1.30.4+k3s2', 'v1.30.10+k3s1']);
  });

  it('computes minor keys, distances and the upstream version', () => {
    assert.equal(minorKey(kube('v1.30.4+k3s1')), '1.30');
    assert.equal(minorsBetween(kube('v1.28.1'), kube('v1.31.0')), 3);
    assert.equal(minorsBetween(kube('v1.31.0'), kube('v1.28.1')), -3);
    assert.equal(upstreamOf(kube('v1.30.4+k3s1')), 'v1.30.4');
  });

  it('is a total order consistent with equality (property)', () => {
    const arb = fc.record({ mi: fc.integer({ min: 20, max: 40 }), pa: fc.integer({ min: 0, max: 20 }), rev: fc.integer({ min: 1, max: 3 }), rc: fc.option(fc.integer({ min: 1, max: 12 }), { nil: undefined }) })
      .map(({ mi, pa, rev, rc }) => kube(`v1.${mi}.${pa}${rc === undefined ? '' : `-rc${rc}`}+k3s${rev}`));
    fc.assert(fc.property(arb, arb, arb, (a, b, c) => {
      // `===`, not Object.is: two equal versions give 0 one way and -0 the other, and that is antisymmetric.
      assert.ok(Math.sign(compareKube(a, b)) === -Math.sign(compareKube(b, a)), `${a.raw} vs ${b.raw}`);
      if (compareKube(a, b) <= 0 && compareKube(b, c) <= 0) assert.ok(compareKube(a, c) <= 0);
      assert.equal(compareKube(a, b) === 0, a.raw === b.raw);
    }));
  });
});

describe('Rook versions', () => {
  it('parses tags and image references', () => {
    assert.deepEqual(rook('v1.14.9'), { raw: 'v1.14.9', major: 1, minor: 14, patch: 9, prerelease: undefined });
    assert.equal(rook('docker.io/rook/ceph:v1.15.2').minor, 15);
    assert.equal(rook('rook/ceph:v1.16.0-beta.0').prerelease, 'beta.0');
    assert.equal(parseRookVersion('rook/ceph:master').ok, false);
  });

  it('orders releases after their betas', () => {
    const s = ['v1.15.0', 'v1.14.10', 'v1.15.0-beta.0', 'v1.14.9'].map(rook).sort(compareRook).map((v) => v.raw);
    assert.deepEqual(s, ['v1.14.9', 'v1.14.10', 'v1.15.0-beta.0', 'v1.15.0']);
  });

  it('finds the tag of an image reference with a registry port and a digest', () => {
    assert.equal(tagOf('registry.local:5000/rook/ceph:v1.14.9@sha256:abc'), 'v1.14.9');
    assert.equal(tagOf('v1.14.9'), 'v1.14.9');
  });
});

describe('Ceph versions', () => {
  it('parses image tags, dated builds, floating tags, status and CLI forms', () => {
    const reef = ceph('quay.io/ceph/ceph:v18.2.4');
    assert.equal(reef.release, 'reef');
    assert.equal(reef.patch, 4);
    assert.equal(ceph('v18.2.2-20240311').build, '20240311');
    const floating = ceph('quay.io/ceph/ceph:v19');
    assert.equal(floating.minor, undefined);
    assert.equal(floating.release, 'squid');
    assert.equal(ceph('18.2.4-0').patch, 4);
    assert.equal(ceph('ceph version 19.2.1 (58a7fab8be0a062d730ad7da874972fd3fba59fb) squid (stable)').release, 'squid');
    assert.equal(ceph('v20.2.0').release, 'tentacle');
    assert.equal(cephMajorOf('Pacific'), 16);
    assert.equal(parseCephVersion('v1.14.9').ok, false);
    assert.equal(parseCephVersion('latest').ok, false);
  });

  it('orders by number, then by build date; a floating tag is the newest of its line', () => {
    const s = ['v18.2.4', 'v18.2.2-20240311', 'v18.2.2', 'v17.2.7', 'v18', 'v19.2.0'].map(ceph).sort(compareCeph).map(formatCeph);
    assert.deepEqual(s, ['v17.2.7', 'v18.2.2', 'v18.2.2', 'v18.2.4', 'v18', 'v19.2.0']);
    assert.ok(compareCeph(ceph('v18.2.2'), ceph('v18.2.2-20240311')) < 0);
  });
});
