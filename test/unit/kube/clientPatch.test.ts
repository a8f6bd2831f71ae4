import * as assert from 'node:assert/strict';
import type * as http from 'node:http';
import { type HttpResponse, KubeClient, type PatchContentType, type Transport } from '../../../src/kube/client';
import { MAX_REQUEST_BODY_BYTES, createTransport } from '../../../src/kube/transport';
import { kubeConfigFor, startServer } from './localServer';

const DEPLOYMENTS = { group: 'apps', version: 'v1', resource: 'deployments', namespace: 'rook-ceph' };
const NODES = { group: '', version: 'v1', resource: 'nodes' };

interface Patched {
  readonly path: string;
  readonly body: unknown;
  readonly contentType: PatchContentType;
}

/** A transport that records PATCHes and answers them with `answer` (the body echoed by default). */
class PatchTransport implements Transport {
  readonly seen: Patched[] = [];
  constructor(private readonly answer: (p: Patched) => HttpResponse = (p) => ({ status: 200, body: JSON.stringify(p.body) })) {}
  get(): Promise<HttpResponse> {
    return Promise.resolve({ status: 404, body: '{}' });
  }
  patch(path: string, body: string, contentType: PatchContentType): Promise<HttpResponse> {
    const p = { path, body: JSON.parse(body) as unknown, contentType };
    this.seen.push(p);
    return Promise.resolve(this.answer(p));
  }
  stream(): Promise<HttpResponse> {
    return Promise.resolve({ status: 200, body: '' });
  }
  dispose(): void {}
}

describe('kube/client patch', () => {
  it('PATCHes the object path with the Content-Type of its kind, ?dryRun=All when dry, and a subresource', async () => {
    const t = new PatchTransport();
    const c = new KubeClient(t);
    const strategic = { spec: { template: { spec: { containers: [{ name: 'rook-ceph-operator', image: 'rook/ceph:v1.15.6' }] } } } };
    const r = await c.patch<typeof strategic>(DEPLOYMENTS, 'rook-ceph-operator', strategic, { type: 'strategic', dryRun: true });
    assert.deepEqual(r, { ok: true, value: strategic });
    assert.ok((await c.patch(NODES, 'k3s-agent-1', { spec: { unschedulable: null } }, { type: 'merge' })).ok);
    assert.ok((await c.patch(NODES, 'k3s-agent-1', [{ op: 'remove', path: '/spec/unschedulable' }], { type: 'json', subresource: 'status' })).ok);
    assert.deepEqual(t.seen.map((s) => [s.path, s.contentType]), [
      ['/apis/apps/v1/namespaces/rook-ceph/deployments/rook-ceph-operator?dryRun=All', 'application/strategic-merge-patch+json'],
      ['/api/v1/nodes/k3s-agent-1', 'application/merge-patch+json'],
      ['/api/v1/nodes/k3s-agent-1/status', 'application/json-patch+json'],
    ]);
  });

  it('refuses a name, namespace, body shape or subresource that does not fit, sending nothing', async () => {
    const t = new PatchTransport();
    const c = new KubeClient(t);
    const refusals = [
      await c.patch(NODES, '../x', {}, { type: 'merge' }),
      await c.patch({ ...DEPLOYMENTS, namespace: 'a/b' }, 'op', {}, { type: 'merge' }),
      await c.patch(NODES, 'n', [{ op: 'add' }], { type: 'merge' }),
      await c.patch(NODES, 'n', { spec: {} }, { type: 'json' }),
      await c.patch(NODES, 'n', {}, { type: 'merge', subresource: '../../x' as 'status' }),
      await c.patch(NODES, 'n', {}, { type: 'apply' as 'merge' }),
    ];
    for (const r of refusals) assert.ok(!r.ok && r.error.message.startsWith('not sent: '), JSON.stringify(r));
    assert.deepEqual(t.seen, []);
  });

  it('maps the answer: 404 absent, 409 conflict as failed with the status, 403 forbidden naming the verb', async () => {
    const status = (code: number, message: string): HttpResponse => ({ status: code, body: JSON.stringify({ kind: 'Status', code, message }) });
    const answers = [status(404, 'nodes "gone" not found'), status(409, 'the object has been modified'), status(403, 'forbidden')];
    const t = new PatchTransport(() => answers.shift() ?? status(500, 'x'));
    const c = new KubeClient(t);
    const gone = await c.patch(NODES, 'gone', {}, { type: 'merge' });
    assert.ok(!gone.ok && gone.error.kind === 'absent');
    const conflict = await c.patch(NODES, 'n', {}, { type: 'merge' });
    assert.ok(!conflict.ok && conflict.error.kind === 'failed' && conflict.error.status === 409);
    const denied = await c.patch(NODES, 'n', {}, { type: 'merge' });
    assert.ok(!denied.ok && denied.error.kind === 'forbidden' && denied.error.verb === 'patch' && denied.error.resource === 'nodes');
  });

  it('a transport without PATCH answers failed instead of throwing', async () => {
    const t = new PatchTransport();
    (t as { patch?: unknown }).patch = undefined;
    const r = await new KubeClient(t).patch(NODES, 'n', {}, { type: 'merge' });
    assert.ok(!r.ok && /cannot send requests \(patch nodes\)/.test(r.error.message));
  });

  it('the real transport sends PATCH with the patch Content-Type and refuses an oversized body before sending', async () => {
    const seen: string[] = [];
    const server = await startServer((req: http.IncomingMessage, res: http.ServerResponse) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString('utf8')));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${req.headers['content-type']} ${body}`);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"metadata":{"name":"n"}}');
      });
    });
    try {
      const t = await createTransport(kubeConfigFor(server.url), 'local');
      const c = new KubeClient(t);
      assert.ok((await c.patch(NODES, 'n', { spec: { unschedulable: null } }, { type: 'merge', dryRun: true })).ok);
      const big = await c.patch(NODES, 'n', { metadata: { annotations: { a: 'x'.repeat(MAX_REQUEST_BODY_BYTES) } } }, { type: 'merge' });
      assert.ok(!big.ok && /not sent/.test(big.error.message), JSON.stringify(big));
      t.dispose();
      assert.deepEqual(seen, ['PATCH /api/v1/nodes/n?dryRun=All application/merge-patch+json {"spec":{"unschedulable":null}}']);
    } finally {
      await server.close();
    }
  });
});
