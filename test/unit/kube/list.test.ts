import * as assert from 'node:assert/strict';
import { KubeClient } from '../../../src/kube/client';
import { NODES } from '../../../src/kube/discovery';
import { createTransport } from '../../../src/kube/transport';
import { kubeConfigFor, startServer, within } from './localServer';

/** Answers every list page with `perPage` items and a fresh continue token, forever. */
async function endlessList(perPage: number, pad = '') {
  let requests = 0;
  const server = await startServer((req, res) => {
    requests++;
    const page = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('continue') ?? 0);
    const items = Array.from({ length: perPage }, (_, i) => ({ metadata: { name: `n${page}-${i}` }, pad }));
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ metadata: { resourceVersion: '1', continue: String(page + 1) }, items }));
  });
  return { server, requests: () => requests };
}

describe('kube/client list continuation against a hostile local server', () => {
  it('stops after the page cap and says so', async () => {
    const { server, requests } = await endlessList(1);
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const r = await within(new KubeClient(t, 500, { maxPages: 50 }).list(NODES), 10_000, 'list');
      t.dispose();
      assert.ok(!r.ok && r.error.kind === 'failed', JSON.stringify(r).slice(0, 200));
      assert.match(r.error.message, /list of nodes did not end after 50 pages \(50 items\)/);
      assert.equal(requests(), 50);
    } finally {
      await server.close();
    }
  });

  it('stops at the item cap', async () => {
    const { server, requests } = await endlessList(500);
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const r = await within(new KubeClient(t, 500, { maxItems: 2000 }).list(NODES), 10_000, 'list');
      t.dispose();
      assert.ok(!r.ok && r.error.kind === 'failed');
      assert.match(r.error.message, /list of nodes has more than 2,000 items/);
      assert.equal(requests(), 5);
    } finally {
      await server.close();
    }
  });

  it('stops at the total byte cap', async () => {
    const { server } = await endlessList(10, 'x'.repeat(100_000));
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const r = await within(new KubeClient(t, 500, { maxListBytes: 5 * 1024 * 1024 }).list(NODES), 10_000, 'list');
      t.dispose();
      assert.ok(!r.ok && r.error.kind === 'failed');
      assert.match(r.error.message, /list of nodes exceeded 5 MB/);
    } finally {
      await server.close();
    }
  });

  it('stops when the server repeats a continue token', async () => {
    const server = await startServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ metadata: { continue: 'same' }, items: [{}] }));
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const r = await within(new KubeClient(t).list(NODES), 10_000, 'list');
      t.dispose();
      assert.ok(!r.ok && r.error.kind === 'failed');
      assert.match(r.error.message, /same continue token twice/);
    } finally {
      await server.close();
    }
  });
});
