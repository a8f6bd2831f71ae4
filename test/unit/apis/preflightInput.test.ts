import * as assert from 'node:assert/strict';
import { type RecordedApis, removedApisForTarget } from '../../../src/core/apis/preflightInput';
import { checkRemovedApis } from '../../../src/core/preflight';
import { KubeClient, type HttpResponse, type Transport } from '../../../src/kube/client';
import { readRemovedApisInput, recordedApis } from '../../../src/kube/removedApisForPlan';
import type { RemovedApiScan } from '../../../src/kube/removedApiReader';

/** What the k3s-demo scenario records: an Ingress and a CronJob last applied through removed versions, a Helm PDB. */
const recorded: RecordedApis = {
  uses: [
    { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', namespace: 'shop', name: 'web' },
    { apiVersion: 'batch/v1beta1', kind: 'CronJob', namespace: 'shop', name: 'report' },
    { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', name: 'in Helm release shop/legacy-shop (revision 2)' },
    // Deprecated in 1.29, removed in 1.32: blocking only for a target of 1.32 or later.
    { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', name: 'mine' },
    // Current versions and kinds the data does not know: never listed.
    { apiVersion: 'apps/v1', kind: 'Deployment', namespace: 'shop', name: 'api' },
    { apiVersion: 'example.com/v1alpha1', kind: 'Widget', name: 'w' },
  ],
  calls: [],
  problems: [],
};

function judged(target: string, r: RecordedApis = recorded) {
  const out = removedApisForTarget(r, target);
  assert.ok(out.ok, out.ok ? '' : out.error);
  return out.value;
}

describe('apis: the preflight input for a target', () => {
  it('for v1.33 every API removed by then is in use, oldest removal first, with its replacement', () => {
    const r = judged('v1.33.7');
    assert.equal(r.target, 'v1.33');
    assert.deepEqual(r.inUse, [
      { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', namespace: 'shop', name: 'web', removedIn: 'v1.22', replacement: 'networking.k8s.io/v1' },
      { apiVersion: 'batch/v1beta1', kind: 'CronJob', namespace: 'shop', name: 'report', removedIn: 'v1.25', replacement: 'batch/v1' },
      { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', name: 'in Helm release shop/legacy-shop (revision 2)', removedIn: 'v1.25', replacement: 'policy/v1' },
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', name: 'mine', removedIn: 'v1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' },
    ]);
    assert.deepEqual(r.deprecated, []);
    const check = checkRemovedApis(r);
    assert.equal(check.status, 'fail');
    assert.match(check.reason, /Ingress shop\/web \(networking\.k8s\.io\/v1beta1, removed in v1\.22\)/);
  });

  it('each minor crossed counts: a removal at the target blocks, one after it is a warning', () => {
    const flow = { uses: [{ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', name: 'mine' }], calls: [], problems: [] };
    const at = judged('1.32', flow);
    assert.deepEqual(at.inUse.map((u) => `${u.kind} ${u.removedIn} → ${u.replacement}`), ['FlowSchema v1.32 → flowcontrol.apiserver.k8s.io/v1']);
    const before = judged('v1.31', flow);
    assert.deepEqual(before.inUse, []);
    assert.deepEqual(before.deprecated, [{ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', name: 'mine', deprecatedIn: 'v1.29', removedIn: 'v1.32', replacement: 'flowcontrol.apiserver.k8s.io/v1' }]);
    assert.equal(checkRemovedApis(before).status, 'pass');
  });

  it('below every removal nothing blocks; deprecated APIs are listed apart', () => {
    const r = judged('v1.21');
    assert.deepEqual(r.inUse, []);
    assert.deepEqual(r.deprecated.map((d) => `${d.kind} ${d.apiVersion} ${d.deprecatedIn}→${d.removedIn}`), [
      'Ingress networking.k8s.io/v1beta1 v1.19→v1.22',
      'CronJob batch/v1beta1 v1.21→v1.25',
      'PodDisruptionBudget policy/v1beta1 v1.21→v1.25',
    ]);
    assert.equal(checkRemovedApis(r).status, 'pass');
  });

  it('the same object and apiVersion from two sources counts once; a bad target is an error', () => {
    const twice = { uses: [recorded.uses[0], recorded.uses[0]], calls: [], problems: ['Helm release Secrets: not readable.'] };
    const r = judged('v1.22', twice);
    assert.equal(r.inUse.length, 1);
    assert.deepEqual(r.problems, ['Helm release Secrets: not readable.']);
    const bad = removedApisForTarget(recorded, 'latest');
    assert.ok(!bad.ok && /"latest" is not a Kubernetes version/.test(bad.error));
  });

  it('API calls the server counts: its removed_release decides', () => {
    const calls = { uses: [], problems: [], calls: [
      { apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', resource: 'flowschemas', removedRelease: '1.32', calls: 12 },
      { apiVersion: 'example.com/v1beta1', resource: 'widgets', removedRelease: '1.40', calls: undefined },
      // Deprecated with no removal planned (core v1 Endpoints since 1.33): breaks no target, left out.
      { apiVersion: 'v1', resource: 'endpoints', removedRelease: '', calls: 3 },
    ] };
    const r = judged('v1.33', calls);
    assert.deepEqual(r.inUse, [{ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'API clients', name: 'calling flowcontrol.apiserver.k8s.io/v1beta3 flowschemas (12 requests since the API server started)', removedIn: 'v1.32' }]);
    assert.deepEqual(r.deprecated, [{ apiVersion: 'example.com/v1beta1', kind: 'API clients', name: 'calling example.com/v1beta1 widgets', removedIn: 'v1.40' }]);
    const before = judged('v1.31', calls);
    assert.deepEqual(before.inUse, []);
    assert.deepEqual(before.deprecated.map((d) => d.removedIn), ['v1.32', 'v1.40']);
  });
});

describe('kube: the removed-API preflight hook', () => {
  const scan: RemovedApiScan = {
    objects: { uses: [{ apiVersion: 'batch/v1beta1', kind: 'CronJob', namespace: 'shop', name: 'report', sources: ['last-applied', 'managedFields (kubectl)'] }], objects: 3, problems: ['ClusterRoles: not readable (needs "list clusterroles.rbac.authorization.k8s.io").'] },
    helm: { releases: [
      { namespace: 'shop', name: 'legacy-shop', revision: 2, status: 'deployed', chart: 'legacy-shop-0.4.2', apis: [{ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', template: 'legacy-shop/templates/pdb.yaml' }] },
      { namespace: 'default', name: 'broken', revision: 1, status: 'unknown', chart: undefined, apis: [], problem: 'The release data is not base64.' },
    ], problems: [] },
    metric: { state: 'not-readable', reason: 'the credentials may not read /metrics (HTTP 403)' },
    ms: 5,
  };

  it('names Helm findings by release and template, and carries every problem', () => {
    const r = recordedApis(scan);
    assert.deepEqual(r.uses, [
      { apiVersion: 'batch/v1beta1', kind: 'CronJob', namespace: 'shop', name: 'report' },
      { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', name: 'in Helm release shop/legacy-shop (revision 2, legacy-shop/templates/pdb.yaml)' },
    ]);
    assert.deepEqual(r.problems, [
      'ClusterRoles: not readable (needs "list clusterroles.rbac.authorization.k8s.io").',
      'Helm release default/broken (revision 1): The release data is not base64.',
      'API server metric: not readable (the credentials may not read /metrics (HTTP 403)).',
    ]);
  });

  it('reads the cluster and judges for the target; a cancelled read is aborted', async () => {
    const lastApplied = JSON.stringify({ apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress' });
    const transport: Transport = {
      get: (path, signal) => {
        if (signal?.aborted) return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
        const p = path.split('?')[0];
        const body = p === '/apis/networking.k8s.io/v1/ingresses'
          ? { metadata: {}, items: [{ metadata: { name: 'web', namespace: 'shop', annotations: { 'kubectl.kubernetes.io/last-applied-configuration': lastApplied } } }] }
          : p === '/metrics' ? undefined : { metadata: {}, items: [] };
        const res: HttpResponse = body ? { status: 200, body: JSON.stringify(body) } : { status: 403, body: 'forbidden' };
        return Promise.resolve(res);
      },
      stream: () => Promise.reject(new Error('no watch')),
      dispose: () => undefined,
    };
    const client = new KubeClient(transport);
    const r = await readRemovedApisInput(client, 'v1.33.7+k3s1');
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.value.inUse.map((u) => `${u.kind} ${u.namespace}/${u.name} ${u.apiVersion} ${u.removedIn}`), ['Ingress shop/web networking.k8s.io/v1beta1 v1.22']);
    assert.deepEqual(r.value.problems, ['API server metric: not readable (the credentials may not read /metrics (HTTP 403)).']);
    const below = await readRemovedApisInput(client, 'v1.21.0');
    assert.ok(below.ok && below.value.inUse.length === 0 && below.value.deprecated.length === 1);
    const bad = await readRemovedApisInput(client, 'nope');
    assert.ok(!bad.ok && bad.error.kind === 'failed');
    const cancelled = await readRemovedApisInput(client, 'v1.33', AbortSignal.abort());
    assert.ok(!cancelled.ok && cancelled.error.kind === 'aborted', JSON.stringify(cancelled));
  });
});
