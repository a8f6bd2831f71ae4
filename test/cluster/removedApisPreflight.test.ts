// Cluster tier: the preflight's removed-API check fed by the real API server. The k3s-demo scenario records an
// Ingress (networking.k8s.io/v1beta1, removed in 1.22) and a CronJob (batch/v1beta1, 1.25) in last-applied
// annotations, and a Helm release whose deployed revision renders a policy/v1beta1 PodDisruptionBudget (1.25).
import * as assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { checkRemovedApis } from '../../src/core/preflight';
import { KubeClient } from '../../src/kube/client';
import { readRemovedApisInput } from '../../src/kube/removedApisForPlan';
import { readCrdVersions } from '../../src/kube/removedApiSources';
import { readRemovedApiSources } from '../../src/kube/removedApiScan';
import { removedApisView } from '../../src/explorer/text/removedApiRows';
import { createTransport } from '../../src/kube/transport';
import { clusterEnv, kubeConfig, mergePatch, waitFor } from './env';

describe('removed APIs preflight check (cluster tier)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  this.timeout(60_000);
  const env = clusterEnv();

  async function withClient<T>(context: string, run: (client: KubeClient) => Promise<T>): Promise<T> {
    const client = new KubeClient(await createTransport(kubeConfig(context), context));
    try {
      return await run(client);
    } finally {
      client.dispose();
    }
  }

  it('for a v1.33 target the check fails naming the Ingress, the CronJob and the Helm release PDB', async () => {
    const input = await withClient(env.admin, (c) => readRemovedApisInput(c, 'v1.33.7'));
    assert.ok(input.ok, JSON.stringify(input));
    assert.equal(input.value.target, 'v1.33');
    assert.deepEqual(input.value.problems, []);
    assert.deepEqual(input.value.inUse.map((u) => `${u.kind} ${u.namespace ?? ''}/${u.name} ${u.apiVersion} ${u.removedIn} → ${u.replacement}`), [
      'Ingress shop/web networking.k8s.io/v1beta1 v1.22 → networking.k8s.io/v1',
      'CronJob shop/report batch/v1beta1 v1.25 → batch/v1',
      'PodDisruptionBudget /in Helm release shop/legacy-shop (revision 2, legacy-shop/templates/pdb.yaml) policy/v1beta1 v1.25 → policy/v1',
    ]);
    const check = checkRemovedApis(input.value);
    assert.equal(check.status, 'fail');
    assert.match(check.reason, /^3 object\(s\) use APIs removed by v1\.33: Ingress shop\/web \(networking\.k8s\.io\/v1beta1, removed in v1\.22\), CronJob shop\/report \(batch\/v1beta1, removed in v1\.25\), PodDisruptionBudget in Helm release shop\/legacy-shop/);
    assert.deepEqual(check.evidence?.apiVersions, ['networking.k8s.io/v1beta1/Ingress', 'batch/v1beta1/CronJob', 'policy/v1beta1/PodDisruptionBudget']);
  });

  it('for a target below those removals it passes and lists the deprecations apart; the restricted user reads the same', async () => {
    const input = await withClient(env.restricted, (c) => readRemovedApisInput(c, 'v1.21.14'));
    assert.ok(input.ok, JSON.stringify(input));
    assert.deepEqual(input.value.inUse, []);
    assert.deepEqual(input.value.deprecated.map((d) => `${d.kind} ${d.apiVersion} ${d.deprecatedIn} → removed ${d.removedIn}`), [
      'Ingress networking.k8s.io/v1beta1 v1.19 → removed v1.22',
      'CronJob batch/v1beta1 v1.21 → removed v1.25',
      'PodDisruptionBudget policy/v1beta1 v1.21 → removed v1.25',
    ]);
    const check = checkRemovedApis(input.value);
    assert.equal(check.status, 'pass', check.reason);
    assert.equal(check.reason, 'no API removed by v1.21 is in use');
  });

  it('CRD versions their owner deprecated or stopped serving are read (by the restricted user too) and listed apart', async () => {
    const ext = kubeConfig(env.admin).makeApiClient(k8s.ApiextensionsV1Api);
    const name = 'gadgets.removed-apis.test';
    const schema = { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } };
    await ext.createCustomResourceDefinition({ body: {
      apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name },
      spec: {
        group: 'removed-apis.test', scope: 'Namespaced', names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
        versions: [
          { name: 'v1', served: true, storage: true, schema },
          { name: 'v1beta1', served: true, storage: false, deprecated: true, deprecationWarning: 'removed-apis.test/v1beta1 Gadget is deprecated', schema },
          { name: 'v1alpha1', served: false, storage: false, schema },
        ],
      },
    } });
    try {
      // Objects written at v1alpha1 before it stopped being served: what storedVersions records.
      await waitFor('the CRD to be established', async () => (await ext.readCustomResourceDefinitionStatus({ name })).status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True'));
      await ext.patchCustomResourceDefinitionStatus({ name, body: { status: { storedVersions: ['v1alpha1', 'v1'] } } }, mergePatch);
      const read = await withClient(env.restricted, (c) => readCrdVersions(c));
      assert.ok(read.ok && read.value.state === 'read', JSON.stringify(read));
      assert.deepEqual(read.value.versions.filter((v) => v.crd === name).map((v) => `${v.version} served=${v.served} deprecated=${v.deprecated} stored=${v.stored} ${v.warning ?? ''}`), [
        'v1alpha1 served=false deprecated=false stored=true ',
        'v1beta1 served=true deprecated=true stored=false removed-apis.test/v1beta1 Gadget is deprecated',
      ]);
      const input = await withClient(env.admin, (c) => readRemovedApisInput(c, 'v1.33'));
      assert.ok(input.ok, JSON.stringify(input));
      assert.equal(input.value.inUse.length, 3);
      assert.deepEqual(input.value.deprecated.filter((d) => d.kind === 'Gadget').map((d) => `${d.apiVersion} ${d.name}`), [
        'removed-apis.test/v1beta1 gadgets.removed-apis.test (CustomResourceDefinition version deprecated by its owner)',
        'removed-apis.test/v1alpha1 gadgets.removed-apis.test (CustomResourceDefinition version no longer served; objects may still be stored at it)',
      ]);
      // The explorer's Removed APIs group lists them too, apart from Kubernetes' own APIs.
      const scan = await withClient(env.admin, (c) => readRemovedApiSources({ client: c }));
      assert.ok(scan.ok, JSON.stringify(!scan.ok && scan.error));
      const view = removedApisView(scan.value, { current: 'v1.30', target: 'v1.35', targetMinor: 'v1.35', because: 'the test says so' });
      const crdGroup = view.groups.find((g) => g.key === 'crd');
      assert.deepEqual(crdGroup?.rows.filter((r) => r.label.startsWith('Gadget ')).map((r) => `${r.label}: ${r.description}`), [
        'Gadget removed-apis.test/v1alpha1: no longer served; objects may still be stored at it',
        'Gadget removed-apis.test/v1beta1: deprecated by its owner',
      ]);
    } finally {
      await ext.deleteCustomResourceDefinition({ name });
    }
  });

  it('a cancelled read is aborted, not a pass', async () => {
    const input = await withClient(env.admin, (c) => readRemovedApisInput(c, 'v1.33', AbortSignal.abort()));
    assert.ok(!input.ok && input.error.kind === 'aborted', JSON.stringify(input));
  });
});
