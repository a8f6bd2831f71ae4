import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { cleanForExport, exportFilePath, exportFolder, exportableResources, isControlled, nodeForExport, upgradeSources } from '../../../src/core/backups/manifestExport';
import { KubeClient } from '../../../src/kube/client';
import { prepareManifestExport } from '../../../src/kube/backups/manifestExport';
import { verifyManifestExport } from '../../../src/kube/backups/verifyExport';
import { demoSnapshot } from '../cluster/demoSnapshot';
import { MemoryFiles } from './memoryFiles';
import { ScriptedTransport, list } from './scriptedTransport';

const NOW = '2026-11-27T16:12:31.000Z';

describe('core/backups manifest export (pure parts)', () => {
  it('the folder is <safe context>/<time>; an untrusted context cannot leave it', () => {
    assert.equal(exportFolder('k3s-demo', NOW), 'k3s-demo/20261127-161231');
    const f = exportFolder('../../etc', NOW);
    assert.ok(!f.includes('..') && f.split('/').length === 2, f);
    assert.match(exportFolder('arn:aws:eks:eu-west-1:1:cluster/prod', NOW), /^arn_aws_eks_eu-west-1_1_cluster_prod-[0-9a-f]{8}\/20261127-161231$/);
  });

  it('file paths: cluster/<resource>/<name>.yaml and namespaces/<ns>/<resource.group>/<name>.yaml, all segments safe', () => {
    assert.equal(exportFilePath({ group: '', resource: 'nodes', name: 'n1' }), 'cluster/nodes/n1.yaml');
    assert.equal(exportFilePath({ namespace: 'shop', group: 'apps', resource: 'deployments', name: 'web' }), 'namespaces/shop/deployments.apps/web.yaml');
    const evil = exportFilePath({ namespace: '..', group: '', resource: 'secrets', name: '../../../.ssh/authorized_keys' });
    assert.ok(evil.split('/').every((s) => s !== '..' && s !== '.' && !s.startsWith('.')), evil);
    assert.equal(evil.split('/').length, 4);
  });

  it('cleanForExport keeps what a restore applies and drops what the server assigns', () => {
    const o = {
      metadata: {
        name: 'web',
        namespace: 'shop',
        uid: 'u',
        resourceVersion: '9',
        generation: 3,
        creationTimestamp: 't',
        managedFields: [{}],
        ownerReferences: [{ uid: 'x' }],
        labels: { app: 'web' },
        annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' },
        finalizers: ['f'],
      },
      spec: { replicas: 2 },
      status: { readyReplicas: 2 },
    };
    assert.deepEqual(cleanForExport(o, 'apps/v1', 'Deployment'), {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'shop', labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{}' }, finalizers: ['f'] },
      spec: { replicas: 2 },
    });
    assert.deepEqual(cleanForExport({ metadata: { name: 'c' }, data: { k: 'v' } }, 'v1', 'ConfigMap'), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' }, data: { k: 'v' } });
  });

  it('nodes keep name, labels, taints and unschedulable only', () => {
    const n = { metadata: { name: 'n1', labels: { a: 'b' }, annotations: { x: 'y' }, uid: 'u' }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }], unschedulable: true, providerID: 'p' }, status: { conditions: [] } };
    assert.deepEqual(nodeForExport(n), { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { a: 'b' } }, spec: { taints: [{ key: 'k', effect: 'NoSchedule' }], unschedulable: true } });
  });

  it('exportable resources: namespaced, listable, not derived; Secrets only when asked', () => {
    const core = {
      resources: [
        { name: 'configmaps', namespaced: true, kind: 'ConfigMap', verbs: ['list', 'get'] },
        { name: 'secrets', namespaced: true, kind: 'Secret', verbs: ['list'] },
        { name: 'events', namespaced: true, kind: 'Event', verbs: ['list'] },
        { name: 'pods/log', namespaced: true, kind: 'Pod', verbs: ['get'] },
        { name: 'nodes', namespaced: false, kind: 'Node', verbs: ['list'] },
        { name: 'bindings', namespaced: true, kind: 'Binding', verbs: ['create'] },
      ],
    };
    assert.deepEqual(exportableResources('v1', core, false).map((r) => r.resource), ['configmaps']);
    assert.deepEqual(exportableResources('v1', core, true).map((r) => r.resource), ['configmaps', 'secrets']);
    assert.deepEqual(exportableResources('apps/v1', { resources: [{ name: 'deployments', namespaced: true, kind: 'Deployment', verbs: ['list'] }] }, false), [{ group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment' }]);
    assert.ok(isControlled({ metadata: { ownerReferences: [{ controller: true }] } }));
    assert.ok(!isControlled({ metadata: { ownerReferences: [{}] } }));
  });

  it('upgrade sources follow where the snapshot found the components', () => {
    const src = upgradeSources(demoSnapshot());
    assert.deepEqual(
      src.map((s) => `${s.resource}${s.namespace ? `@${s.namespace}` : ''}${s.names ? `:${s.names.join(',')}` : ''}`),
      ['nodes', 'plans@system-upgrade', 'deployments@rook-ceph:rook-ceph-operator', 'configmaps@rook-ceph', 'cephclusters@rook-ceph'],
    );
  });
});

describe('kube/backups manifest export and verification', () => {
  const now = () => new Date(NOW);

  function cluster(): ScriptedTransport {
    const t = new ScriptedTransport();
    t.gets.set('/api/v1/nodes', () => list([{ metadata: { name: 'k3s-server-1', labels: { 'node-role.kubernetes.io/etcd': 'true' }, uid: 'u1' }, spec: { unschedulable: false }, status: { conditions: [] } }]));
    t.gets.set('/apis/upgrade.cattle.io/v1/namespaces/system-upgrade/plans', () => list([{ metadata: { name: 'k3s-server', namespace: 'system-upgrade' }, spec: { version: 'v1.31.0+k3s1' } }]));
    t.gets.set('/apis/apps/v1/namespaces/rook-ceph/deployments', () => list([{ metadata: { name: 'rook-ceph-operator', namespace: 'rook-ceph' }, spec: {} }, { metadata: { name: 'rook-ceph-mon-a', namespace: 'rook-ceph' }, spec: {} }]));
    t.gets.set('/api/v1/namespaces/rook-ceph/configmaps', () => list([{ metadata: { name: 'rook-ceph-operator-config', namespace: 'rook-ceph' }, data: { ROOK_LOG_LEVEL: 'INFO' } }]));
    // CephClusters not served here: skipped and said.
    t.gets.set('/api/v1', () => ({ resources: [{ name: 'secrets', namespaced: true, kind: 'Secret', verbs: ['list'] }, { name: 'pods', namespaced: true, kind: 'Pod', verbs: ['list'] }] }));
    t.gets.set('/apis', () => ({ groups: [{ name: 'apps', preferredVersion: { groupVersion: 'apps/v1' } }, { name: 'metrics.k8s.io', preferredVersion: { groupVersion: 'metrics.k8s.io/v1beta1' } }] }));
    t.gets.set('/apis/apps/v1', () => ({ resources: [{ name: 'deployments', namespaced: true, kind: 'Deployment', verbs: ['list'] }] }));
    t.gets.set('/apis/metrics.k8s.io/v1beta1', () => ({ status: 503, body: '{"message":"service unavailable"}' }));
    t.gets.set('/api/v1/namespaces/shop/secrets', () => list([{ metadata: { name: 'db', namespace: 'shop' }, type: 'Opaque', data: { password: 'c2VjcmV0' } }]));
    t.gets.set('/api/v1/namespaces/shop/pods', () => list([{ metadata: { name: 'web-1', namespace: 'shop', ownerReferences: [{ controller: true, kind: 'ReplicaSet' }] } }, { metadata: { name: 'debug', namespace: 'shop' }, spec: {} }]));
    t.gets.set('/apis/apps/v1/namespaces/shop/deployments', () => list([{ metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2 } }]));
    return t;
  }

  it('writes every object with SHA256SUMS, Secrets 0600, and verifies them', async () => {
    const files = new MemoryFiles();
    const p = prepareManifestExport(new KubeClient(cluster()), files, demoSnapshot(), { backups: { manifestExport: { namespaces: ['shop'], includeSecrets: true } } }, { now });
    assert.equal(p.folder, 'k3s-demo/20261127-161231');
    const r = await p.run();
    assert.equal(r.status, 'verified', r.reason);
    const f = (rel: string) => `${p.folder}/${rel}`;
    assert.deepEqual([...files.files.keys()].sort(), [
      'SHA256SUMS',
      'cluster/nodes/k3s-server-1.yaml',
      'namespaces/rook-ceph/configmaps/rook-ceph-operator-config.yaml',
      'namespaces/rook-ceph/deployments.apps/rook-ceph-operator.yaml',
      'namespaces/shop/deployments.apps/web.yaml',
      'namespaces/shop/pods/debug.yaml',
      'namespaces/shop/secrets/db.yaml',
      'namespaces/system-upgrade/plans.upgrade.cattle.io/k3s-server.yaml',
    ].map(f).sort());
    assert.equal(files.files.get(f('namespaces/shop/secrets/db.yaml'))?.mode, 0o600);
    assert.equal(files.files.get(f('namespaces/shop/deployments.apps/web.yaml'))?.mode, 0o644);
    assert.deepEqual(parse(files.text(f('namespaces/shop/deployments.apps/web.yaml'))), { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'shop' }, spec: { replicas: 2 } });
    assert.deepEqual(r.evidence.skipped, ['cephclusters.ceph.rook.io (not served)', 'metrics.k8s.io/v1beta1 (unavailable)']);
    assert.equal(r.evidence.files, 7);
    assert.equal(r.evidence.secrets, 1);
    assert.match(String(r.evidence.sumsSha256), /^[0-9a-f]{64}$/);
    assert.ok(!JSON.stringify(r).includes('c2VjcmV0'), 'no Secret data in the result');
  });

  it('without includeSecrets no Secret is read or written', async () => {
    const t = cluster();
    const files = new MemoryFiles();
    const r = await prepareManifestExport(new KubeClient(t), files, demoSnapshot(), { backups: { manifestExport: { namespaces: ['shop'] } } }, { now }).run();
    assert.equal(r.status, 'verified', r.reason);
    assert.ok(![...files.files.keys()].some((k) => k.includes('secrets')));
    assert.ok(!t.seen.some((s) => s.path.includes('/secrets')));
  });

  it('a tampered, missing or swapped file fails verification, named', async () => {
    const files = new MemoryFiles();
    const p = prepareManifestExport(new KubeClient(cluster()), files, demoSnapshot(), { backups: {} }, { now });
    const r = await p.run();
    assert.equal(r.status, 'verified', r.reason);
    const node = `${p.folder}/cluster/nodes/k3s-server-1.yaml`;
    files.files.set(node, { data: Buffer.from(files.text(node).replace('true', 'false')), mode: 0o644 });
    files.files.delete(`${p.folder}/namespaces/rook-ceph/configmaps/rook-ceph-operator-config.yaml`);
    const v = await verifyManifestExport(files, p.folder, { now });
    assert.equal(v.status, 'failed');
    assert.equal(v.reason, '2 of 4 files do not match SHA256SUMS: cluster/nodes/k3s-server-1.yaml (changed), namespaces/rook-ceph/configmaps/rook-ceph-operator-config.yaml (missing)');
    assert.deepEqual(v.evidence.badFiles, ['cluster/nodes/k3s-server-1.yaml', 'namespaces/rook-ceph/configmaps/rook-ceph-operator-config.yaml']);
    // A SHA256SUMS rewritten to match is caught by the digest the run recorded.
    const sums = `${p.folder}/SHA256SUMS`;
    files.files.set(sums, { data: Buffer.from(`${files.text(sums)}\n`), mode: 0o644 });
    const swapped = await verifyManifestExport(files, p.folder, { now, expectedSumsSha256: String(r.evidence.sumsSha256) });
    assert.match(swapped.reason, /^SHA256SUMS is not the one written/);
  });

  it('a list the credentials may not read fails the export, naming the permission', async () => {
    const t = cluster();
    t.gets.set('/api/v1/namespaces/rook-ceph/configmaps', () => ({ status: 403, body: JSON.stringify({ message: 'configmaps is forbidden: User "v" cannot list resource "configmaps" in API group "" in the namespace "rook-ceph"' }) }));
    const r = await prepareManifestExport(new KubeClient(t), new MemoryFiles(), demoSnapshot(), { backups: {} }, { now }).run();
    assert.equal(r.status, 'failed');
    assert.equal(r.reason, 'configmaps in rook-ceph could not be read: Forbidden (403): missing permission "list configmaps"');
  });

  it('stops at the object cap instead of filling the disk', async () => {
    const r = await prepareManifestExport(new KubeClient(cluster()), new MemoryFiles(), demoSnapshot(), { backups: {} }, { now, maxObjects: 2 }).run();
    assert.equal(r.status, 'failed');
    assert.match(r.reason, /stopped at 2 objects/);
  });

  it('refuses to verify a folder outside the root and a SHA256SUMS naming files outside it', async () => {
    const files = new MemoryFiles();
    assert.match((await verifyManifestExport(files, '../x')).reason, /not a folder inside the export root/);
    await files.writeFile('a/SHA256SUMS', `${'0'.repeat(64)}  ../../etc/passwd\n`, 0o644);
    assert.match((await verifyManifestExport(files, 'a')).reason, /outside the export/);
  });
});
