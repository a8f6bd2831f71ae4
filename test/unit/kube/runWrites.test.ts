import * as assert from 'node:assert/strict';
import type { JournalRecord } from '../../../src/core/journal';
import type { RunEntry } from '../../../src/core/run/journal';
import { SUC_PLANS, uncordonWrite, type RunWrite } from '../../../src/core/run/writes';
import { type HttpResponse, KubeClient, type PatchContentType, type Transport } from '../../../src/kube/client';
import { RunRecorder } from '../../../src/kube/run/runJournal';
import { CONFLICT_RETRIES, makeWrites, outcomeOf, retriesConflict } from '../../../src/kube/run/runWrites';

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

describe('kube/run writes: a 409 on a patch without a precondition is sent again, journalled per attempt', () => {
  const modified = (name: string): HttpResponse => ({
    status: 409,
    body: JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'Conflict', code: 409, message: `Operation cannot be fulfilled on nodes "${name}": the object has been modified; please apply your changes to the latest version and try again` }),
  });
  /** Answers the real (not dry-run) writes from `real` in order, the dry runs with 200. */
  const scripted = (real: HttpResponse[]): WriteTransport => {
    let i = 0;
    return new WriteTransport((_m, dry) => (dry ? ok('') : (real[i++] ?? ok('99'))));
  };
  const writesOf = (s: ReturnType<typeof sink>): [string, string, string | undefined][] =>
    (s.entries as RunEntry[]).map((e) => (e.type === 'write' ? [e.verb, e.outcome, e.message] : ['', '', undefined]));

  it('two conflicts then ok: three PATCHes after one dry run, each attempt journalled, the last one ok', async () => {
    const t = scripted([modified('n1'), modified('n1'), ok('7')]);
    const s = sink();
    const r = await makeWrites({ client: new KubeClient(t), recorder: recorder(s) }, 'cleanup', [uncordonWrite('n1', 'test')]);
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.equal(r.value[0].outcome, 'ok');
    assert.deepEqual(t.seen, ['PATCH /api/v1/nodes/n1?dryRun=All', 'PATCH /api/v1/nodes/n1', 'PATCH /api/v1/nodes/n1', 'PATCH /api/v1/nodes/n1']);
    const w = writesOf(s);
    assert.deepEqual(w.map(([verb, outcome]) => [verb, outcome]), [['patch', 'conflict'], ['patch', 'conflict'], ['patch', 'ok']]);
    assert.match(w[0][2] ?? '', /the object has been modified.*\(attempt 1; sent again\)$/);
    assert.match(w[1][2] ?? '', /\(attempt 2; sent again\)$/);
    assert.equal(w[2][2], undefined);
    assert.equal((s.entries[2] as RunEntry & { afterResourceVersion?: string }).afterResourceVersion, '7');
  });

  it(`gives up after ${CONFLICT_RETRIES} retries: the last conflict ends the writes with the server's message and the count`, async () => {
    const t = scripted(Array.from({ length: CONFLICT_RETRIES + 2 }, () => modified('n1')));
    const s = sink();
    const r = await makeWrites({ client: new KubeClient(t), recorder: recorder(s) }, undefined, [uncordonWrite('n1', 'test'), uncordonWrite('n2', 'test')]);
    assert.ok(!r.ok);
    assert.match(r.error, /^uncordon Node n1 \(test\): Operation cannot be fulfilled .* \(4 attempts\)$/);
    assert.equal(t.seen.filter((x) => x === 'PATCH /api/v1/nodes/n1').length, CONFLICT_RETRIES + 1);
    assert.ok(!t.seen.includes('PATCH /api/v1/nodes/n2'), 'the next write is not made');
    const w = writesOf(s);
    assert.deepEqual(w.map(([, outcome]) => outcome), ['conflict', 'conflict', 'conflict', 'conflict']);
    assert.match(w[3][2] ?? '', /\(attempt 4\)$/);
  });

  it('a transient conflict on the dry run is sent again too (nothing journalled for a dry run)', async () => {
    let dryCalls = 0;
    const t = new WriteTransport((_m, dry) => (dry ? (dryCalls++ === 0 ? modified('n1') : ok('')) : ok('8')));
    const s = sink();
    const r = await makeWrites({ client: new KubeClient(t), recorder: recorder(s) }, undefined, [uncordonWrite('n1', 'test')]);
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.deepEqual(t.seen, ['PATCH /api/v1/nodes/n1?dryRun=All', 'PATCH /api/v1/nodes/n1?dryRun=All', 'PATCH /api/v1/nodes/n1']);
    assert.deepEqual(writesOf(s).map(([, outcome]) => outcome), ['ok']);
  });

  it('not sent again: a create\'s 409 (it exists), a patch carrying a resourceVersion (changed since read), a 409 once cancelled', async () => {
    const exists: HttpResponse = { status: 409, body: JSON.stringify({ code: 409, reason: 'AlreadyExists', message: 'plans.upgrade.cattle.io "p-k3s-server" already exists' }) };
    const t = scripted([exists, exists]);
    const s = sink();
    const r = await makeWrites({ client: new KubeClient(t), recorder: recorder(s) }, undefined, [plan]);
    assert.ok(!r.ok && /already exists$/.test(r.error), !r.ok ? r.error : '');
    assert.equal(t.seen.filter((x) => !x.includes('dryRun')).length, 1);
    assert.deepEqual(writesOf(s).map(([, outcome]) => outcome), ['conflict']);

    const pinned: RunWrite = { ...uncordonWrite('n1', 'test'), body: { metadata: { resourceVersion: '41' }, spec: { unschedulable: null } } };
    const p = scripted([modified('n1'), ok('9')]);
    const r2 = await makeWrites({ client: new KubeClient(p), recorder: recorder(sink()) }, undefined, [pinned]);
    assert.ok(!r2.ok && /the object has been modified/.test(r2.error));
    assert.equal(p.seen.filter((x) => !x.includes('dryRun')).length, 1);

    const cancel = new AbortController();
    cancel.abort();
    const c = scripted([modified('n1'), ok('9')]);
    const r3 = await makeWrites({ client: new KubeClient(c), recorder: recorder(sink()), signal: cancel.signal }, undefined, [uncordonWrite('n1', 'test')]);
    assert.ok(!r3.ok);
    assert.equal(c.seen.filter((x) => !x.includes('dryRun')).length, 1);

    const failed = { kind: 'failed', status: 409, message: '' } as const;
    assert.deepEqual([retriesConflict(uncordonWrite('n1', 'x'), failed), retriesConflict(plan, failed), retriesConflict(pinned, failed), retriesConflict(uncordonWrite('n1', 'x'), { ...failed, status: 500 })], [true, false, false, false]);
  });
});
