import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeClient } from '../../../src/kube/client';
import { createTransport } from '../../../src/kube/transport';
import { isTransient, watchUntil } from '../../../src/kube/backups/watchUntil';
import { watchAll } from '../../../src/kube/run/watchAll';
import { ScriptedTransport, list } from '../backups/scriptedTransport';
import { BUDGET_TRIES } from '../helpers/timing';
import { kubeConfigFor, within } from './localServer';

const NODES = { group: '', version: 'v1', resource: 'nodes' } as const;
const PLANS = { group: 'upgrade.cattle.io', version: 'v1', resource: 'plans', namespace: 'system-upgrade' } as const;
const NODES_PATH = '/api/v1/nodes';
const PLANS_PATH = '/apis/upgrade.cattle.io/v1/namespaces/system-upgrade/plans';

interface Obj {
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  version?: string;
  complete?: boolean;
}

/** Answers once the node is on `new` and the Plan says complete. */
const upgraded = ([nodes, plans]: readonly (readonly Obj[])[]): string | undefined =>
  (nodes as Obj[]).every((n) => n.version === 'new') && (plans as Obj[]).some((p) => p.complete) ? 'upgraded' : undefined;

const status = (code: number, message: string): { status: number; body: string } => ({ status: code, body: JSON.stringify({ kind: 'Status', code, message }) });
const fast = { firstBackoffMs: 5, maxBackoffMs: 20 };

/**
 * A fake API server on a fixed loopback port that can be "restarted": every connection is cut and the
 * listener closed, then a new one listens on the same port and answers 503 to its first `starting` requests,
 * as a kube-apiserver does while it starts. Lists answer from `state`; watches stay open, sending nothing.
 */
class RestartingServer {
  readonly lists = new Map<string, number>();
  unavailable = 0;
  state = { node: 'old', complete: false, rv: 1 };
  private server: http.Server | undefined;
  private port = 0;
  private starting = 0;
  private readonly watching = new Set<string>();
  private onWatch: (() => void) | undefined;

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async listen(starting = 0): Promise<void> {
    this.starting = starting;
    this.watching.clear();
    const server = http.createServer((req, res) => this.answer(req, res));
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
  }

  /** Resolves once both collections are being watched on this listener. */
  bothWatched(): Promise<void> {
    return new Promise((resolve) => {
      const check = (): void => {
        if (this.watching.size === 2) resolve();
      };
      this.onWatch = check;
      check();
    });
  }

  async stop(): Promise<void> {
    const s = this.server;
    this.server = undefined;
    if (!s) return;
    s.closeAllConnections();
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  private answer(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://x');
    if (this.starting > 0) {
      this.starting--;
      this.unavailable++;
      const s = status(503, 'the server is currently unable to handle the request');
      res.writeHead(s.status, { 'content-type': 'application/json' }).end(s.body);
      return;
    }
    if (url.searchParams.get('watch') === 'true') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.flushHeaders();
      this.watching.add(url.pathname);
      this.onWatch?.();
      return;
    }
    this.lists.set(url.pathname, (this.lists.get(url.pathname) ?? 0) + 1);
    const rv = String(this.state.rv);
    const items = url.pathname === NODES_PATH
      ? [{ metadata: { name: 'n1', resourceVersion: rv }, version: this.state.node }]
      : [{ metadata: { name: 'p', namespace: 'system-upgrade', resourceVersion: rv }, complete: this.state.complete }];
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(list(items, rv)));
  }
}

describe('kube/run watchAll: an API server that goes away mid-wait', () => {
  it('survives a restart (every stream cut, then 503 while it starts): lists again and decides on the fresh lists', async () => {
    const server = new RestartingServer();
    await server.listen();
    const transport = await createTransport(kubeConfigFor(server.url), 'local');
    const client = new KubeClient(transport);
    try {
      let decided = 0;
      const waiting = watchAll<string>(client, [{ ref: NODES }, { ref: PLANS }], (objects) => {
        decided++;
        return upgraded(objects);
      }, { timeoutMs: 10_000, what: 'the nodes', retry: fast });
      await within(server.bothWatched(), 5000, 'both watches');
      assert.equal(decided, 1, 'judged once both collections were listed');
      // The node and the Plan move while the server is away: no watch event will ever say so, only a new list.
      await server.stop();
      server.state = { node: 'new', complete: true, rv: 7 };
      await server.listen(3);
      const r = await within(waiting, 8000, 'the wait');
      assert.deepEqual(r, { ok: true, value: 'upgraded' });
      assert.equal(server.unavailable, 3, 'the 503s of a starting server were retried');
      assert.ok((server.lists.get(NODES_PATH) ?? 0) >= 2 && (server.lists.get(PLANS_PATH) ?? 0) >= 2, JSON.stringify([...server.lists]));
    } finally {
      client.dispose();
      await server.stop();
    }
  });

  it('401, 403 and 404 end the wait at once, without a retry', async () => {
    for (const [code, kind] of [[401, 'unauthorized'], [403, 'forbidden'], [404, 'absent']] as const) {
      const t = new ScriptedTransport();
      t.gets.set(NODES_PATH, () => status(code, 'no'));
      const r = await within(watchAll(new KubeClient(t), [{ ref: NODES }], () => 'never', { timeoutMs: 10_000, what: 'the nodes', retry: fast }), 2000, `the wait on ${code}`);
      assert.ok(!r.ok && r.error.kind === kind, JSON.stringify(r));
      assert.equal(t.seen.length, 1, `${code}: one list, no retry`);
    }
  });

  it('a 5xx list and a watch the server ends with a 500 ERROR event are retried with a fresh list', async () => {
    const t = new ScriptedTransport();
    let lists = 0;
    t.gets.set(NODES_PATH, () => {
      lists++;
      if (lists === 1) return status(503, 'starting');
      return list([{ metadata: { name: 'n1', resourceVersion: String(lists) }, version: lists >= 3 ? 'new' : 'old' }], String(lists));
    });
    t.watches.set(NODES_PATH, [[{ type: 'ERROR', object: { kind: 'Status', code: 500, message: 'etcd went away' } }]]);
    const r = await within(watchUntil<Obj, string>(new KubeClient(t), NODES, (nodes) => (nodes.every((n) => n.version === 'new') ? 'new' : undefined), { timeoutMs: 10_000, what: 'the nodes', retry: fast }), 3000, 'the wait');
    assert.deepEqual(r, { ok: true, value: 'new' });
    assert.equal(lists, 3, 'listed after the 503 and after the failed watch');
  });

  it('backs off doubling up to the most between attempts, and the timeout names the last failure', async () => {
    const attempt = async () => {
      const t = new ScriptedTransport();
      const at: number[] = [];
      t.gets.set(NODES_PATH, () => {
        at.push(Date.now());
        throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), { code: 'ECONNREFUSED' });
      });
      const r = await within(watchAll(new KubeClient(t), [{ ref: NODES }], () => 'never', { timeoutMs: 600, what: 'the nodes of Plan x', retry: { firstBackoffMs: 10, maxBackoffMs: 40 } }), 3000, 'the wait');
      return { r, at };
    };
    // A loaded machine fires timers late, so it can only cut the attempts made in 600 ms: a run with too few
    // is repeated whole, up to BUDGET_TRIES runs. Uncapped doubling makes 6 at most in every run.
    let run = await attempt();
    for (let runs = 1; runs < BUDGET_TRIES && run.at.length < 9; runs++) run = await attempt();
    const { r, at } = run;
    assert.ok(!r.ok && r.error.kind === 'timeout', JSON.stringify(r));
    assert.match(r.error.message, /^the nodes of Plan x did not get there within 0\.6 s \(the last read failed: connect ECONNREFUSED 127\.0\.0\.1:6443\)$/);
    const gaps = at.slice(1).map((x, i) => x - at[i]);
    for (const [i, least] of [10, 20, 40].entries()) assert.ok(gaps[i] >= least - 2, `gap ${i} ${gaps[i]} ms ≥ ${least} ms (${gaps.join(', ')})`);
    // Doubling without a most would allow 6 attempts in 600 ms (10+20+40+80+160+320); capped at 40 ms, many more.
    assert.ok(at.length >= 9, `${at.length} attempts (${gaps.join(', ')})`);
  });

  it('a cancel during the backoff ends the wait at once', async () => {
    const t = new ScriptedTransport();
    const cancel = new AbortController();
    t.gets.set(NODES_PATH, () => {
      setImmediate(() => cancel.abort());
      return status(503, 'starting');
    });
    const r = await within(watchAll(new KubeClient(t), [{ ref: NODES }], () => 'never', { timeoutMs: 60_000, what: 'the nodes', signal: cancel.signal, retry: { firstBackoffMs: 30_000, maxBackoffMs: 30_000 } }), 2000, 'the cancelled wait');
    assert.ok(!r.ok && r.error.kind === 'aborted', JSON.stringify(r));
  });

  it('isTransient: no answer, 5xx, 429 and 410 heal by waiting; 401, 403, 404 and an answer over its cap do not', () => {
    assert.ok(isTransient({ kind: 'unreachable', message: 'ECONNRESET' }));
    for (const s of [500, 502, 503, 504, 429, 410]) assert.ok(isTransient({ kind: 'failed', status: s, message: '' }), String(s));
    assert.ok(!isTransient({ kind: 'unauthorized', message: '' }));
    assert.ok(!isTransient({ kind: 'forbidden', verb: 'watch', resource: 'nodes', group: '', message: '' }));
    assert.ok(!isTransient({ kind: 'absent', resource: 'plans', group: 'upgrade.cattle.io', message: '' }));
    assert.ok(!isTransient({ kind: 'failed', status: undefined, message: 'the list of nodes exceeded 128 MB; stopped reading' }));
    assert.ok(!isTransient({ kind: 'failed', status: 400, message: 'bad selector' }));
    assert.ok(!isTransient({ kind: 'aborted', message: 'cancelled' }));
  });
});
