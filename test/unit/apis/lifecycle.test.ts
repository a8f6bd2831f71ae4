import * as assert from 'node:assert/strict';
import { bundledLifecycle, findingsFor, lifecycleOf, loadLifecycle } from '../../../src/core/apis';

const minor = (v: string): [number, number] => v.split('.').map(Number) as [number, number];
const before = (v: string): string => `${minor(v)[0]}.${minor(v)[1] - 1}`;
const apiVersion = (e: { group: string; version: string }): string => (e.group ? `${e.group}/${e.version}` : e.version);

describe('apis: the generated lifecycle data', () => {
  const data = bundledLifecycle();
  const retired = data.entries.filter((e) => e.removed !== null || e.deprecated !== null);

  it('loads, and covers the well-known removals from 1.16 on', () => {
    assert.ok(retired.length > 90);
    for (const [av, kind, removed] of [['extensions/v1beta1', 'Deployment', '1.16'], ['extensions/v1beta1', 'Ingress', '1.22'], ['policy/v1beta1', 'PodSecurityPolicy', '1.25'],
      ['batch/v1beta1', 'CronJob', '1.25'], ['autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.26'], ['storage.k8s.io/v1beta1', 'CSIStorageCapacity', '1.27'],
      ['flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.32'], ['apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', '1.22']]) {
      assert.equal(lifecycleOf(av, kind)?.removed, removed, `${av} ${kind}`);
    }
    assert.equal(lifecycleOf('apps/v1', 'Deployment')?.removed ?? null, null);
    assert.equal(lifecycleOf('example.com/v1', 'Widget'), undefined);
  });

  it('refuses malformed data with a sentence', () => {
    const bad = loadLifecycle({ entries: [{ group: 'x', version: 'v1', kind: 'K', source: 's', introduced: 'soon', deprecated: null, removed: null, replacement: null }] });
    assert.equal(bad.ok, false);
    if (!bad.ok) assert.match(bad.error, /entry 1 \(K\) has a bad introduced minor\.$/);
  });

  describe('each deprecated or removed entry', () => {
    for (const e of retired) {
      const av = apiVersion(e);
      it(`${av} ${e.kind}: deprecated ${e.deprecated ?? '-'}, removed ${e.removed ?? '-'}`, () => {
        if (e.removed) {
          for (const target of [e.removed, `${minor(e.removed)[0]}.${minor(e.removed)[1] + 2}`]) {
            const f = findingsFor(av, e.kind, { current: '1.15', target }, data);
            assert.ok(f.ok && f.value, `target ${target}`);
            assert.equal(f.value.status, 'removed', `target ${target}`);
            assert.equal(f.value.severity, 'error');
            assert.equal(f.value.removedIn, e.removed);
            assert.ok(f.value.message.includes(e.removed), f.value.message);
          }
          const earlier = findingsFor(av, e.kind, { current: '1.15', target: before(e.removed) }, data);
          assert.ok(earlier.ok);
          if (!earlier.ok) return;
          if (e.deprecated && minor(e.deprecated)[1] <= minor(e.removed)[1] - 1) {
            assert.equal(earlier.value?.status, 'deprecated', `target ${before(e.removed)}`);
            assert.equal(earlier.value.severity, 'warning');
          } else {
            assert.equal(earlier.value, undefined);
          }
        }
        if (e.deprecated) {
          const f = findingsFor(av, e.kind, { current: '1.15', target: before(e.deprecated) }, data);
          assert.ok(f.ok);
          assert.equal(f.value, undefined);
        }
      });
    }
  });
});
