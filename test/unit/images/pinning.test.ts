import * as assert from 'node:assert/strict';
import { digestFor, hopImage, imageForRun, k3sImageTag, k3sUpgradeImage, pinnedImage, upgradeImagesOf } from '../../../src/core/images';
import { runPhases } from '../../../src/core/run';
import { demo, examplePlan } from '../run/fixtures';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

describe('core/images pinning: repo:tag@digest from the plan\'s images.digests', () => {
  it('K3s images carry the version as SUC munges it (+ → -)', () => {
    assert.equal(k3sImageTag('v1.31.4+k3s1'), 'v1.31.4-k3s1');
    assert.equal(k3sUpgradeImage('v1.31.4+k3s1'), 'rancher/k3s-upgrade:v1.31.4-k3s1');
    assert.equal(hopImage({ component: 'rook', version: '1.15.5' }), 'rook/ceph:v1.15.5');
    assert.equal(hopImage({ component: 'ceph', version: 'v19.2.0' }), 'quay.io/ceph/ceph:v19.2.0');
    assert.equal(hopImage({ component: 'kubernetes', version: 'v1.31.4' }), undefined);
  });

  it('pins by the key as written, or by a key naming the same image; refuses naming the missing image', () => {
    assert.deepEqual(pinnedImage('rancher/k3s-upgrade:v1.31.4-k3s1', { 'rancher/k3s-upgrade:v1.31.4-k3s1': D1 }), { ok: true, value: `rancher/k3s-upgrade:v1.31.4-k3s1@${D1}` });
    assert.deepEqual(pinnedImage('rook/ceph:v1.15.5', { 'docker.io/rook/ceph:v1.15.5': D2 }), { ok: true, value: `rook/ceph:v1.15.5@${D2}` });
    // An old digest on the reference is replaced by the listed one.
    assert.deepEqual(pinnedImage(`rook/ceph:v1.15.5@${D1}`, { 'rook/ceph:v1.15.5': D2 }), { ok: true, value: `rook/ceph:v1.15.5@${D2}` });
    const missing = pinnedImage('quay.io/ceph/ceph:v19.2.0', { 'quay.io/ceph/ceph:v18.2.4': D1 });
    assert.ok(!missing.ok);
    assert.equal(missing.error, 'images.pinByDigest is true but images.digests has no digest for quay.io/ceph/ceph:v19.2.0: run "Pin Upgrade Images by Digest" on the plan');
    const malformed = pinnedImage('rook/ceph:v1.15.5', { 'rook/ceph:v1.15.5': 'sha256:ABC' });
    assert.ok(!malformed.ok && /not sha256:<64/.test(malformed.error));
    // Another registry is another image.
    assert.equal(digestFor('rook/ceph:v1.15.5', { 'registry.local/rook/ceph:v1.15.5': D1 }), undefined);
  });

  it('without pinByDigest the reference is used as it is', () => {
    assert.deepEqual(imageForRun('rook/ceph:v1.15.5', undefined), { ok: true, value: 'rook/ceph:v1.15.5' });
    assert.deepEqual(imageForRun('rook/ceph:v1.15.5', { pinByDigest: false, digests: { 'rook/ceph:v1.15.5': D1 } }), { ok: true, value: 'rook/ceph:v1.15.5' });
    assert.deepEqual(imageForRun('rook/ceph:v1.15.5', { pinByDigest: true, digests: { 'rook/ceph:v1.15.5': D1 } }), { ok: true, value: `rook/ceph:v1.15.5@${D1}` });
  });

  it('the images a run pulls: from the hops with upstream repositories, or exactly from the phases (a mirror stays a mirror)', () => {
    const plan = examplePlan();
    const fromHops = upgradeImagesOf(plan);
    assert.deepEqual(fromHops.map((i) => [i.ref, i.component, i.hops]), [
      ['rancher/k3s-upgrade:v1.30.8-k3s1', 'k3s', [1]],
      ['rook/ceph:v1.15.9', 'rook', [2]],
      ['rancher/k3s-upgrade:v1.31.10-k3s1', 'k3s', [3]],
      ['rook/ceph:v1.16.9', 'rook', [4]],
      ['quay.io/ceph/ceph:v19.2.3', 'ceph', [5]],
      ['rancher/k3s-upgrade:v1.32.11-k3s3', 'k3s', [6]],
      ['rook/ceph:v1.17.9', 'rook', [7]],
      ['rancher/k3s-upgrade:v1.33.7-k3s3', 'k3s', [8]],
    ]);
    const s = demo();
    const mirrored = {
      ...s,
      components: {
        ...s.components,
        rookOperator: s.components.rookOperator.state === 'ok' ? { state: 'ok' as const, value: { ...s.components.rookOperator.value, image: 'registry.local:5000/rook/ceph:v1.14.9' } } : s.components.rookOperator,
      },
    };
    const phases = runPhases(plan, mirrored);
    assert.ok(phases.ok, phases.ok ? '' : phases.error);
    const exact = upgradeImagesOf(plan, phases.value);
    assert.deepEqual(exact.map((i) => i.ref), fromHops.map((i) => i.ref.replace(/^rook\/ceph/, 'registry.local:5000/rook/ceph')));
  });
});
