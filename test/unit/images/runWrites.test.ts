import * as assert from 'node:assert/strict';
import { upgradeImagesOf } from '../../../src/core/images';
import type { PlanImages } from '../../../src/core/plans';
import { type RunPhase, gitopsManifests, plannedRunWrites, runPhases, sucNamespace, sucPlanWrite, sucPlanWrites } from '../../../src/core/run';
import { demo, examplePlan, validPlanManifest } from '../run/fixtures';

const RUN = '20261127-235900-ab12cd';
const digestOf = (i: number): string => `sha256:${i.toString(16).padStart(2, '0').repeat(32)}`;

/** Every image the example plan pulls, each with its own digest. */
function allPinned(): PlanImages {
  const images = upgradeImagesOf(examplePlan());
  return { pinByDigest: true, digests: Object.fromEntries(images.map((img, i) => [img.ref, digestOf(i + 1)])) };
}

type PlanSpec = { version: string; upgrade: { image: string }; prepare?: { image: string; args: string[] } };

describe('core/run with images.pinByDigest: the run\'s writes use repo:tag@sha256', () => {
  it('SUC Plans: upgrade and prepare image rancher/k3s-upgrade:<tag>@sha256, spec.version kept, valid against the CRD', () => {
    const images = allPinned();
    const plan = examplePlan({ images });
    const phases = runPhases(plan, demo());
    assert.ok(phases.ok, phases.ok ? '' : phases.error);
    const writes = sucPlanWrites({ plan, runId: RUN, namespace: sucNamespace(demo()) }, phases.value);
    assert.ok(writes.ok, writes.ok ? '' : writes.error);
    assert.equal(writes.value.length, 12);
    for (const w of writes.value) {
      const spec = (w.write.body as { spec: PlanSpec }).spec;
      const want = `rancher/k3s-upgrade:${spec.version.replace('+', '-')}@${images.digests?.[`rancher/k3s-upgrade:${spec.version.replace('+', '-')}`]}`;
      assert.match(want, /@sha256:[0-9a-f]{64}$/);
      assert.equal(spec.upgrade.image, want, w.write.description);
      if (spec.prepare) assert.equal(spec.prepare.image, want);
      assert.match(spec.version, /^v1\.3\d\.\d+\+k3s\d$/, 'the version stays (the controller labels and hashes with it)');
      assert.ok(validPlanManifest(w.write.body), JSON.stringify(validPlanManifest.errors));
      assert.ok(w.write.description.endsWith(`(image ${want})`), w.write.description);
    }
    assert.ok(writes.value.some((w) => (w.write.body as { spec: PlanSpec }).spec.prepare), 'agent Plans have a prepare step');
  });

  it('without pinning the Plans keep the name-only image the controller adds the version to', () => {
    const plan = examplePlan();
    const phases = runPhases(plan, demo());
    assert.ok(phases.ok);
    const writes = sucPlanWrites({ plan, runId: RUN, namespace: 'system-upgrade' }, phases.value);
    assert.ok(writes.ok);
    for (const w of writes.value) assert.equal((w.write.body as { spec: PlanSpec }).spec.upgrade.image, 'rancher/k3s-upgrade');
  });

  it('Rook operator and Ceph image phases, the planned writes and the GitOps export use repo:tag@sha256', () => {
    const images = allPinned();
    const plan = examplePlan({ images });
    const phases = runPhases(plan, demo());
    assert.ok(phases.ok, phases.ok ? '' : phases.error);
    const op = phases.value.find((p) => p.id === 'hop-2/rook-operator') as Extract<RunPhase, { kind: 'rook-operator' }>;
    assert.equal(op.image, `rook/ceph:v1.15.9@${images.digests?.['rook/ceph:v1.15.9']}`);
    assert.equal(op.currentImage, 'rook/ceph:v1.14.9');
    assert.match(op.actions[0], /to rook\/ceph:v1\.15\.9@sha256:[0-9a-f]{64}$/);
    const ceph = phases.value.find((p) => p.id === 'hop-5/ceph-image') as Extract<RunPhase, { kind: 'ceph-image' }>;
    assert.equal(ceph.clusters[0].image, `quay.io/ceph/ceph:v19.2.3@${images.digests?.['quay.io/ceph/ceph:v19.2.3']}`);
    // The images listed from pinned phases are still the tag references (the keys).
    assert.deepEqual(upgradeImagesOf(plan, phases.value).map((i) => i.ref), Object.keys(images.digests ?? {}));

    const writes = plannedRunWrites(plan, demo(), RUN);
    assert.ok(writes.ok, writes.ok ? '' : writes.error);
    const bodies = writes.value.map((w) => JSON.stringify(w.write.body));
    assert.equal(writes.value.length, 12 + 3 + 1);
    for (const b of bodies) assert.match(b, /"image":"[^"]+:v[^"@]+@sha256:[0-9a-f]{64}"/);
    const files = gitopsManifests(plan.metadata.name, writes.value, phases.value);
    assert.ok(files.ok);
    const patch = files.value.find((f) => f.path.includes('rook-ceph-operator.patch'));
    assert.ok(patch, files.value.map((f) => f.path).join(', '));
    assert.match(patch.text, /image: rook\/ceph:v1\.15\.9@sha256:[0-9a-f]{64}\n/);
  });

  it('a missing digest refuses the run\'s phases (Execute, Dry Run, Export), naming the image; the Plan build refuses too', () => {
    const images = allPinned();
    for (const missing of ['rancher/k3s-upgrade:v1.31.10-k3s1', 'rook/ceph:v1.16.9', 'quay.io/ceph/ceph:v19.2.3']) {
      const digests = { ...images.digests };
      delete digests[missing];
      const plan = examplePlan({ images: { pinByDigest: true, digests } });
      const phases = runPhases(plan, demo());
      assert.ok(!phases.ok, missing);
      assert.match(phases.error, new RegExp(`^hop \\d \\([a-z0-9]+ v[^)]+\\): images\\.pinByDigest is true but images\\.digests has no digest for ${missing.replace(/[.]/g, '\\.')}: run "Pin Upgrade Images by Digest" on the plan$`));
      const writes = plannedRunWrites(plan, demo(), RUN);
      assert.ok(!writes.ok);
      assert.equal(writes.error, phases.error);
    }
    // A Plan built on its own (a resumed run builds each phase's Plan) refuses as well.
    const ok = runPhases(examplePlan({ images }), demo());
    assert.ok(ok.ok);
    const server = ok.value.find((p) => p.kind === 'k3s-servers') as Extract<RunPhase, { kind: 'k3s-servers' }>;
    const r = sucPlanWrite({ plan: examplePlan({ images: { pinByDigest: true, digests: {} } }), runId: RUN, namespace: 'system-upgrade' }, server, undefined);
    assert.ok(!r.ok);
    assert.match(r.error, /no digest for rancher\/k3s-upgrade:v1\.30\.8-k3s1/);
  });
});
