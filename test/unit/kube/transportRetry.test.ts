import * as assert from 'node:assert/strict';
import type { Socket } from 'node:net';
import { createTransport } from '../../../src/kube/transport';
import { kubeConfigFor, startServer, within } from './localServer';

describe('kube/transport: a kept-alive socket the server closed', () => {
  it('is sent once more on a fresh socket (GET and POST), and only once', async () => {
    // The server answers the first request of every connection and drops the connection at the second, without a
    // word: what a client sees when it reuses a socket the server closed while it idled.
    const served = new WeakMap<Socket, number>();
    let dropped = 0;
    const server = await startServer((req, res) => {
      const n = (served.get(req.socket) ?? 0) + 1;
      served.set(req.socket, n);
      if (n > 1) {
        dropped++;
        req.socket.destroy();
        return;
      }
      req.resume();
      req.on('end', () => {
        res.writeHead(200, { 'content-type': 'application/json', connection: 'keep-alive' });
        res.end('{"ok":true}');
      });
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const first = await within(t.get('/version'), 5000, 'first GET');
      assert.equal(first.status, 200);
      const again = await within(t.get('/version'), 5000, 'GET on the reused socket');
      assert.equal(again.status, 200, 'the reused socket was dropped and the request sent again');
      const post = await within(t.post!('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', '{}'), 5000, 'POST on the reused socket');
      assert.equal(post.status, 200);
      assert.ok(dropped >= 2, `the server dropped ${dropped} reused sockets`);
      t.dispose();
    } finally {
      await server.close();
    }
  });

  it('a fresh socket that fails is not retried', async () => {
    let calls = 0;
    const server = await startServer((req) => {
      calls++;
      req.socket.destroy();
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      await assert.rejects(within(t.get('/version'), 5000, 'GET'), /socket hang up|ECONNRESET/);
      assert.equal(calls, 1);
      t.dispose();
    } finally {
      await server.close();
    }
  });
});
