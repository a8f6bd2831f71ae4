import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { appliedDifferences, applyModeOf, gitopsManifests, plannedRunWrites, runPhases } from '../../../src/core/run';
import { demo, examplePlan } from './fixtures';

describe('core/run GitOps export (the run\'s writes as manifests for a repository)', () => {
  const plan = examplePlan();
  const snapshot = demo();
  const phases = runPhases(plan, snapshot);
  const writes = plannedRunWrites(plan, snapshot, '20261127-214800-gitops');
  assert.ok(phases.ok && writes.ok);

  it('one folder per hop, files in the order a run applies them: SUC Plans as objects, image changes as patches of the object the repository holds', () => {
    const files = gitopsManifests(plan.metadata.name, writes.value, phases.value);
    assert.ok(files.ok, files.ok ? '' : files.error);
    const paths = files.value.map((f) => f.path);
    assert.equal(paths[paths.length - 1], 'README.md');
    const manifests = paths.slice(0, -1);
    assert.equal(manifests.length, writes.value.length, 'one file per write');
    for (const p of manifests) assert.match(p, /^hop-\d+-(k3s|rook|ceph)-[A-Za-z0-9._-]+\/\d\d-[a-z]+-[A-Za-z0-9._-]+(\.patch)?\.yaml$/);
    const numbers = manifests.map((p) => Number(/\/(\d\d)-/.exec(p)?.[1]));
    assert.deepEqual(numbers, [...numbers].sort((a, b) => a - b), 'numbered in run order');

    const plans = files.value.filter((f) => /-plan-/.test(f.path)).map((f) => parse(f.text) as { apiVersion: string; kind: string; metadata: { name: string; labels: Record<string, string> }; spec: { version: string } });
    assert.ok(plans.length >= 3, 'servers, canary and agents Plans');
    for (const p of plans) {
      assert.equal(p.apiVersion, 'upgrade.cattle.io/v1');
      assert.equal(p.kind, 'Plan');
      assert.match(p.spec.version, /^v1\.\d+\.\d+\+k3s\d+$/);
    }
    const rook = files.value.find((f) => /-deployment-rook-ceph-operator\.patch\.yaml$/.test(f.path));
    assert.ok(rook, 'the Rook operator image as a patch');
    assert.match(rook.text, /^# .*\n# A strategic merge patch of the Deployment your repository holds/);
    const doc = parse(rook.text) as { apiVersion: string; kind: string; metadata: { name: string; namespace: string }; spec: { template: { spec: { containers: { name: string; image: string }[] } } } };
    assert.deepEqual([doc.apiVersion, doc.kind, doc.metadata.name, doc.metadata.namespace], ['apps/v1', 'Deployment', 'rook-ceph-operator', 'rook-ceph']);
    assert.match(doc.spec.template.spec.containers[0].image, /^rook\/ceph:v1\.\d+\.\d+$/);
    const ceph = files.value.find((f) => /-cephcluster-.*\.patch\.yaml$/.test(f.path));
    assert.ok(ceph, 'the Ceph image as a merge patch');
    assert.match(ceph.text, /A merge patch of the CephCluster/);

    const readme = files.value[files.value.length - 1].text;
    assert.match(readme, /By hand first: .*Rook/, 'the Rook CRDs step is the user\'s');
    assert.match(readme, /Then wait: /, 'the gates between the files');
    for (const p of manifests) assert.ok(readme.includes(p), `the README lists ${p}`);
  });

  it('path segments from plan or cluster data keep only safe characters; a plan without writes is refused', () => {
    const hostile = gitopsManifests('../../etc/passwd', writes.value, phases.value);
    assert.ok(hostile.ok);
    for (const f of hostile.value) assert.doesNotMatch(f.path, /\.\.|^\//);
    assert.match(hostile.value[hostile.value.length - 1].text, /^# GitOps export of plan [^/\n]+\n/, 'no path separator from the plan name');
    assert.equal(gitopsManifests('p', [], phases.value).ok, false);
  });
});

describe('core/run GitOps mode (strategy.apply: gitops): what git applied against the plan', () => {
  it('applyModeOf: only `gitops` is GitOps', () => {
    assert.equal(applyModeOf(examplePlan({ strategy: { apply: 'gitops' } })), 'gitops');
    assert.equal(applyModeOf(examplePlan({ strategy: { apply: 'direct' } })), 'direct');
    assert.equal(applyModeOf(examplePlan()), 'direct');
  });

  it('names each field the plan sets that differs, with both values; fields the plan does not set are not compared', () => {
    const planned = { concurrency: 1, version: 'v1.31.4+k3s1', nodeSelector: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'In', values: ['true'] }] }, upgrade: { image: 'rancher/k3s-upgrade' } };
    assert.deepEqual(appliedDifferences(planned, { ...planned, serviceAccountName: 'system-upgrade', upgrade: { image: 'rancher/k3s-upgrade', command: ['x'] } }, 'spec'), []);
    assert.deepEqual(appliedDifferences(planned, { ...planned, version: 'v1.31.3+k3s1', concurrency: 3 }, 'spec'), [
      'spec.concurrency is 3, the plan needs 1',
      'spec.version is "v1.31.3+k3s1", the plan needs "v1.31.4+k3s1"',
    ]);
    assert.deepEqual(appliedDifferences(planned, { version: 'v1.31.4+k3s1', concurrency: 1, upgrade: 'x', nodeSelector: { matchExpressions: [] } }, 'spec'), [
      'spec.nodeSelector.matchExpressions is [], the plan needs [{"key":"node-role.kubernetes.io/control-plane","operator":"In","values":["true"…',
      'spec.upgrade is "x", the plan needs {"image":"rancher/k3s-upgrade"}',
    ]);
    assert.deepEqual(appliedDifferences(planned, undefined, 'spec'), ['spec is nothing, the plan needs {"concurrency":1,"version":"v1.31.4+k3s1","nodeSelector":{"matchExpressions":[{"…']);
  });

  it('cluster data is cut: at most 5 differences, each value at most 80 characters', () => {
    const planned = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, i]));
    const applied = Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`f${i}`, 'x'.repeat(10_000)]));
    const d = appliedDifferences(planned, applied, 'spec');
    assert.equal(d.length, 5);
    assert.ok(d.every((l) => l.length < 140), d[0]);
  });
});
