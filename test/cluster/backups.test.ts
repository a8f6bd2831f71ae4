// Cluster tier: backups against the real kube-apiserver and the simulator (cluster/sim): an on-demand K3s etcd
// snapshot through a Job pinned to a server (dry run first, then the Job, then the ETCDSnapshotFile K3s records),
// a Velero Backup judged by Velero's phase, and a manifest export whose files are checked against SHA256SUMS.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { nodeExportFiles } from '../../src/backups/nodeFiles';
import type { BackupProgress } from '../../src/core/backups/types';
import type { ClusterSnapshot } from '../../src/core/cluster/snapshot';
import type { UpgradePlan } from '../../src/core/plans/model';
import type { KubeClient } from '../../src/kube/client';
import { JOBS } from '../../src/kube/backups/etcdSnapshot';
import { VELERO_BACKUPS } from '../../src/kube/backups/velero';
import { ETCD_SNAPSHOT_FILES } from '../../src/kube/discovery';
import { discover, dryRunWrites, prepareEtcdSnapshot, prepareManifestExport, prepareVeleroBackup, verifyManifestExport } from '../../src/kube/kubeLayer';
import { clusterEnv, connectAs, defaultKnobs, kubeConfig, setSimulatorKnobs, waitFor } from './env';

type Plan = Pick<UpgradePlan, 'metadata' | 'backups'>;

describe('cluster: backups (etcd snapshot Job, Velero Backup, manifest export)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  this.timeout(120_000);
  let client: KubeClient;
  let context: string;
  const createdJobs: string[] = [];
  const createdBackups: string[] = [];
  let snapshotsBefore: string[] = [];
  const exportRoots: string[] = [];

  const snapshot = async (): Promise<ClusterSnapshot> => {
    const s = await discover(client, { context, server: undefined });
    assert.ok(s.ok, JSON.stringify(!s.ok && s.error));
    return s.value;
  };
  const names = async (ref: Parameters<KubeClient['list']>[0]): Promise<string[]> => {
    const r = await client.list<{ metadata?: { name?: string } }>(ref);
    assert.ok(r.ok, JSON.stringify(!r.ok && r.error));
    return r.value.items.map((i) => i.metadata?.name ?? '').sort();
  };
  // Each test's plan name differs so that two backups in the same second never share a name.
  const plan = (name: string, backups: UpgradePlan['backups'] = {}): Plan => ({ metadata: { name }, backups });

  before(async function () {
    context = clusterEnv().admin;
    client = (await connectAs(context)).client;
    snapshotsBefore = await names(ETCD_SNAPSHOT_FILES);
  });

  afterEach(async function () {
    await setSimulatorKnobs(defaultKnobs);
  });

  // Leave the cluster as the scenario made it for the other suites: no extra Jobs, snapshots or Backups.
  after(async function () {
    for (const name of createdJobs) await client.delete(JOBS('system-upgrade'), name, { propagationPolicy: 'Background' });
    for (const name of createdBackups) await client.delete(VELERO_BACKUPS('velero'), name);
    for (const name of await names(ETCD_SNAPSHOT_FILES)) if (!snapshotsBefore.includes(name)) await client.delete(ETCD_SNAPSHOT_FILES, name);
    client.dispose();
    for (const root of exportRoots) rmSync(root, { recursive: true, force: true });
  });

  it('etcd snapshot on demand: a Job pinned to a server, verified by the ETCDSnapshotFile it produced', async function () {
    const prepared = prepareEtcdSnapshot(client, await snapshot(), plan('Prod K3s 1.31!'));
    assert.equal(prepared.blocked, undefined);
    assert.equal(prepared.writes.length, 1);
    const job = prepared.writes[0].body as { metadata: { name: string; namespace: string }; spec: { template: { spec: { nodeName: string; containers: { image: string; command: string[] }[] } } } };
    createdJobs.push(job.metadata.name);
    assert.equal(job.metadata.namespace, 'system-upgrade');
    assert.equal(job.spec.template.spec.nodeName, 'k3s-server-1');
    assert.equal(job.spec.template.spec.containers[0].image, 'rancher/k3s:v1.30.4-k3s1');
    const progress: BackupProgress[] = [];
    const r = await prepared.run(undefined, (p) => progress.push(p));
    assert.equal(r.status, 'verified', r.reason);
    const file = String(r.evidence.snapshotFile);
    assert.match(file, /^local-prod-k3s-1-31-\d{8}-\d{6}-k3s-server-1-\d+-[0-9a-f]{6}$/);
    assert.ok(r.objects.some((o) => o.kind === 'ETCDSnapshotFile' && o.name === file));
    assert.ok(r.objects.some((o) => o.kind === 'Job' && o.name === job.metadata.name));
    assert.equal(r.evidence.node, 'k3s-server-1');
    assert.ok(Number(r.evidence.sizeBytes) > 0);
    assert.ok((await names(ETCD_SNAPSHOT_FILES)).includes(file), 'the file is in the cluster');
    assert.ok(progress.length >= 3 && progress.every((p) => p.kind === 'etcd-snapshot'));
  });

  it('the dry run answers with the server-defaulted Job and creates nothing', async function () {
    const prepared = prepareEtcdSnapshot(client, await snapshot(), plan('dry-run-only'));
    const jobsBefore = await names(JOBS('system-upgrade'));
    const snapsBefore = await names(ETCD_SNAPSHOT_FILES);
    const answers = await dryRunWrites(client, prepared.writes);
    assert.ok(answers.ok, JSON.stringify(!answers.ok && answers.error));
    const server = answers.value[0].server as { metadata: { name: string }; spec: { completions?: number; parallelism?: number; backoffLimit: number } };
    assert.equal(server.metadata.name, (prepared.writes[0].body as { metadata: { name: string } }).metadata.name);
    assert.equal(server.spec.backoffLimit, 0);
    assert.equal(server.spec.completions, 1, 'defaulted by the API server');
    assert.equal(answers.value[0].write.current, undefined);
    assert.deepEqual(await names(JOBS('system-upgrade')), jobsBefore);
    assert.deepEqual(await names(ETCD_SNAPSHOT_FILES), snapsBefore);
  });

  it('with failSnapshotJobs the snapshot fails with the Job\'s reason and no file is recorded', async function () {
    await setSimulatorKnobs({ failSnapshotJobs: 'true' });
    const prepared = prepareEtcdSnapshot(client, await snapshot(), plan('doomed-snapshot'));
    createdJobs.push((prepared.writes[0].body as { metadata: { name: string } }).metadata.name);
    const snapsBefore = await names(ETCD_SNAPSHOT_FILES);
    const r = await prepared.run();
    assert.equal(r.status, 'failed');
    assert.match(r.reason, /snapshot Job system-upgrade\/etcd-snapshot-doomed-snapshot-\d{8}-\d{6} failed: BackoffLimitExceeded/);
    assert.match(r.fixHint ?? '', /kubectl -n system-upgrade logs job\//);
    assert.deepEqual(await names(ETCD_SNAPSHOT_FILES), snapsBefore);
  });

  it('Velero Completed → verified with Velero\'s counts; PartiallyFailed → failed with its error count', async function () {
    const ok = prepareVeleroBackup(client, await snapshot(), plan('velero-ok', { velero: { includedNamespaces: ['shop'], storageLocation: 'default', ttl: '72h' } }));
    const body = ok.writes[0].body as { metadata: { name: string; namespace: string }; spec: { includedNamespaces: string[]; ttl: string } };
    createdBackups.push(body.metadata.name);
    assert.deepEqual([body.metadata.namespace, body.spec.includedNamespaces, body.spec.ttl], ['velero', ['shop'], '72h']);
    const r = await ok.run();
    assert.equal(r.status, 'verified', r.reason);
    assert.equal(r.evidence.phase, 'Completed');
    assert.ok(Number(r.evidence.itemsBackedUp) > 0 && r.evidence.itemsBackedUp === r.evidence.totalItems, JSON.stringify(r.evidence));
    assert.ok(typeof r.evidence.veleroCompletedAt === 'string');

    await setSimulatorKnobs({ veleroBackupOutcome: 'PartiallyFailed' });
    const partial = prepareVeleroBackup(client, await snapshot(), plan('velero-partial'));
    createdBackups.push((partial.writes[0].body as { metadata: { name: string } }).metadata.name);
    const p = await partial.run();
    assert.equal(p.status, 'failed');
    assert.match(p.reason, /partially failed with 2 errors and 1 warnings/);
    assert.equal(p.evidence.errors, 2);
  });

  it('manifest export: files whose sums verify, a Secret written 0600, a tampered file detected and named', async function () {
    const root = mkdtempSync(join(tmpdir(), 'up-export-'));
    exportRoots.push(root);
    const files = nodeExportFiles(root);
    const s = await snapshot();
    const prepared = prepareManifestExport(client, files, s, plan('export', { manifestExport: { namespaces: ['shop'], includeSecrets: true } }));
    assert.deepEqual(prepared.writes, []);
    const r = await prepared.run();
    assert.equal(r.status, 'verified', r.reason);
    const dir = join(root, prepared.folder);
    assert.ok(Number(r.evidence.files) > 10, JSON.stringify(r.evidence));
    const sums = readFileSync(join(dir, 'SHA256SUMS'), 'utf8');
    for (const f of ['cluster/nodes/k3s-server-1.yaml', 'namespaces/rook-ceph/deployments.apps/rook-ceph-operator.yaml', 'namespaces/rook-ceph/cephclusters.ceph.rook.io/rook-ceph.yaml', 'namespaces/shop/deployments.apps/web.yaml', 'namespaces/shop/services/web.yaml']) {
      assert.match(sums, new RegExp(`^[0-9a-f]{64}  ${f.replace(/\./g, '\\.')}$`, 'm'), f);
    }
    assert.doesNotMatch(sums, /replicasets|\/pods\/|\/events\//, 'controller-owned and derived objects are left out');
    const node = readFileSync(join(dir, 'cluster/nodes/k3s-server-1.yaml'), 'utf8');
    assert.match(node, /node-role\.kubernetes\.io\/etcd: "true"/);
    assert.doesNotMatch(node, /status:|resourceVersion|managedFields/);
    const secret = join(dir, 'namespaces/shop/secrets/sh.helm.release.v1.legacy-shop.v2.yaml');
    assert.equal(statSync(secret).mode & 0o777, 0o600);
    assert.equal(statSync(join(dir, 'namespaces/shop/deployments.apps/web.yaml')).mode & 0o777, 0o644 & ~process.umask());
    assert.ok(Number(r.evidence.secrets) >= 2);

    // Re-verification of the untouched export passes; after one edit it fails naming the file.
    assert.equal((await verifyManifestExport(files, prepared.folder, { expectedSumsSha256: String(r.evidence.sumsSha256) })).status, 'verified');
    const web = join(dir, 'namespaces/shop/deployments.apps/web.yaml');
    writeFileSync(web, readFileSync(web, 'utf8').replace('nginx:1.27.1', 'nginx:6.6.6'));
    const tampered = await verifyManifestExport(files, prepared.folder);
    assert.equal(tampered.status, 'failed');
    assert.match(tampered.reason, /1 of \d+ files do not match SHA256SUMS: namespaces\/shop\/deployments\.apps\/web\.yaml \(changed\)/);
  });

  it('node pressure knob: a node\'s condition turns True as discover() reads it, and back', async function () {
    const pressures = async (name: string): Promise<readonly string[]> => {
      const nodes = (await snapshot()).nodes;
      assert.ok(nodes.state === 'ok');
      const node = nodes.value.find((n) => n.name === name);
      assert.ok(node, name);
      return node.pressures;
    };
    assert.deepEqual(await pressures('k3s-agent-3'), []);
    await setSimulatorKnobs({ nodePressure: 'k3s-agent-3=MemoryPressure,k3s-agent-4=DiskPressure' });
    await waitFor('MemoryPressure on k3s-agent-3', async () => (await pressures('k3s-agent-3')).includes('MemoryPressure'), 30_000, 200);
    await waitFor('DiskPressure on k3s-agent-4', async () => (await pressures('k3s-agent-4')).includes('DiskPressure'), 30_000, 200);
    // kwok's heartbeat stage rewrites every condition from its defaults (MemoryPressure False): the simulator sets it again.
    const core = kubeConfig().makeApiClient(k8s.CoreV1Api);
    const kwokDefault = { type: 'MemoryPressure', status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' };
    await core.patchNodeStatus({ name: 'k3s-agent-3', body: { status: { conditions: [kwokDefault] } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch));
    await waitFor('MemoryPressure on k3s-agent-3 again', async () => (await pressures('k3s-agent-3')).includes('MemoryPressure'), 30_000, 200);
    await setSimulatorKnobs({ nodePressure: '' });
    await waitFor('no pressure on k3s-agent-3', async () => (await pressures('k3s-agent-3')).length === 0, 30_000, 200);
    await waitFor('no pressure on k3s-agent-4', async () => (await pressures('k3s-agent-4')).length === 0, 30_000, 200);
  });
});
