import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { clusterEnv, errorBody, kubeConfig, mergePatch, planApi } from './env';

describe('cluster: kubeconfig contexts', function () {
  it('admin context lists the scenario nodes from the real API server', async function () {
    const core = kubeConfig().makeApiClient(k8s.CoreV1Api);
    const nodes = await core.listNode();
    const names = nodes.items.map((n) => n.metadata!.name!).sort();
    assert.deepEqual(names.filter((n) => n.startsWith('k3s-server')), ['k3s-server-1', 'k3s-server-2', 'k3s-server-3']);
    assert.equal(names.filter((n) => n.startsWith('k3s-agent')).length, 5);
    const server1 = nodes.items.find((n) => n.metadata!.name === 'k3s-server-1')!;
    for (const role of ['control-plane', 'etcd', 'master']) assert.equal(server1.metadata!.labels![`node-role.kubernetes.io/${role}`], 'true');
    const versions = new Set(nodes.items.map((n) => n.status!.nodeInfo!.kubeletVersion));
    assert.ok(versions.has('v1.29.8+k3s1'), 'one agent lags a minor');
    const version = await kubeConfig().makeApiClient(k8s.VersionApi).getCode();
    assert.equal(version.gitVersion, 'v1.36.1');
  });

  it('kwok keeps the fake nodes Ready', async function () {
    const core = kubeConfig().makeApiClient(k8s.CoreV1Api);
    const nodes = await core.listNode();
    for (const n of nodes.items) {
      const ready = n.status?.conditions?.find((c) => c.type === 'Ready');
      assert.equal(ready?.status, 'True', `${n.metadata!.name} Ready`);
    }
  });

  it('restricted context reads Plans and Deployments but gets a real 403 on create and patch', async function () {
    const kc = kubeConfig(clusterEnv().restricted);
    const custom = kc.makeApiClient(k8s.CustomObjectsApi);
    await custom.listNamespacedCustomObject({ ...planApi, namespace: 'system-upgrade' });
    const apps = kc.makeApiClient(k8s.AppsV1Api);
    const deps = await apps.listNamespacedDeployment({ namespace: 'rook-ceph' });
    assert.ok(deps.items.some((d) => d.metadata!.name === 'rook-ceph-operator'));

    await assert.rejects(
      custom.createNamespacedCustomObject({
        ...planApi,
        namespace: 'system-upgrade',
        body: { apiVersion: 'upgrade.cattle.io/v1', kind: 'Plan', metadata: { name: 'denied' }, spec: { version: 'v1.31.1+k3s1', upgrade: { image: 'rancher/k3s-upgrade' } } },
      }),
      (e: unknown) => {
        assert.ok(e instanceof k8s.ApiException);
        assert.equal(e.code, 403);
        assert.match(errorBody(e), /cannot create resource "plans" in API group "upgrade.cattle.io"/);
        return true;
      },
    );
    await assert.rejects(
      apps.patchNamespacedDeployment({ name: 'rook-ceph-operator', namespace: 'rook-ceph', body: { metadata: { labels: { touched: 'yes' } } } }, mergePatch),
      (e: unknown) => e instanceof k8s.ApiException && e.code === 403,
    );
    const review = await kc.makeApiClient(k8s.AuthorizationV1Api).createSelfSubjectAccessReview({
      body: { spec: { resourceAttributes: { group: 'upgrade.cattle.io', resource: 'plans', verb: 'create', namespace: 'system-upgrade' } } },
    });
    assert.equal(review.status?.allowed, false);
  });

  it('unreachable context fails with a connection error, not an HTTP status', async function () {
    const core = kubeConfig(clusterEnv().unreachable).makeApiClient(k8s.CoreV1Api);
    await assert.rejects(core.listNode(), (e: unknown) => {
      assert.ok(!(e instanceof k8s.ApiException), 'no HTTP response');
      assert.match(String((e as Error).message ?? e), /ECONNREFUSED|connect/i);
      return true;
    });
  });
});
