import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { errorBody, kubeConfig, planApi, type PlanObject } from './env';

describe('cluster: real CRDs', function () {
  it('has the upstream CRDs established', async function () {
    const ext = kubeConfig().makeApiClient(k8s.ApiextensionsV1Api);
    const crds = await ext.listCustomResourceDefinition();
    const established = new Set(crds.items.filter((c) => c.status?.conditions?.some((x) => x.type === 'Established' && x.status === 'True')).map((c) => c.metadata!.name));
    for (const name of ['plans.upgrade.cattle.io', 'cephclusters.ceph.rook.io', 'cephblockpools.ceph.rook.io', 'backups.velero.io', 'restores.velero.io', 'etcdsnapshotfiles.k3s.cattle.io', 'addons.k3s.cattle.io']) {
      assert.ok(established.has(name), `${name} established`);
    }
  });

  it('rejects an invalid Plan with the schema error of the real CRD', async function () {
    const custom = kubeConfig().makeApiClient(k8s.CustomObjectsApi);
    const invalid = { apiVersion: 'upgrade.cattle.io/v1', kind: 'Plan', metadata: { name: 'invalid', namespace: 'system-upgrade' }, spec: { concurrency: 'two', version: 'v1.31.1+k3s1' } };
    await assert.rejects(custom.createNamespacedCustomObject({ ...planApi, namespace: 'system-upgrade', body: invalid }), (e: unknown) => {
      assert.ok(e instanceof k8s.ApiException);
      assert.equal(e.code, 422);
      const body = errorBody(e);
      assert.match(body, /spec\.concurrency: Invalid value: "string": spec\.concurrency in body must be of type integer/);
      assert.match(body, /spec\.upgrade: Required value/);
      return true;
    });
  });

  it('accepts a valid Plan in a server-side dry run without storing it', async function () {
    const custom = kubeConfig().makeApiClient(k8s.CustomObjectsApi);
    const plan: PlanObject = {
      apiVersion: 'upgrade.cattle.io/v1',
      kind: 'Plan',
      metadata: { name: 'dry-run-only', namespace: 'system-upgrade' },
      spec: { concurrency: 1, version: 'v1.31.1+k3s1', nodeSelector: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'Exists' }] }, upgrade: { image: 'rancher/k3s-upgrade' } },
    };
    const created = (await custom.createNamespacedCustomObject({ ...planApi, namespace: 'system-upgrade', body: plan, dryRun: 'All' })) as PlanObject;
    assert.equal(created.metadata.name, 'dry-run-only');
    await assert.rejects(custom.getNamespacedCustomObject({ ...planApi, namespace: 'system-upgrade', name: 'dry-run-only' }), (e: unknown) => e instanceof k8s.ApiException && e.code === 404);
  });
});
