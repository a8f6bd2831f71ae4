import * as assert from 'node:assert/strict';
import type { JournalRecord } from '../../../src/core/journal';
import type { RunEntry } from '../../../src/core/run/journal';
import { SUC_PLANS, uncordonWrite, type RunWrite } from '../../../src/core/run/writes';
import { type HttpResponse, KubeClient, type PatchContentType, type Transport } from '../../../src/kube/client';
import { RunRecorder } from '../../../src/kube/run/runJournal';
import { makeWrites, outcomeOf } from '../../../src/kube/run/runWrites';

/** Records every request; `answer` decides the reply per method and dry-run flag. */
class WriteTransport implements Transport {
  readonly seen: string[] = [];
  constructor(private readonly answer: (method: string, dry: boolean) => HttpResponse) {}
  private reply(method: string, path: string): Promise<HttpResponse> {
    this.seen.push(`${method} ${path}`);
    return Promise.resolve(this.answer(method, path.includes('dryRun=All')));
  }
  get(): Promise<HttpResponse> {
    return Promise.resolve({ status: 404, body: '{}' });
  }
  post(path: string): Promise<HttpResponse> {
    return this.reply('POST', path);
  }
  patch(path: string, _body: string, _type: PatchContentType): Promise<HttpResponse> {
    return this.reply('PATCH', path);
  }
  delete(path: string): Promise<HttpResponse> {
    return this.reply('DELETE', path);
  }
  stream(): Promise<HttpResponse> {
    return Promise.resolve({ status: 200, body: '' });
  }
  dispose(): void {}
}

const cluster = { context: 'ctx', server: undefined, kubeSystemUID: undefined };
const sink = (): { entries: JournalRecord[]; append: (e: JournalRecord) => Promise<{ ok: true; value: undefined }> } => {
  const entries: JournalRecord[] = [];
  return { entries, append: (e) => (entries.push(e), Promise.resolve({ ok: true, value: undefined })) };
};
const recorder = (s: ReturnType<typeof sink>): RunRecorder => new RunRecorder(s, { plan: 'p', cluster, runId: '20261127-170000-abcd' }, () => new Date('2026-11-27T17:00:00Z'));
const plan: RunWrite = {
  verb: 'create', object: { kind: 'Plan', namespace: 'system-upgrade', name: 'p-k3s-server' }, resource: SUC_PLANS('system-upgrade'),
  description: 'create Plan system-upgrade/p-k3s-server', body: { metadata: { name: 'p-k3s-server' } },
};
const ok = (rv: string): HttpResponse => ({ status: 201, body: JSON.stringify({ metadata: { resourceVersion: rv } }) });

describe('kube/run writes: dry run first, then the write, journalled', () => {
  it('dry-runs every write before making any, asks confirm with the server\'s answers, journals outcome and resourceVersion', async () => {
    const t = new WriteTransport((_m, dry) => ok(dry ? '' : '42'));
    const s = sink();
    const asked: number[] = [];
    const r = await makeWrites({ client: new KubeClient(t), recorder: recorder(s), confirm: (_id, writes, answers) => (asked.push(writes.length, answers.length), Promise.resolve(true)) }, 'hop-1/k3s-servers', [plan, uncordonWrite('n1', 'test')], (w) => (w.verb === 'patch' ? { after: { unschedulable: false } } : {}));
    assert.ok(r.ok);
    assert.deepEqual(asked, [2, 2]);
    assert.deepEqual(t.seen, [
      'POST /apis/upgrade.cattle.io/v1/namespaces/system-upgrade/plans?dryRun=All',
      'PATCH /api/v1/nodes/n1?dryRun=All',
      'POST /apis/upgrade.cattle.io/v1/namespaces/system-upgrade/plans',
      'PATCH /api/v1/nodes/n1',
    ]);
    const written = s.entries as RunEntry[];
    assert.deepEqual(written.map((e) => e.type === 'write' && [e.verb, e.outcome, e.afterResourceVersion, e.phaseId, e.after]), [
      ['create', 'ok', '42', 'hop-1/k3s-servers', undefined],
      ['patch', 'ok', '42', 'hop-1/k3s-servers', { unschedulable: false }],
    ]);
  });

  it('a refused dry run sends nothing for real and journals nothing; an unconfirmed step neither', async () => {
    const refused = new WriteTransport((_m, dry) => (dry ? { status: 422, body: JSON.stringify({ message: 'spec.version: Invalid value' }) } : ok('1')));
    const s = sink();
    const r = await makeWrites({ client: new KubeClient(refused), recorder: recorder(s) }, undefined, [plan]);
    assert.ok(!r.ok && /refused the dry run .*Invalid value/.test(r.error));
    assert.deepEqual(refused.seen, ['POST /apis/upgrade.cattle.io/v1/namespaces/system-upgrade/plans?dryRun=All']);
    const declined = new WriteTransport(() => ok('1'));
    const d = await makeWrites({ client: new KubeClient(declined), recorder: recorder(s), confirm: () => Promise.resolve(false) }, undefined, [plan]);
    assert.ok(!d.ok && /not confirmed/.test(d.error));
    assert.equal(declined.seen.length, 1);
    assert.deepEqual(s.entries, []);
  });

  it('a delete of what is gone already is accepted and journalled as absent; 409 reads as conflict, 403 as refused', async () => {
    const gone = new WriteTransport(() => ({ status: 404, body: '{"message":"not found"}' }));
    const s = sink();
    const del: RunWrite = { ...plan, verb: 'delete', body: { propagationPolicy: 'Background' } };
    const r = await makeWrites({ client: new KubeClient(gone), recorder: recorder(s) }, undefined, [del]);
    assert.ok(r.ok && r.value[0].outcome === 'absent');
    assert.equal(gone.seen[1], 'DELETE /apis/upgrade.cattle.io/v1/namespaces/system-upgrade/plans/p-k3s-server?propagationPolicy=Background');
    assert.equal(outcomeOf({ kind: 'failed', status: 409, message: 'exists' }), 'conflict');
    assert.equal(outcomeOf({ kind: 'forbidden', verb: 'create', resource: 'plans', group: 'upgrade.cattle.io', message: '' }), 'refused');
  });
});
