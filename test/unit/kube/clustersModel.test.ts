import * as assert from 'node:assert/strict';
import { nullLogger } from '../../../src/common/logger';
import type { Result } from '../../../src/common/result';
import type { IDisposable } from '../../../src/common/lifecycle';
import { KubeClient, type HttpResponse, type Transport } from '../../../src/kube/client';
import { ClustersModel, type ClusterSource } from '../../../src/kube/clustersModel';
import type { KubeconfigLoad } from '../../../src/kube/contexts';
import { discover } from '../../../src/kube/discovery';
import { FakeTransport } from '../cluster/fakeTransport';

const node = (name: string, unschedulable = false) => ({
  metadata: { name, resourceVersion: '7', labels: {} },
  spec: { unschedulable },
  status: { nodeInfo: { kubeletVersion: 'v1.30.4+k3s1' }, conditions: [{ type: 'Ready', status: 'True' }] },
});

const routes = {
  '/version': () => ({ gitVersion: 'v1.30.4+k3s1' }),
  '/api/v1/nodes': () => ({ metadata: { resourceVersion: '5' }, items: [node('a'), node('b')] }),
};

/** Answers SelfSubjectAccessReviews: allowed unless `denied` names the resource. */
class ReviewingTransport extends FakeTransport {
  posts = 0;
  constructor(private readonly denied: readonly string[]) {
    super(routes);
  }
  post(_path: string, body: string): Promise<HttpResponse> {
    this.posts++;
    if (this.down) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
    const a = (JSON.parse(body) as { spec: { resourceAttributes: { resource: string } } }).spec.resourceAttributes;
    return Promise.resolve({ status: 201, body: JSON.stringify({ status: { allowed: !this.denied.includes(a.resource) } }) });
  }
}

/** Streams given watch lines once, then holds the watch open until aborted. */
class WatchingTransport extends FakeTransport {
  lines: string[] = [];
  override stream(_path: string, onLine: (l: string) => void, signal?: AbortSignal): Promise<HttpResponse> {
    for (const l of this.lines.splice(0)) onLine(l);
    return new Promise((resolve) => signal?.addEventListener('abort', () => resolve({ status: 200, body: '' }), { once: true }));
  }
}

function source(transport: Transport, reads: { n: number }): ClusterSource {
  const load: Result<KubeconfigLoad> = {
    ok: true,
    value: { kind: 'loaded', source: { files: [], origin: 'setting' }, kubeConfig: {} as never, contexts: [{ name: 'c', cluster: 'c', user: 'u', server: 'https://x', namespace: undefined, isCurrent: true }] },
  };
  return {
    loadKubeconfig: () => Promise.resolve(load),
    connect: () => Promise.resolve({ client: new KubeClient(transport) }),
    discover: (client, target, signal) => {
      reads.n++;
      return discover(client, target, signal);
    },
    setCurrentContext: () => Promise.resolve({ ok: true, value: 'file' }),
  };
}

describe('kube/ClustersModel (fake cluster)', () => {
  it('readLive: an action\'s fresh read is what the explorer shows, and its client is not closed under it by a refresh', async () => {
    class Counting extends FakeTransport {
      disposed = 0;
      override dispose(): void {
        this.disposed++;
      }
    }
    const t = new Counting(routes);
    const reads = { n: 0 };
    const m = new ClustersModel(() => ({ files: [], origin: 'setting' }), () => Promise.resolve(source(t, reads)), nullLogger);
    try {
      const live = await m.readLive('c');
      assert.ok(live.ok);
      assert.equal(reads.n, 1);
      assert.equal(await m.snapshot('c'), m.peek('c'), 'the explorer gets the same read');
      assert.ok(m.peek('c')?.ok);
      assert.equal(reads.n, 1, 'no second read');
      const changed = new Promise<string>((resolve) => m.onDidChangeCluster(resolve));
      m.refreshCluster('c');
      await changed;
      assert.equal(t.disposed, 0, 'the client an action is using stays open');
    } finally {
      m.dispose();
    }
  });

  it('caches a failure until Retry, then reads again', async () => {
    const t = new FakeTransport(routes);
    t.down = true;
    const reads = { n: 0 };
    const src = source(t, reads);
    const m = new ClustersModel(() => ({ files: [], origin: 'setting' }), () => Promise.resolve(src), nullLogger);
    try {
      const first = await m.snapshot('c');
      assert.ok(!first.ok && first.error.kind === 'unreachable');
      assert.equal(await m.snapshot('c'), first);
      assert.equal(reads.n, 1);
      t.down = false;
      const changed = new Promise<string>((resolve) => m.onDidChangeCluster(resolve));
      m.refreshCluster('c');
      m.refreshCluster('c'); // debounced: one re-read
      assert.equal(await changed, 'c');
      const second = await m.snapshot('c');
      assert.ok(second.ok);
      assert.equal(reads.n, 2);
      assert.equal(m.peek('c'), second);
    } finally {
      m.dispose();
    }
  });

  it('applies node watch events while watching, debounced into one change', async () => {
    const t = new WatchingTransport(routes);
    t.lines = [
      JSON.stringify({ type: 'MODIFIED', object: node('a', true) }),
      JSON.stringify({ type: 'ADDED', object: node('c') }),
      JSON.stringify({ type: 'DELETED', object: node('b') }),
    ];
    const m = new ClustersModel(() => ({ files: [], origin: 'setting' }), () => Promise.resolve(source(t, { n: 0 })), nullLogger);
    try {
      m.setWatching(true);
      const changed = new Promise<string>((resolve) => m.onDidChangeNodes(resolve));
      assert.ok((await m.snapshot('c')).ok);
      assert.equal(await changed, 'c');
      const s = m.peek('c');
      assert.ok(s?.ok && s.value.nodes.state === 'ok');
      assert.deepEqual(s.value.nodes.value.map((n) => [n.name, n.unschedulable]), [['a', true], ['c', false]]);
      assert.ok(t.paths.some((p) => p.startsWith('/api/v1/nodes?limit=500')));
    } finally {
      m.dispose();
    }
  });
  it('re-reads the kubeconfig once after a burst of kubeconfig file changes, and re-watches when the files change', async () => {
    const watched: { files: readonly string[]; onChange: () => void; disposed: boolean }[] = [];
    const watchFiles = (files: readonly string[], onChange: () => void): IDisposable => {
      const w = { files, onChange, disposed: false };
      watched.push(w);
      return { dispose: () => (w.disposed = true) };
    };
    let files = ['/a/config'];
    const src = source(new FakeTransport(routes), { n: 0 });
    const m = new ClustersModel(() => ({ files, origin: 'setting' }), () => Promise.resolve(src), nullLogger, { watchFiles });
    try {
      assert.deepEqual(watched.map((w) => w.files), [['/a/config']]);
      let changes = 0;
      m.onDidChange(() => changes++);
      const changed = new Promise<void>((resolve) => m.onDidChange(() => resolve()));
      for (let i = 0; i < 5; i++) watched[0].onChange();
      await changed;
      await new Promise((r) => setTimeout(r, 400));
      assert.equal(changes, 1, 'a burst of writes costs one re-read');
      assert.equal(watched.length, 1, 'same files: the watcher is kept');
      // The setting now names another file: refresh() watches it instead.
      files = ['/b/config'];
      m.refresh();
      assert.deepEqual(watched.map((w) => [w.files, w.disposed]), [[['/a/config'], true], [['/b/config'], false]]);
    } finally {
      m.dispose();
    }
    assert.ok(watched.every((w) => w.disposed), 'dispose stops watching');
  });

  it('tells listeners when the kubeconfig was read', async () => {
    const m = new ClustersModel(() => ({ files: [], origin: 'setting' }), () => Promise.resolve(source(new FakeTransport(routes), { n: 0 })), nullLogger);
    try {
      const loaded = new Promise<boolean>((resolve) => m.onDidLoadKubeconfig((r) => resolve(r.ok && r.value.kind === 'loaded')));
      await m.load();
      assert.equal(await loaded, true);
    } finally {
      m.dispose();
    }
  });

  it('asks what the credentials may do once per successful read, never before a read', async () => {
    const t = new ReviewingTransport(['plans', 'nodes']);
    const m = new ClustersModel(() => ({ files: [], origin: 'setting' }), () => Promise.resolve(source(t, { n: 0 })), nullLogger);
    try {
      await m.load();
      assert.equal(t.posts, 0, 'loading the kubeconfig asks nothing');
      assert.equal(m.upgradeAccess('c'), undefined);
      const read = new Promise<string>((resolve) => m.onDidRead(resolve));
      assert.ok((await m.snapshot('c')).ok);
      assert.equal(await read, 'c');
      const access = m.upgradeAccess('c');
      assert.ok(access?.ok, JSON.stringify(access));
      assert.equal(access.value.canRun, false);
      assert.equal(
        access.value.sentence,
        'read-only for upgrades: cannot create plans.upgrade.cattle.io in system-upgrade, patch plans.upgrade.cattle.io in system-upgrade, ' +
          'watch plans.upgrade.cattle.io in system-upgrade, delete plans.upgrade.cattle.io in system-upgrade, patch nodes, watch nodes',
      );
      const asked = t.posts;
      assert.equal(asked, access.value.asked);
      await m.snapshot('c');
      assert.equal(t.posts, asked, 'cached with the snapshot');
      // A Retry that fails drops what the old read said.
      t.down = true;
      const changed = new Promise<string>((resolve) => m.onDidChangeCluster(resolve));
      m.refreshCluster('c');
      await changed;
      assert.equal(m.upgradeAccess('c'), undefined);
      assert.ok(!(await m.snapshot('c')).ok);
      assert.equal(m.upgradeAccess('c'), undefined);
      assert.equal(t.posts, asked);
    } finally {
      m.dispose();
    }
  });
});
