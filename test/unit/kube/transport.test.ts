import * as assert from 'node:assert/strict';
import { KubeClient } from '../../../src/kube/client';
import { discover, NODES } from '../../../src/kube/discovery';
import { reviewAccess, SELF_SUBJECT_ACCESS_REVIEWS } from '../../../src/kube/accessReview';
import { upgradePermissions } from '../../../src/core/cluster/permissions';
import { MAX_REQUEST_BODY_BYTES, createTransport } from '../../../src/kube/transport';
import { timedAsync, underBudgetAsync } from '../helpers/timing';
import { kubeConfigFor, pump, startServer, within } from './localServer';

const MB = 1024 * 1024;

describe('kube/transport against a hostile local server', () => {
  it('a 1-byte-at-a-time answer fails at the overall deadline, naming the server and the time', async () => {
    // A run over the time budget (a loaded machine) is repeated whole, with a fresh server.
    const { value: [host, r], ms } = await underBudgetAsync(3000, async () => {
      const server = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        const drip = setInterval(() => res.write(' '), 100);
        res.on('close', () => clearInterval(drip));
      });
      try {
        const t = await createTransport(kubeConfigFor(server.url), 'local', { requestDeadlineMs: 1000 });
        const run = await timedAsync(() => within(new KubeClient(t).get('/version', { verb: 'get', group: '', resource: 'version' }), 5000, 'GET /version'));
        t.dispose();
        return { value: [server.host, run.value] as const, ms: run.ms };
      } finally {
        await server.close();
      }
    });
    assert.ok(!r.ok && r.error.kind === 'unreachable', JSON.stringify(r));
    assert.match(r.error.message, new RegExp(`${host}.*within 1 s`));
    assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  });

  it('a server that never sends headers fails at the same deadline', async () => {
    const server = await startServer(() => undefined);
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local', { requestDeadlineMs: 800 });
      const r = await within(new KubeClient(t).get('/version', { verb: 'get', group: '', resource: 'version' }), 5000, 'GET /version');
      t.dispose();
      assert.ok(!r.ok && r.error.kind === 'unreachable');
      assert.match(r.error.message, /within 0\.8 s/);
    } finally {
      await server.close();
    }
  });

  it('a 100 MB /version is cut off at its cap and the request aborted', async () => {
    let sent: Promise<number> = Promise.resolve(0);
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"gitVersion":"v1.30.4","pad":"');
      sent = pump(res, 100 * MB);
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const r = await within(discover(new KubeClient(t), { context: 'local', server: server.url }), 10_000, 'discover');
      t.dispose();
      assert.ok(!r.ok && r.error.kind === 'failed', JSON.stringify(!r.ok && r.error));
      assert.match(r.error.message, /\/version.*64 KB/);
      assert.ok((await sent) < 32 * MB, `server wrote ${await sent} bytes`);
    } finally {
      await server.close();
    }
  });

  it('a list page over the page cap fails the list with a clear sentence', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"metadata":{},"items":[{"pad":"');
      void pump(res, 20 * MB);
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const r = await within(new KubeClient(t, 500, { maxPageBytes: MB }).list(NODES), 10_000, 'list');
      t.dispose();
      assert.ok(!r.ok && r.error.kind === 'failed');
      assert.match(r.error.message, /exceeded 1 MB/);
    } finally {
      await server.close();
    }
  });

  it('a watch line without newline fails at the line cap instead of growing', async () => {
    let sent: Promise<number> = Promise.resolve(0);
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      sent = pump(res, 200 * MB);
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local', { maxLineBytes: MB });
      const r = await within(new KubeClient(t).watch(NODES, '1', () => undefined), 10_000, 'watch');
      t.dispose();
      assert.ok(!r.ok && r.error.kind === 'failed', JSON.stringify(r));
      assert.match(r.error.message, /line longer than 1 MB/);
      assert.ok((await sent) < 32 * MB, `server wrote ${await sent} bytes`);
    } finally {
      await server.close();
    }
  });

  it('a long watch line under the cap is split in linear time', async () => {
    const size = 48 * MB;
    // A run over the time budget (a loaded machine) is repeated whole, with a fresh server.
    const { value: [r, lines], ms } = await underBudgetAsync(2500, async () => {
      const server = await startServer((_req, res) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        void pump(res, size, 'x', 16 * 1024).then(() => undefined);
        res.on('finish', () => undefined);
      });
      try {
        const t = await createTransport(kubeConfigFor(server.url), 'local', { maxLineBytes: 64 * MB });
        const seen: number[] = [];
        // The server ends without a final newline: nothing is delivered, but every chunk was scanned.
        const run = await timedAsync(() => within(t.stream('/api/v1/nodes?watch=true', (l) => seen.push(l.length)), 20_000, 'stream'));
        t.dispose();
        return { value: [run.value, seen] as const, ms: run.ms };
      } finally {
        await server.close();
      }
    });
    assert.equal(r.status, 200);
    assert.deepEqual(lines, []);
    assert.ok(ms < 2500, `48 MB without newline took ${Math.round(ms)} ms`);
  });
  it('a watch the server never ends is ended at the stream deadline and resumes from its last event', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write(JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'n1', resourceVersion: '7' } } }) + '\n');
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local', { streamDeadlineMs: 500 });
      const seen: string[] = [];
      const r = await within(new KubeClient(t).watch<{ metadata?: { name?: string; resourceVersion?: string } }>(NODES, '1', (e) => seen.push(e.object.metadata?.name ?? '')), 5000, 'watch');
      t.dispose();
      assert.deepEqual(r, { ok: true, value: '7' });
      assert.deepEqual(seen, ['n1']);
    } finally {
      await server.close();
    }
  });
});

describe('kube/transport POST (small JSON bodies, capped both ways)', () => {
  it('a body over the request cap is refused before anything is sent', async () => {
    let requests = 0;
    const server = await startServer((_req, res) => {
      requests++;
      res.writeHead(201).end('{}');
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const r = await new KubeClient(t).post(SELF_SUBJECT_ACCESS_REVIEWS, { pad: 'x'.repeat(MAX_REQUEST_BODY_BYTES) }, { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews' });
      t.dispose();
      assert.ok(!r.ok && r.error.kind === 'failed', JSON.stringify(r));
      assert.match(r.error.message, /over 64 KB; not sent/);
      assert.equal(requests, 0);
      assert.equal(t.requests, 0);
    } finally {
      await server.close();
    }
  });

  it('an answer over its cap is cut off and the request aborted', async () => {
    let sent: Promise<number> = Promise.resolve(0);
    const server = await startServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      res.write('{"status":{"allowed":true},"pad":"');
      sent = pump(res, 100 * MB);
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const r = await within(reviewAccess(new KubeClient(t), upgradePermissions().slice(0, 1)), 10_000, 'reviewAccess');
      t.dispose();
      assert.ok(!r.ok && r.error.kind === 'failed', JSON.stringify(!r.ok && r.error));
      assert.match(r.error.message, /selfsubjectaccessreviews exceeded 64 KB/);
      assert.ok((await sent) < 32 * MB, `server wrote ${await sent} bytes`);
    } finally {
      await server.close();
    }
  });

  it('a POST answered a byte a second fails at the overall deadline', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(201, { 'content-type': 'application/json' });
      const drip = setInterval(() => res.write(' '), 100);
      res.on('close', () => clearInterval(drip));
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local', { requestDeadlineMs: 800 });
      const r = await within(reviewAccess(new KubeClient(t), upgradePermissions().slice(0, 1)), 5000, 'reviewAccess');
      t.dispose();
      assert.ok(!r.ok && r.error.kind === 'unreachable', JSON.stringify(r));
      assert.match(r.error.message, /within 0\.8 s/);
    } finally {
      await server.close();
    }
  });
});
