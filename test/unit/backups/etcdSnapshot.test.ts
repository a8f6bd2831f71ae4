import * as assert from 'node:assert/strict';
import {
  buildEtcdSnapshotJob,
  chooseSnapshotNode,
  etcdJobName,
  etcdSnapshotName,
  findSnapshotFile,
  jobOutcome,
  k3sImage,
  verifySnapshotFile,
} from '../../../src/core/backups/etcdSnapshot';
import type { NodeSummary } from '../../../src/core/cluster/snapshot';
import { KubeClient } from '../../../src/kube/client';
import { prepareEtcdSnapshot } from '../../../src/kube/backups/etcdSnapshot';
import { apiNode, demoSnapshot } from '../cluster/demoSnapshot';
import { ScriptedTransport, list } from './scriptedTransport';

const NOW = '2026-11-27T16:12:31.000Z';

function node(name: string, roles: string[], o: Partial<NodeSummary> = {}): NodeSummary {
  return { name, roles, isServer: roles.includes('control-plane'), kubeletVersion: 'v1.30.4+k3s1', ready: true, pressures: [], unschedulable: false, skew: { verdict: 'unknown', text: '' }, ...o };
}
const SERVER = ['control-plane', 'etcd', 'master'];

describe('core/backups etcd snapshot Job', () => {
  it('chooses a Ready, schedulable etcd server by name', () => {
    const r = chooseSnapshotNode([node('k3s-agent-1', []), node('k3s-server-2', SERVER), node('k3s-server-1', SERVER, { ready: false }), node('k3s-server-10', SERVER)]);
    assert.deepEqual(r, { ok: true, value: { node: 'k3s-server-2', k3sVersion: 'v1.30.4+k3s1', image: 'rancher/k3s:v1.30.4-k3s1' } });
    const cordoned = chooseSnapshotNode([node('s1', SERVER, { unschedulable: true })]);
    assert.ok(cordoned.ok && cordoned.value.node === 's1', 'a cordoned server still takes a snapshot when it is the only one');
  });

  it('without an embedded-etcd server it fails with a sentence saying what to do instead', () => {
    const r = chooseSnapshotNode([node('agent', []), node('cp', ['control-plane', 'master'])]);
    assert.ok(!r.ok);
    assert.match(r.error.reason, /no node has the node-role\.kubernetes\.io\/etcd role: an etcd snapshot needs a K3s server with embedded etcd/);
    assert.match(r.error.fixHint, /external datastore.*its own tools|back up the datastore with its own tools/);
    const down = chooseSnapshotNode([node('s1', SERVER, { ready: false })]);
    assert.ok(!down.ok && /none of the etcd servers \(s1\) is Ready/.test(down.error.reason));
    const rke = chooseSnapshotNode([node('s1', SERVER, { kubeletVersion: 'v1.30.4' })]);
    assert.ok(!rke.ok && /not a K3s version/.test(rke.error.reason));
  });

  it('k3sImage turns the node version into the image tag', () => {
    assert.equal(k3sImage('v1.30.4+k3s1'), 'rancher/k3s:v1.30.4-k3s1');
    assert.equal(k3sImage('v1.31.0-rc1+k3s2'), 'rancher/k3s:v1.31.0-rc1-k3s2');
    for (const v of ['v1.30.4', 'v1.30.4+rke2r1', 'v1.30.4+k3s1; rm -rf /', '']) assert.equal(k3sImage(v), undefined, v);
  });

  it('names are DNS labels within 63 characters, from untrusted plan names', () => {
    assert.equal(etcdSnapshotName('Prod K3s!', NOW), 'prod-k3s-20261127-161231');
    assert.equal(etcdJobName('Prod K3s!', NOW), 'etcd-snapshot-prod-k3s-20261127-161231');
    const long = etcdJobName('x'.repeat(300), NOW);
    assert.ok(long.length <= 63 && long.endsWith('-20261127-161231'), long);
    assert.match(etcdSnapshotName('../../', NOW), /^plan-20261127-161231$/);
  });

  it('the Job: pinned, tolerating server taints, privileged, host network, K3s dirs, no retries, deadline and TTL', () => {
    const job = buildEtcdSnapshotJob({ namespace: 'system-upgrade', jobName: 'j', snapshotName: 'p-1', planName: 'p', target: { node: 'k3s-server-1', k3sVersion: 'v1.30.4+k3s1', image: 'rancher/k3s:v1.30.4-k3s1' } }) as {
      metadata: { namespace: string; labels: Record<string, string> };
      spec: { backoffLimit: number; activeDeadlineSeconds: number; ttlSecondsAfterFinished: number; template: { spec: Record<string, unknown> & { containers: { command: string[]; securityContext: { privileged: boolean }; volumeMounts: { mountPath: string }[] }[]; tolerations: { key: string }[]; volumes: { hostPath: { path: string } }[] } } };
    };
    const spec = job.spec.template.spec;
    assert.equal(job.metadata.namespace, 'system-upgrade');
    assert.equal(job.metadata.labels['app.kubernetes.io/managed-by'], 'upgrade-planner');
    assert.deepEqual([job.spec.backoffLimit, job.spec.activeDeadlineSeconds, job.spec.ttlSecondsAfterFinished], [0, 600, 86400]);
    assert.deepEqual([spec.nodeName, spec.hostNetwork, spec.restartPolicy], ['k3s-server-1', true, 'Never']);
    assert.deepEqual(spec.containers[0].command, ['k3s', 'etcd-snapshot', 'save', '--name', 'p-1']);
    assert.equal(spec.containers[0].securityContext.privileged, true);
    assert.deepEqual(spec.volumes.map((v) => v.hostPath.path), ['/var/lib/rancher/k3s', '/etc/rancher/k3s']);
    assert.deepEqual(spec.containers[0].volumeMounts.map((v) => v.mountPath), ['/var/lib/rancher/k3s', '/etc/rancher/k3s']);
    assert.deepEqual(spec.tolerations.map((t) => t.key).sort(), ['CriticalAddonsOnly', 'node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/etcd', 'node-role.kubernetes.io/master']);
  });

  it('jobOutcome reads only the terminal conditions', () => {
    assert.deepEqual(jobOutcome(undefined), { state: 'running' });
    assert.deepEqual(jobOutcome({ status: { conditions: [{ type: 'FailureTarget', status: 'True' }] } }), { state: 'running' });
    assert.deepEqual(jobOutcome({ status: { conditions: [{ type: 'Complete', status: 'True' }] } }), { state: 'complete' });
    assert.deepEqual(jobOutcome({ status: { conditions: [{ type: 'Failed', status: 'True', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' }] } }), {
      state: 'failed',
      reason: 'BackoffLimitExceeded: Job has reached the specified backoff limit',
    });
  });

  it('finds the file K3s recorded for the save on that node, not an S3 copy nor an older save', () => {
    const f = (name: string, snapshotName: string, nodeName: string) => ({ metadata: { name }, spec: { snapshotName, nodeName } });
    const files = [f('s3-p-1-n1-1', 'p-1-n1-1', 's3'), f('local-p-10-n1-2', 'p-10-n1-2', 'n1'), f('local-p-1-n1-1', 'p-1-n1-1', 'n1')];
    assert.equal(findSnapshotFile(files, 'p-1', 'n1')?.metadata?.name, 'local-p-1-n1-1');
    assert.equal(findSnapshotFile(files, 'p-1', 'n2'), undefined);
  });

  it('verifies ready, size and node, with the evidence', () => {
    const parts = { startedAt: NOW, finishedAt: NOW };
    const file = { metadata: { name: 'local-p-1-n1-1-abc123' }, spec: { snapshotName: 'p-1-n1-1', nodeName: 'n1', location: 'file:///var/lib/rancher/k3s/server/db/snapshots/p-1-n1-1' }, status: { readyToUse: true, size: '18874400', creationTime: NOW } };
    const ok = verifySnapshotFile(file, 'n1', parts);
    assert.equal(ok.status, 'verified');
    assert.deepEqual(ok.evidence, { snapshotFile: 'local-p-1-n1-1-abc123', snapshotName: 'p-1-n1-1', node: 'n1', location: file.spec.location, sizeBytes: 18874400, readyToUse: true, createdAt: NOW });
    assert.deepEqual(ok.objects, [{ kind: 'ETCDSnapshotFile', name: 'local-p-1-n1-1-abc123' }]);
    const bad = verifySnapshotFile({ ...file, status: { readyToUse: false, size: '0' } }, 'n2', parts);
    assert.equal(bad.status, 'failed');
    assert.equal(bad.reason, 'ETCDSnapshotFile local-p-1-n1-1-abc123 is not ready to use and has no size and is on n1, not n2');
  });
});

describe('kube/backups prepareEtcdSnapshot', () => {
  const now = () => new Date(NOW);
  const plan = { metadata: { name: 'prod' } };

  it('on a cluster without an etcd server it writes nothing and fails at once, saying what to do', async () => {
    const t = new ScriptedTransport();
    const s = demoSnapshot({ nodes: [apiNode('cp-1', 'v1.30.4+k3s1', false), apiNode('agent-1', 'v1.30.4+k3s1', false)] });
    const p = prepareEtcdSnapshot(new KubeClient(t), s, plan, { now });
    assert.deepEqual(p.writes, []);
    const r = await p.run();
    assert.equal(r.status, 'failed');
    assert.match(r.reason, /needs a K3s server with embedded etcd/);
    assert.match(r.fixHint ?? '', /its own tools/);
    assert.deepEqual(t.seen, [], 'nothing sent');
  });

  const jobPath = '/apis/batch/v1/namespaces/system-upgrade/jobs';
  const job = (conditions: object[]) => ({ metadata: { name: 'etcd-snapshot-prod-20261127-161231', namespace: 'system-upgrade', resourceVersion: '11' }, status: { conditions } });

  it('dry-runs, creates, watches the Job to Complete, then waits for a ready ETCDSnapshotFile', async () => {
    const t = new ScriptedTransport();
    t.posts.set(jobPath, (body) => ({ status: 201, body: JSON.stringify(body) }));
    t.gets.set(jobPath, () => list([job([])]));
    t.watches.set(jobPath, [[{ type: 'MODIFIED', object: job([{ type: 'Complete', status: 'True' }]) }]]);
    const file = { metadata: { name: 'local-prod-20261127-161231-k3s-server-1-1764259951-abc123', resourceVersion: '13' }, spec: { snapshotName: 'prod-20261127-161231-k3s-server-1-1764259951', nodeName: 'k3s-server-1', location: 'file:///x' }, status: { readyToUse: false, size: '0' } };
    t.gets.set('/apis/k3s.cattle.io/v1/etcdsnapshotfiles', () => list([]));
    t.watches.set('/apis/k3s.cattle.io/v1/etcdsnapshotfiles', [[{ type: 'ADDED', object: file }, { type: 'MODIFIED', object: { ...file, status: { readyToUse: true, size: '1234' } } }]]);
    const p = prepareEtcdSnapshot(new KubeClient(t), demoSnapshot(), plan, { now });
    assert.match(p.writes[0].description, /^create Job system-upgrade\/etcd-snapshot-prod-20261127-161231 running `k3s etcd-snapshot save --name prod-20261127-161231` on k3s-server-1/);
    const progress: string[] = [];
    const r = await p.run(undefined, (x) => progress.push(x.message));
    assert.equal(r.status, 'verified', r.reason);
    assert.equal(r.evidence.sizeBytes, 1234);
    assert.deepEqual(
      t.seen.map((s) => `${s.method} ${s.path.split('&')[0]}`),
      [
        `POST ${jobPath}?dryRun=All`,
        `POST ${jobPath}`,
        `GET ${jobPath}?limit=500`,
        `WATCH ${jobPath}?watch=true`,
        'GET /apis/k3s.cattle.io/v1/etcdsnapshotfiles?limit=500',
        'WATCH /apis/k3s.cattle.io/v1/etcdsnapshotfiles?watch=true',
      ],
    );
    assert.ok(t.seen.some((s) => s.method === 'WATCH' && s.path.includes('fieldSelector=metadata.name%3Detcd-snapshot-prod-20261127-161231')));
    assert.equal(progress.length, 4);
  });

  it('a failed Job is a failed result with the Job\'s reason; nothing else is waited for', async () => {
    const t = new ScriptedTransport();
    t.posts.set(jobPath, (body) => ({ status: 201, body: JSON.stringify(body) }));
    t.gets.set(jobPath, () => list([job([{ type: 'Failed', status: 'True', reason: 'DeadlineExceeded', message: 'Job was active longer than specified deadline' }])]));
    const r = await prepareEtcdSnapshot(new KubeClient(t), demoSnapshot(), plan, { now }).run();
    assert.equal(r.status, 'failed');
    assert.equal(r.reason, 'the snapshot Job system-upgrade/etcd-snapshot-prod-20261127-161231 failed: DeadlineExceeded: Job was active longer than specified deadline');
    assert.ok(!t.seen.some((s) => s.path.includes('etcdsnapshotfiles')));
  });

  it('a refused dry run creates nothing and says what the server said', async () => {
    const t = new ScriptedTransport();
    t.posts.set(jobPath, () => ({ status: 403, body: JSON.stringify({ kind: 'Status', code: 403, message: 'jobs.batch is forbidden: User "viewer" cannot create resource "jobs" in API group "batch" in the namespace "system-upgrade"' }) }));
    const r = await prepareEtcdSnapshot(new KubeClient(t), demoSnapshot(), plan, { now }).run();
    assert.equal(r.status, 'failed');
    assert.match(r.reason, /refused the snapshot Job \(dry run\): Forbidden \(403\): missing permission "create jobs.batch"/);
    assert.equal(t.seen.filter((s) => s.method === 'POST').length, 1);
  });

  it('a Job that never finishes ends at the overall timeout, with no tight loop', async () => {
    const t = new ScriptedTransport();
    t.posts.set(jobPath, (body) => ({ status: 201, body: JSON.stringify(body) }));
    t.gets.set(jobPath, () => list([job([])]));
    const r = await prepareEtcdSnapshot(new KubeClient(t), demoSnapshot(), plan, { now, jobTimeoutMs: 300 }).run();
    assert.equal(r.status, 'failed');
    assert.match(r.reason, /the Job system-upgrade\/etcd-snapshot-prod-20261127-161231 did not get there within 0\.3 s/);
    assert.ok(t.seen.filter((s) => s.method === 'WATCH').length <= 1);
  });

  it('cancelling while it waits says so', async () => {
    const t = new ScriptedTransport();
    t.posts.set(jobPath, (body) => ({ status: 201, body: JSON.stringify(body) }));
    t.gets.set(jobPath, () => list([job([])]));
    const ac = new AbortController();
    const pending = prepareEtcdSnapshot(new KubeClient(t), demoSnapshot(), plan, { now }).run(ac.signal, (p) => {
      if (p.message.startsWith('Waiting')) setImmediate(() => ac.abort());
    });
    const r = await pending;
    assert.equal(r.status, 'failed');
    assert.match(r.reason, /cancelled while waiting for the snapshot Job/);
  });
});
