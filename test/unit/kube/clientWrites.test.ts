import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { KubeClient, refProblem } from '../../../src/kube/client';
import { createTransport } from '../../../src/kube/transport';
import { watchUntil } from '../../../src/kube/backups/watchUntil';
import { ScriptedTransport, list } from '../backups/scriptedTransport';
import { kubeConfigFor, startServer, within } from './localServer';

const JOBS = { group: 'batch', version: 'v1', resource: 'jobs', namespace: 'system-upgrade' };

describe('kube/client writes: create (dry run), delete, watch selectors', () => {
  it('create POSTs to the collection path, with ?dryRun=All when dry, and returns the server\'s object', async () => {
    const t = new ScriptedTransport();
    t.posts.set('/apis/batch/v1/namespaces/system-upgrade/jobs', (body, q) => ({ status: 201, body: JSON.stringify({ ...(body as object), dry: q.get('dryRun') }) }));
    const c = new KubeClient(t);
    const dry = await c.create<{ dry: string | null }>(JOBS, { metadata: { name: 'j' } }, { dryRun: true });
    assert.ok(dry.ok && dry.value.dry === 'All');
    const real = await c.create<{ dry: string | null }>(JOBS, { metadata: { name: 'j' } });
    assert.ok(real.ok && real.value.dry === null);
    assert.deepEqual(t.seen.map((s) => s.path), ['/apis/batch/v1/namespaces/system-upgrade/jobs?dryRun=All', '/apis/batch/v1/namespaces/system-upgrade/jobs']);
  });

  it('create and delete refuse a namespace or name that could bend the path, sending nothing', async () => {
    const t = new ScriptedTransport();
    const c = new KubeClient(t);
    for (const ns of ['../kube-system', 'a/b', 'UPPER', 'x'.repeat(64)]) {
      const r = await c.create({ ...JOBS, namespace: ns }, {});
      assert.ok(!r.ok && /not sent: .* is not a valid namespace name/.test(r.error.message), ns);
    }
    for (const name of ['..', 'a/b', 'a?b', '']) {
      const r = await c.delete(JOBS, name);
      assert.ok(!r.ok && /not a valid object name/.test(r.error.message), name);
    }
    assert.equal(refProblem({ group: 'x/../y', version: 'v1', resource: 'r' }), '"x/../y" is not an API group');
    assert.deepEqual(t.seen, []);
  });

  it('delete sends DELETE with the propagation policy; 404 reads as absent', async () => {
    const t = new ScriptedTransport();
    t.deletes.set('/apis/batch/v1/namespaces/system-upgrade/jobs/j', (q) => ({ status: 200, body: JSON.stringify({ propagationPolicy: q.get('propagationPolicy') }) }));
    const c = new KubeClient(t);
    assert.deepEqual(await c.delete(JOBS, 'j', { propagationPolicy: 'Background' }), { ok: true, value: undefined });
    assert.equal(t.seen[0].path, '/apis/batch/v1/namespaces/system-upgrade/jobs/j?propagationPolicy=Background');
    const gone = await c.delete(JOBS, 'other');
    assert.ok(!gone.ok && gone.error.kind === 'absent');
  });

  it('a transport without DELETE answers failed instead of throwing', async () => {
    const t = new ScriptedTransport();
    (t as { delete?: unknown }).delete = undefined;
    const r = await new KubeClient(t).delete(JOBS, 'j');
    assert.ok(!r.ok && /cannot send requests \(delete jobs\)/.test(r.error.message));
  });

  it('watch passes field and label selectors', async () => {
    const t = new ScriptedTransport();
    t.watches.set('/apis/batch/v1/namespaces/system-upgrade/jobs', [[]]);
    await new KubeClient(t).watch(JOBS, '5', () => undefined, undefined, { fieldSelector: 'metadata.name=j', labelSelector: 'a=b' });
    const q = new URL(t.seen[0].path, 'https://x').searchParams;
    assert.deepEqual([q.get('fieldSelector'), q.get('labelSelector'), q.get('resourceVersion')], ['metadata.name=j', 'a=b', '5']);
  });

  it('the real transport sends DELETE and POST with their methods', async () => {
    const seen: string[] = [];
    const server = await startServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      seen.push(`${req.method} ${req.url}`);
      req.resume();
      req.on('end', () => {
        res.writeHead(req.method === 'POST' ? 201 : 200, { 'content-type': 'application/json' });
        res.end('{"metadata":{"name":"j"}}');
      });
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const c = new KubeClient(t);
      assert.ok((await c.create(JOBS, { metadata: { name: 'j' } }, { dryRun: true })).ok);
      assert.ok((await c.delete(JOBS, 'j', { propagationPolicy: 'Foreground' })).ok);
      t.dispose();
      assert.deepEqual(seen, ['POST /apis/batch/v1/namespaces/system-upgrade/jobs?dryRun=All', 'DELETE /apis/batch/v1/namespaces/system-upgrade/jobs/j?propagationPolicy=Foreground']);
    } finally {
      await server.close();
    }
  });
});

describe('kube/backups watchUntil', () => {
  const ref = { group: '', version: 'v1', resource: 'configmaps', namespace: 'ns' };
  const path = '/api/v1/namespaces/ns/configmaps';
  interface CM {
    metadata?: { name?: string; namespace?: string; resourceVersion?: string };
    data?: { v?: string };
  }
  const cm = (name: string, v: string, rv: string): CM => ({ metadata: { name, namespace: 'ns', resourceVersion: rv }, data: { v } });
  const decide = (items: readonly CM[]): string | undefined => items.find((i) => i.data?.v === 'done')?.data?.v;

  it('answers from the list when it already holds the answer, without watching', async () => {
    const t = new ScriptedTransport();
    t.gets.set(path, () => list([cm('a', 'done', '1')]));
    const r = await watchUntil<CM, string>(new KubeClient(t), ref, decide, { timeoutMs: 1000, what: 'x' });
    assert.deepEqual(r, { ok: true, value: 'done' });
    assert.ok(!t.seen.some((s) => s.method === 'WATCH'));
  });

  it('relists after 410 Gone and resumes a watch the server ended from its last resourceVersion', async () => {
    const t = new ScriptedTransport();
    let lists = 0;
    t.gets.set(path, () => (++lists === 1 ? list([cm('a', 'wait', '1')], '1') : list([cm('a', 'wait', '20')], '20')));
    t.watches.set(path, [
      [{ type: 'ERROR', object: { code: 410, message: 'too old resource version' } }],
      [{ type: 'MODIFIED', object: cm('a', 'still', '21') }],
      [{ type: 'MODIFIED', object: cm('a', 'done', '22') }],
    ]);
    const r = await watchUntil<CM, string>(new KubeClient(t), ref, decide, { timeoutMs: 5000, what: 'x', minWatchMs: 0 });
    assert.deepEqual(r, { ok: true, value: 'done' });
    const watches = t.seen.filter((s) => s.method === 'WATCH').map((s) => new URL(s.path, 'https://x').searchParams.get('resourceVersion'));
    assert.deepEqual(watches, ['1', '20', '21']);
    assert.equal(lists, 2);
  });

  it('a wait its own decide stopped (a cancel from a progress callback) ends at once instead of watching on', async () => {
    const t = new ScriptedTransport();
    t.gets.set(path, () => list([cm('a', 'wait', '1')]));
    // No watch script: a watch would stay open until aborted.
    const cancel = new AbortController();
    const stopping = (items: readonly CM[]): string | undefined => {
      cancel.abort();
      return decide(items);
    };
    const r = await within(watchUntil<CM, string>(new KubeClient(t), ref, stopping, { timeoutMs: 60_000, what: 'x', signal: cancel.signal }), 2000, 'the stopped wait');
    assert.ok(!r.ok && r.error.kind === 'aborted', JSON.stringify(r));
  });

  it('a watch the server keeps ending at once is not restarted in a tight loop', async () => {
    const t = new ScriptedTransport();
    t.gets.set(path, () => list([cm('a', 'wait', '1')]));
    t.watches.set(path, Array.from({ length: 100 }, () => []));
    const r = await watchUntil<CM, string>(new KubeClient(t), ref, decide, { timeoutMs: 450, what: 'the ConfigMap', minWatchMs: 200 });
    assert.ok(!r.ok && r.error.kind === 'timeout' && /the ConfigMap did not get there within 0\.5 s/.test(r.error.message), JSON.stringify(r));
    assert.ok(t.seen.filter((s) => s.method === 'WATCH').length <= 3);
  });
});
