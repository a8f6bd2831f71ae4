import assert from 'node:assert/strict';
import * as k8s from '@kubernetes/client-node';
import { defaultKnobs, kubeConfig, setSimulatorKnobs, waitFor } from './env';

const snapApi = { group: 'k3s.cattle.io', version: 'v1', plural: 'etcdsnapshotfiles' } as const;

interface SnapshotFile {
  metadata: { name: string };
  spec: { snapshotName: string; nodeName: string; location: string };
  status?: { readyToUse?: boolean };
}

function snapshotJob(name: string, snapshotName: string): k8s.V1Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name, namespace: 'kube-system' },
    spec: {
      backoffLimit: 0,
      template: {
        spec: {
          restartPolicy: 'Never',
          nodeSelector: { 'node-role.kubernetes.io/etcd': 'true' },
          hostNetwork: true,
          containers: [{ name: 'snapshot', image: 'rancher/k3s:v1.30.4-k3s1', command: ['k3s', 'etcd-snapshot', 'save', '--name', snapshotName] }],
        },
      },
    },
  };
}

describe('cluster: K3s etcd snapshots through a Job (simulated)', function () {
  this.timeout(120000);
  const kc = kubeConfig();
  const batch = kc.makeApiClient(k8s.BatchV1Api);
  const custom = kc.makeApiClient(k8s.CustomObjectsApi);
  const listSnapshots = async (): Promise<SnapshotFile[]> => ((await custom.listClusterCustomObject(snapApi)) as { items: SnapshotFile[] }).items;
  const jobCondition = async (name: string): Promise<string | undefined> => {
    const job = await batch.readNamespacedJob({ name, namespace: 'kube-system' });
    return job.status?.conditions?.find((c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True')?.type;
  };

  let before0: string[] = [];
  before(async function () {
    before0 = (await listSnapshots()).map((s) => s.metadata.name);
  });

  afterEach(async function () {
    await setSimulatorKnobs(defaultKnobs);
  });

  // Remove what this suite created so other suites see the scenario's snapshots only.
  after(async function () {
    for (const name of ['snapshot-ok', 'snapshot-fails']) {
      await batch.deleteNamespacedJob({ name, namespace: 'kube-system', propagationPolicy: 'Background' }).catch(() => undefined);
    }
    for (const s of await listSnapshots()) {
      if (!before0.includes(s.metadata.name)) await custom.deleteClusterCustomObject({ ...snapApi, name: s.metadata.name });
    }
  });

  it('lists the scenario snapshots', async function () {
    const snaps = await listSnapshots();
    assert.ok(snaps.length >= 3);
    assert.ok(snaps.every((s) => s.spec.location.startsWith('file:///var/lib/rancher/k3s/server/db/snapshots/')));
  });

  it('a Job running `k3s etcd-snapshot save` on a server yields an ETCDSnapshotFile', async function () {
    await batch.createNamespacedJob({ namespace: 'kube-system', body: snapshotJob('snapshot-ok', 'pre-upgrade') });
    const outcome = await waitFor('snapshot job finished', () => jobCondition('snapshot-ok'), 60000, 200);
    assert.equal(outcome, 'Complete');
    const snap = await waitFor('snapshot file', async () => (await listSnapshots()).find((s) => s.spec.snapshotName.startsWith('pre-upgrade-')), 30000);
    assert.match(snap.spec.nodeName, /^k3s-server-\d$/);
    assert.equal(snap.status?.readyToUse, true);
    assert.match(snap.metadata.name, new RegExp(`^local-pre-upgrade-${snap.spec.nodeName}-\\d+-[0-9a-f]{6}$`));
  });

  it('fault knob failSnapshotJobs: the Job fails and no snapshot appears', async function () {
    await setSimulatorKnobs({ failSnapshotJobs: 'true' });
    const before = (await listSnapshots()).length;
    await batch.createNamespacedJob({ namespace: 'kube-system', body: snapshotJob('snapshot-fails', 'doomed') });
    const outcome = await waitFor('snapshot job finished', () => jobCondition('snapshot-fails'), 60000, 200);
    assert.equal(outcome, 'Failed');
    const after = await listSnapshots();
    assert.equal(after.length, before);
    assert.ok(!after.some((s) => s.spec.snapshotName.startsWith('doomed-')));
  });
});
