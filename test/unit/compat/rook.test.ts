import * as assert from 'node:assert/strict';
import { ROOK_SUPPORT, cephStep, rookStep, rookSupportOf, rookSupportsCeph, rookSupportsKubernetes } from '../../../src/core/compat';
import { ceph, kube, rook } from '../../../src/core/versions';

describe('compat: Rook ↔ Kubernetes ↔ Ceph', () => {
  it('has a row with a source for every Rook minor 1.12–1.20, windows moving forward', () => {
    assert.deepEqual(ROOK_SUPPORT.map((r) => r.rook), ['1.12', '1.13', '1.14', '1.15', '1.16', '1.17', '1.18', '1.19', '1.20']);
    for (let i = 1; i < ROOK_SUPPORT.length; i++) {
      assert.ok(ROOK_SUPPORT[i].kubernetes.min >= ROOK_SUPPORT[i - 1].kubernetes.min);
      assert.ok(ROOK_SUPPORT[i].kubernetes.max > ROOK_SUPPORT[i - 1].kubernetes.max);
      // consecutive windows overlap, so Kubernetes and Rook can always leapfrog
      assert.ok(ROOK_SUPPORT[i].kubernetes.min <= ROOK_SUPPORT[i - 1].kubernetes.max);
    }
    for (const r of ROOK_SUPPORT) assert.ok(r.source.length > 0);
  });

  it('matches the fixture docs: 1.14 needs k8s 1.25 (pre-v1.14 notes), 1.16 drops Quincy, 1.20 needs k8s 1.31 and Tentacle 20.2.1', () => {
    assert.equal(rookSupportsKubernetes(rook('v1.14.0'), kube('v1.24.9')).code, 'rook.kubernetes-too-old');
    assert.equal(rookSupportsKubernetes(rook('v1.14.0'), kube('v1.25.0')).ok, true);
    assert.equal(rookSupportsCeph(rook('v1.16.0'), ceph('v17.2.8')).code, 'ceph.unsupported-by-rook');
    assert.equal(rookSupportsCeph(rook('v1.15.0'), ceph('v19.2.0')).ok, true);
    assert.equal(rookSupportsKubernetes(rook('v1.20.0'), kube('v1.30.0')).ok, false);
    const t = rookSupportsCeph(rook('v1.20.1'), ceph('v20.2.0'));
    assert.equal(t.ok, false);
    assert.match(t.reason, /v20\.2\.1 or newer/);
    assert.equal(rookSupportsCeph(rook('v1.18.0'), ceph('v20.2.0')).ok, true);
    assert.equal(rookSupportsCeph(rook('v1.12.0'), ceph('v16.2.6')).ok, false, 'Pacific needs 16.2.7+');
  });

  it('reports unknown Rook minors instead of guessing', () => {
    assert.equal(rookSupportOf(rook('v1.11.0')), undefined);
    assert.equal(rookSupportsKubernetes(rook('v1.21.0'), kube('v1.33.0')).code, 'rook.unknown-release');
  });

  it('Rook steps one minor, official releases only; Ceph never downgrades and skips at most one release', () => {
    assert.equal(rookStep(rook('v1.14.9'), rook('v1.15.2')).ok, true);
    assert.equal(rookStep(rook('v1.14.9'), rook('v1.16.0')).code, 'minor.skipped');
    assert.equal(rookStep(rook('v1.14.9'), rook('v1.14.2')).code, 'version.downgrade');
    assert.equal(rookStep(rook('v1.14.9'), rook('v1.15.0-beta.0')).code, 'rook.prerelease');
    assert.equal(cephStep(ceph('v18.2.4'), ceph('v18.2.1')).code, 'version.downgrade');
    assert.equal(cephStep(ceph('v17.2.8'), ceph('v19.2.0')).ok, true);
    assert.equal(cephStep(ceph('v16.2.15'), ceph('v19.2.0')).code, 'minor.skipped');
  });
});
