import * as assert from 'node:assert/strict';
import { buildVeleroBackup, veleroBackupName, veleroFinished, veleroResult } from '../../../src/core/backups/velero';
import type { ClusterSnapshot } from '../../../src/core/cluster/snapshot';
import { KubeClient } from '../../../src/kube/client';
import { prepareVeleroBackup } from '../../../src/kube/backups/velero';
import { demoSnapshot } from '../cluster/demoSnapshot';
import { ScriptedTransport, list } from './scriptedTransport';

const NOW = '2026-11-27T16:12:31.000Z';
const parts = { startedAt: NOW, finishedAt: NOW };

function withVelero(s: ClusterSnapshot): ClusterSnapshot {
  return { ...s, components: { ...s.components, velero: { state: 'ok', value: { namespace: 'velero', name: 'velero', image: 'velero/velero:v1.14.1', version: 'v1.14.1', readyReplicas: 1, replicas: 1 } } } };
}

describe('core/backups Velero', () => {
  it('builds a Backup of the plan\'s namespaces (all when none), storage location and ttl', () => {
    assert.equal(veleroBackupName('Prod!', NOW), 'upgrade-planner-prod-20261127-161231');
    const all = buildVeleroBackup({ name: 'b', namespace: 'velero', planName: 'p', spec: undefined }) as { spec: object; metadata: { labels: Record<string, string> } };
    assert.deepEqual(all.spec, { includedNamespaces: ['*'] });
    assert.equal(all.metadata.labels['upgradeplanner.dev/backup'], 'velero');
    const some = buildVeleroBackup({ name: 'b', namespace: 'velero', planName: 'p', spec: { includedNamespaces: ['shop', ' '], storageLocation: 'default', ttl: '720h' } }) as { spec: object };
    assert.deepEqual(some.spec, { includedNamespaces: ['shop'], storageLocation: 'default', ttl: '720h' });
  });

  it('waits for a final phase', () => {
    for (const p of ['', 'New', 'InProgress', 'WaitingForPluginOperations', 'Finalizing']) assert.equal(veleroFinished({ status: { phase: p } }), false, p);
    for (const p of ['Completed', 'PartiallyFailed', 'Failed', 'FailedValidation']) assert.equal(veleroFinished({ status: { phase: p } }), true, p);
  });

  it('Completed → verified with items and times', () => {
    const r = veleroResult({ metadata: { name: 'b', namespace: 'velero' }, status: { phase: 'Completed', startTimestamp: 't0', completionTimestamp: 't1', progress: { itemsBackedUp: 40, totalItems: 40 } } }, parts);
    assert.equal(r.status, 'verified');
    assert.equal(r.reason, 'Velero backup b completed: 40 of 40 items');
    assert.deepEqual(r.evidence, { backup: 'b', phase: 'Completed', itemsBackedUp: 40, totalItems: 40, errors: 0, warnings: 0, veleroStartedAt: 't0', veleroCompletedAt: 't1' });
    assert.deepEqual(r.objects, [{ kind: 'Backup', namespace: 'velero', name: 'b' }]);
  });

  it('PartiallyFailed, Failed and FailedValidation → failed in Velero\'s words', () => {
    const partial = veleroResult({ metadata: { name: 'b' }, status: { phase: 'PartiallyFailed', errors: 2, warnings: 1 } }, parts);
    assert.equal(partial.status, 'failed');
    assert.equal(partial.reason, 'Velero backup b partially failed with 2 errors and 1 warnings');
    assert.match(partial.fixHint ?? '', /velero backup logs b/);
    const failed = veleroResult({ metadata: { name: 'b' }, status: { phase: 'Failed', failureReason: 'error uploading\nthe backup' } }, parts);
    assert.equal(failed.reason, 'Velero backup b failed: error uploading the backup');
    assert.equal(failed.evidence.failureReason, 'error uploading\nthe backup');
    const invalid = veleroResult({ metadata: { name: 'b' }, status: { phase: 'FailedValidation', validationErrors: ['a BackupStorageLocation CRD with name "x" could not be found'] } }, parts);
    assert.equal(invalid.reason, 'Velero refused backup b: a BackupStorageLocation CRD with name "x" could not be found');
    assert.deepEqual(invalid.evidence.validationErrors, ['a BackupStorageLocation CRD with name "x" could not be found']);
  });
});

describe('kube/backups prepareVeleroBackup', () => {
  const now = () => new Date(NOW);
  const path = '/apis/velero.io/v1/namespaces/velero/backups';

  it('without Velero it writes nothing and fails at once', async () => {
    const t = new ScriptedTransport();
    const p = prepareVeleroBackup(new KubeClient(t), demoSnapshot(), { metadata: { name: 'p' } }, { now });
    assert.deepEqual(p.writes, []);
    const r = await p.run();
    assert.equal(r.status, 'failed');
    assert.match(r.reason, /Velero is not installed/);
    assert.deepEqual(t.seen, []);
  });

  it('dry-runs, creates and follows the phase to PartiallyFailed', async () => {
    const t = new ScriptedTransport();
    const name = 'upgrade-planner-p-20261127-161231';
    t.posts.set(path, (body) => ({ status: 201, body: JSON.stringify(body) }));
    t.gets.set(path, () => list([{ metadata: { name, namespace: 'velero', resourceVersion: '5' } }]));
    t.watches.set(path, [
      [{ type: 'MODIFIED', object: { metadata: { name, namespace: 'velero', resourceVersion: '6' }, status: { phase: 'InProgress', progress: { totalItems: 10 } } } }],
      [{ type: 'MODIFIED', object: { metadata: { name, namespace: 'velero', resourceVersion: '7' }, status: { phase: 'PartiallyFailed', errors: 3, warnings: 0, progress: { itemsBackedUp: 7, totalItems: 10 } } } }],
    ]);
    const p = prepareVeleroBackup(new KubeClient(t), withVelero(demoSnapshot()), { metadata: { name: 'p' }, backups: { velero: { includedNamespaces: ['shop'] } } }, { now });
    assert.equal(p.writes[0].description, `create Velero Backup velero/${name} of namespaces shop`);
    const progress: string[] = [];
    const r = await p.run(undefined, (x) => progress.push(x.message));
    assert.equal(r.status, 'failed');
    assert.equal(r.reason, `Velero backup ${name} partially failed with 3 errors and 0 warnings`);
    assert.ok(progress.includes(`Velero backup ${name}: InProgress (0/10 items)`), progress.join(' | '));
    assert.deepEqual(t.seen.filter((s) => s.method === 'POST').map((s) => s.path), [`${path}?dryRun=All`, path]);
  });
});
