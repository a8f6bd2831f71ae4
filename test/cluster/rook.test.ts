import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { defaultKnobs, kubeConfig, mergePatch, setSimulatorKnobs, waitFor } from './env';

const NS = 'rook-ceph';
const cephApi = { group: 'ceph.rook.io', version: 'v1', plural: 'cephclusters', namespace: NS, name: 'rook-ceph' } as const;

interface CephClusterObject {
  spec: { cephVersion: { image: string } };
  status?: { phase?: string; version?: { image?: string; version?: string }; ceph?: { health?: string; details?: Record<string, { message: string }>; versions?: Record<string, Record<string, number>> } };
}

describe('cluster: Rook operator and Ceph (simulated)', function () {
  this.timeout(120000);
  const kc = kubeConfig();
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const getCluster = async (): Promise<CephClusterObject> => (await custom.getNamespacedCustomObject(cephApi)) as CephClusterObject;
  const setCephImage = (image: string): Promise<unknown> => custom.patchNamespacedCustomObject({ ...cephApi, body: { spec: { cephVersion: { image } } } }, mergePatch);

  // Put Rook and Ceph back where the scenario had them (the simulator moves them back) for other suites.
  const setOperatorImage = (image: string): Promise<unknown> =>
    apps.patchNamespacedDeployment(
      { name: 'rook-ceph-operator', namespace: NS, body: { spec: { template: { spec: { containers: [{ name: 'rook-ceph-operator', image }] } } } } },
      k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
    );

  after(async function () {
    await setSimulatorKnobs(defaultKnobs);
    await setOperatorImage('rook/ceph:v1.14.9');
    await setCephImage('quay.io/ceph/ceph:v18.2.4');
    await waitFor('Rook and Ceph back on the scenario versions', async () => {
      const c = await getCluster();
      const deps = await apps.listNamespacedDeployment({ namespace: NS, labelSelector: 'rook_cluster=rook-ceph' });
      return c.status?.version?.version === '18.2.4-0' && c.status.ceph?.health === 'HEALTH_OK' && deps.items.every((d) => d.metadata!.labels!['rook-version'] === 'v1.14.9');
    }, 60000);
  });

  it('starts on Rook v1.14 and Ceph Reef, healthy', async function () {
    const c = await getCluster();
    assert.equal(c.status?.ceph?.health, 'HEALTH_OK');
    assert.equal(c.status?.version?.version, '18.2.4-0');
    assert.equal(Object.values(c.status?.ceph?.versions?.mon ?? {})[0], 3, 'three mons');
    const op = await apps.readNamespacedDeployment({ name: 'rook-ceph-operator', namespace: NS });
    assert.match(op.spec!.template.spec!.containers[0].image!, /^rook\/ceph:v1\.14\./);
  });

  it('a new operator image makes every Rook deployment follow with its rook-version label', async function () {
    await setOperatorImage('rook/ceph:v1.15.5');
    await waitFor('one rook-version left', async () => {
      const deps = await apps.listNamespacedDeployment({ namespace: NS, labelSelector: 'rook_cluster=rook-ceph' });
      const versions = new Set(deps.items.map((d) => d.metadata!.labels!['rook-version']));
      return deps.items.length === 7 && versions.size === 1 && versions.has('v1.15.5');
    }, 30000);
  });

  it('a new cephVersion.image moves the cluster through HEALTH_WARN to HEALTH_OK on the new version', async function () {
    const seen = new Set<string>();
    await setCephImage('quay.io/ceph/ceph:v18.2.5');
    const done = await waitFor('Ceph 18.2.5 healthy', async () => {
      const c = await getCluster();
      if (c.status?.ceph?.health) seen.add(c.status.ceph.health);
      return c.status?.version?.version === '18.2.5-0' && c.status.ceph?.health === 'HEALTH_OK' ? c : undefined;
    }, 60000, 50);
    assert.ok(seen.has('HEALTH_WARN'), `went through HEALTH_WARN (saw ${[...seen].join(', ')})`);
    assert.deepEqual(Object.keys(done.status!.ceph!.versions!.overall), [Object.keys(done.status!.ceph!.versions!.mon)[0]]);
    assert.match(Object.keys(done.status!.ceph!.versions!.overall)[0], /^ceph version 18\.2\.5 .* reef \(stable\)$/);
    const deps = await apps.listNamespacedDeployment({ namespace: NS, labelSelector: 'rook_cluster=rook-ceph' });
    for (const d of deps.items) assert.equal(d.metadata!.labels!['ceph-version'], '18.2.5-0', d.metadata!.name);
  });

  it('fault knob cephStuckWarn: Ceph reaches the new version but stays in HEALTH_WARN until cleared', async function () {
    await setSimulatorKnobs({ cephStuckWarn: 'true' });
    await setCephImage('quay.io/ceph/ceph:v19.2.0');
    const c = await waitFor('Ceph on 19.2.0', async () => {
      const x = await getCluster();
      return x.status?.version?.version === '19.2.0-0' ? x : undefined;
    }, 60000);
    assert.equal(c.status?.ceph?.health, 'HEALTH_WARN');
    assert.ok(c.status?.ceph?.details?.PG_DEGRADED, 'a health detail explains the warning');
    await setSimulatorKnobs({ cephStuckWarn: 'false' });
    await waitFor('HEALTH_OK after clearing the fault', async () => (await getCluster()).status?.ceph?.health === 'HEALTH_OK', 30000);
  });
});
