import * as assert from 'node:assert/strict';
import { removedApisForTarget } from '../../../src/core/apis/preflightInput';
import { KubeClient, type HttpResponse, type Transport } from '../../../src/kube/client';
import { recordedApis } from '../../../src/kube/removedApisForPlan';
import { crdVersionsOf, readCrdVersions } from '../../../src/kube/removedApiSources';

const widgets = {
  metadata: { name: 'widgets.example.com' },
  spec: {
    group: 'example.com',
    names: { kind: 'Widget' },
    versions: [
      { name: 'v1', served: true, storage: true },
      { name: 'v1beta1', served: true, storage: false, deprecated: true, deprecationWarning: 'example.com/v1beta1 Widget is deprecated; use v1' },
      { name: 'v1alpha1', served: false, storage: false },
    ],
  },
  status: { storedVersions: ['v1alpha1', 'v1'] },
};

function client(answer: HttpResponse, seen: string[] = []): KubeClient {
  const transport: Transport = {
    get: (path) => {
      seen.push(path);
      return Promise.resolve(answer);
    },
    stream: () => Promise.reject(new Error('no watch')),
    dispose: () => undefined,
  };
  return new KubeClient(transport);
}

describe('kube: CRD versions deprecated or no longer served', () => {
  it('keeps only flagged versions, with the warning and whether objects may be stored at them', () => {
    assert.deepEqual(crdVersionsOf(widgets), [
      { crd: 'widgets.example.com', group: 'example.com', version: 'v1beta1', kind: 'Widget', served: true, deprecated: true, warning: 'example.com/v1beta1 Widget is deprecated; use v1', stored: false },
      { crd: 'widgets.example.com', group: 'example.com', version: 'v1alpha1', kind: 'Widget', served: false, deprecated: false, warning: undefined, stored: true },
    ]);
    // Malformed CRDs give nothing rather than throwing.
    assert.deepEqual(crdVersionsOf({ metadata: { name: 'x' }, spec: { group: 'g', names: { kind: 'K' }, versions: 'v1' } }), []);
    assert.deepEqual(crdVersionsOf({}), []);
  });

  it('lists the CRDs; a 403 is "not checked", not an error', async () => {
    const seen: string[] = [];
    const r = await readCrdVersions(client({ status: 200, body: JSON.stringify({ metadata: {}, items: [widgets] }) }, seen));
    assert.ok(r.ok && r.value.state === 'read');
    assert.equal(r.value.crds, 1);
    assert.deepEqual(r.value.versions.map((v) => v.version), ['v1alpha1', 'v1beta1']);
    assert.equal(seen[0].split('?')[0], '/apis/apiextensions.k8s.io/v1/customresourcedefinitions');
    const forbidden = await readCrdVersions(client({ status: 403, body: JSON.stringify({ message: 'customresourcedefinitions.apiextensions.k8s.io is forbidden: User "v" cannot list resource "customresourcedefinitions" in API group "apiextensions.k8s.io" at the cluster scope' }) }));
    assert.deepEqual(forbidden, { ok: true, value: { state: 'not-checked', reason: 'CustomResourceDefinitions: not readable (needs "list customresourcedefinitions.apiextensions.k8s.io").' } });
  });

  it('in the preflight answer they are listed apart, never blocking, whatever the target', async () => {
    const read = await readCrdVersions(client({ status: 200, body: JSON.stringify({ metadata: {}, items: [widgets] }) }));
    assert.ok(read.ok);
    const recorded = recordedApis({ objects: { uses: [], objects: 0, problems: [] }, helm: { releases: [], problems: [] }, metric: undefined, crds: read.value, ms: 1 });
    const r = removedApisForTarget(recorded, 'v1.33');
    assert.ok(r.ok);
    assert.deepEqual(r.value.inUse, []);
    assert.deepEqual(r.value.deprecated, [
      { apiVersion: 'example.com/v1beta1', kind: 'Widget', name: 'widgets.example.com (CustomResourceDefinition version deprecated by its owner)' },
      { apiVersion: 'example.com/v1alpha1', kind: 'Widget', name: 'widgets.example.com (CustomResourceDefinition version no longer served; objects may still be stored at it)' },
    ]);
    const forbidden = recordedApis({ objects: { uses: [], objects: 0, problems: [] }, helm: { releases: [], problems: [] }, metric: undefined, crds: { state: 'not-checked', reason: 'CustomResourceDefinitions: not readable.' }, ms: 1 });
    assert.deepEqual(forbidden.problems, ['CustomResourceDefinitions: not readable.']);
    assert.equal(forbidden.crdVersions, undefined);
  });
});
