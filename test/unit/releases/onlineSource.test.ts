import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ONLINE_CACHE_KEY, OnlineReleaseSource, STORED_LIMITS, type FetchLike, type FetchResponse, fetchBounded } from '../../../src/releases';
import { timedAsync, underBudgetAsync } from '../helpers/timing';
import { MemoryStore, fetchFrom, jsonResponse } from './fakes';

const k3sPage = [{ tag_name: 'v1.36.0+k3s1', published_at: '2027-01-10T00:00:00Z', body: '## Changes since v1.35.4+k3s1:\n\n* Bump etcd [(#1)](https://github.com/k3s-io/k3s/pull/1)\n' }];
const rookPage = [{ tag_name: 'v1.21.0', published_at: '2027-02-01T00:00:00Z', body: '## Breaking Changes\n\n- Something removed\n' }];
const goodAnswer = (url: string): FetchResponse => jsonResponse(url.includes('k3s-io') ? (url.endsWith('page=1') ? k3sPage : []) : rookPage);

/** A source with one good refresh behind it, then `next` answering. */
async function primed(next: FetchLike, extra: Partial<ConstructorParameters<typeof OnlineReleaseSource>[0]> = {}): Promise<{ src: OnlineReleaseSource; store: MemoryStore; errors: string[] }> {
  const store = new MemoryStore();
  const errors: string[] = [];
  let first = true;
  const fetch: FetchLike = (url, init) => (first ? fetchFrom(goodAnswer)(url, init) : next(url, init));
  const src = new OnlineReleaseSource({ fetch, store, allowed: () => true, minIntervalMs: 0, onError: (m) => errors.push(m), ...extra });
  assert.deepEqual(await src.refresh(), { ok: true, value: 'updated' });
  first = false;
  return { src, store, errors };
}

/** A body that yields one byte per `ms`, forever. */
async function* trickle(ms: number): AsyncGenerator<Uint8Array> {
  for (;;) {
    await new Promise((r) => setTimeout(r, ms));
    yield new Uint8Array([0x5b]);
  }
}

describe('online release source on a hostile or broken answer', () => {
  it('an answer that is a JSON object is an error and keeps the previous cache (it used to empty it)', async () => {
    const { src, store, errors } = await primed(fetchFrom(() => jsonResponse({ message: 'Moved Permanently', documentation_url: 'x' })));
    const before = JSON.stringify(store.get(ONLINE_CACHE_KEY));
    const r = await src.refresh();
    assert.equal(r.ok, false);
    assert.match(errors[0], /is not a list of releases \(a JSON object\); the cached release data is kept/);
    assert.equal(JSON.stringify(store.get(ONLINE_CACHE_KEY)), before);
    assert.deepEqual(src.cached()!.k3s.map((x) => x.version), ['v1.36.0+k3s1']);
  });

  it('a 100 MB answer is abandoned at the byte limit, not read, not stored', async () => {
    let pulled = 0;
    async function* huge(): AsyncGenerator<Uint8Array> {
      const mb = new Uint8Array(1024 * 1024).fill(0x20);
      for (let i = 0; i < 100; i++) {
        await Promise.resolve();
        pulled++;
        yield mb;
      }
    }
    const { src, store, errors } = await primed(fetchFrom(() => ({ status: 200, headers: { get: () => null }, body: huge() })));
    const writes = store.writes;
    const r = await src.refresh();
    assert.equal(r.ok, false);
    assert.match(errors[0], /larger than 8388608 bytes; not read/);
    assert.ok(pulled <= 9, `read ${pulled} MB`);
    assert.equal(store.writes, writes, 'nothing written to saved state');
    assert.equal(src.cached()!.k3s.length, 1);
  });

  it('a server sending one byte a second times out by the deadline, body included', async () => {
    // A run over the time budget (a loaded machine) is repeated whole, with a fresh source.
    const { value: [r, errors], ms } = await underBudgetAsync(3000, async () => {
      const { src, errors: seen } = await primed(fetchFrom(() => ({ status: 200, headers: { get: () => null }, body: trickle(1000) })), { timeoutMs: 300 });
      const run = await timedAsync(() => src.refresh());
      return { value: [run.value, seen] as const, ms: run.ms };
    });
    assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
    assert.equal(r.ok, false);
    assert.match(errors[0], /no complete answer from https:\/\/api\.github\.com\/repos\/k3s-io\/k3s\/releases\?per_page=100&page=1 within 0\.3 s/);
  });

  it('a fetcher that never answers at all times out too', async () => {
    const { src, errors } = await primed(() => new Promise<FetchResponse>(() => undefined), { timeoutMs: 200 });
    assert.equal((await src.refresh()).ok, false);
    assert.match(errors[0], /within 0\.2 s/);
  });

  it('does not follow a redirect to another host, follows one on the API host', async () => {
    const log: string[] = [];
    const { src, errors } = await primed(fetchFrom(() => jsonResponse('', 302, { location: 'https://evil.example/releases' }), log));
    assert.equal((await src.refresh()).ok, false);
    assert.match(errors[0], /redirects to another host \(evil\.example\); not followed/);
    assert.equal(log.length, 1);
    const moved = new Set<string>();
    const renamed = fetchFrom((url) => {
      if (url.includes('/repos/k3s-io/') && !moved.has(url)) {
        moved.add(url);
        return jsonResponse('', 301, { location: url.replace('/repos/k3s-io/k3s/', '/repositories/1234/') });
      }
      return goodAnswer(url.replace('/repositories/1234/', '/repos/k3s-io/k3s/'));
    });
    const ok = await primed(renamed);
    assert.equal(ok.src.cached()!.k3s.length, 1);
  });

  it('refuses an answer that a fetcher following redirects got from another host', async () => {
    const { src, errors } = await primed(fetchFrom((url) => ({ ...goodAnswer(url), url: 'https://evil.example/x' })));
    assert.equal((await src.refresh()).ok, false);
    assert.match(errors[0], /came from another host/);
  });

  it('caps what it stores: releases per page, item length, text per page (a 5 MB page)', async () => {
    const item = (i: number): string => `* Change ${i} ${'x'.repeat(3000)} [(#${i})](u)`;
    const fat = Array.from({ length: 150 }, (_, n) => ({
      tag_name: `v1.36.${n}+k3s1`, published_at: '2027-01-10T00:00:00Z',
      body: `## Changes since v1.35.4+k3s1:\n\n${Array.from({ length: 12 }, (_, i) => item(i)).join('\n')}\n`,
    }));
    const store = new MemoryStore();
    const src = new OnlineReleaseSource({ fetch: fetchFrom((url) => jsonResponse(url.includes('k3s-io') && url.endsWith('page=1') ? fat : [])), store, allowed: () => true });
    assert.ok((await src.refresh()).ok);
    const data = src.cached()!;
    assert.equal(data.k3s.length, STORED_LIMITS.releasesPerPage);
    for (const r of data.k3s) {
      assert.ok(r.items.every((i) => i.text.length <= STORED_LIMITS.itemChars + 1));
      assert.ok(r.items.reduce((a, i) => a + i.text.length, 0) <= STORED_LIMITS.textCharsPerRelease + STORED_LIMITS.itemChars + 1);
    }
    assert.ok(JSON.stringify(store.get(ONLINE_CACHE_KEY)).length < 3 * STORED_LIMITS.textCharsPerPage, 'saved state stays a few MB');
    assert.ok(data.unparsed.some((u) => /only the first 100 releases of the page are read/.test(u.reason)));
    assert.ok(data.unparsed.some((u) => /items not kept \(stored release data is capped\)/.test(u.reason)), JSON.stringify(data.unparsed.slice(0, 5)));
  });

  it('caps a stored copy written without caps when reading it back', () => {
    const store = new MemoryStore();
    const items = Array.from({ length: 1000 }, (_, i) => ({ text: `item ${i}`, kind: 'other', origin: 'change', depth: 0, ids: [] }));
    store.values.set(ONLINE_CACHE_KEY, { fetchedAt: '2027-01-01T00:00:00Z', pages: { p: { k3s: [{ version: 'v1.36.0+k3s1', components: {}, items }], unparsed: 'junk' } } });
    const src = new OnlineReleaseSource({ fetch: fetchFrom(goodAnswer), store, allowed: () => true });
    assert.equal(src.cached()!.k3s[0].items.length, STORED_LIMITS.itemsPerRelease);
  });

  it('keeps parsing inside the refresh budget and keeps the cache when it runs out', async () => {
    let t = 0;
    const clock = (): number => (t += 400);
    const many = Array.from({ length: 50 }, (_, n) => ({ tag_name: `v1.36.${n}+k3s1`, body: '* x' }));
    const { src, errors } = await primed(fetchFrom(() => jsonResponse(many)), { clock, refreshBudgetMs: 5000 });
    assert.equal((await src.refresh()).ok, false);
    assert.match(errors[0], /took longer than 5 s; the cached data is kept/);
    assert.equal(src.cached()!.k3s.length, 1);
  });
});

describe('fetchBounded with the real fetch against a local server', () => {
  let server: http.Server;
  let base = '';
  const sockets = new Set<import('node:net').Socket>();
  before(async () => {
    server = http.createServer((req, res) => {
      if (req.url === '/slow') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const timer = setInterval(() => res.write('['), 1000);
        res.on('close', () => clearInterval(timer));
      } else if (req.url === '/huge') {
        res.writeHead(200, { 'content-type': 'application/json' });
        const chunk = Buffer.alloc(1024 * 1024, 0x20);
        let sent = 0;
        const pump = (): void => {
          while (sent < 100 && !res.destroyed) {
            sent++;
            if (!res.write(chunk)) return void res.once('drain', pump);
          }
          res.end();
        };
        pump();
      } else if (req.url === '/away') {
        res.writeHead(302, { location: 'http://example.invalid/releases' }).end();
      } else {
        res.writeHead(200, { 'content-type': 'application/json' }).end('[]');
      }
    });
    server.on('connection', (s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(async () => {
    for (const s of sockets) s.destroy();
    await new Promise((r) => server.close(r));
  });

  const realFetch: FetchLike = (url, init) => fetch(url, init);

  it('times out a one-byte-a-second body', async () => {
    // A run over the time budget (a loaded machine) is repeated whole, with a fresh request.
    const { value: r, ms } = await underBudgetAsync(3000, () => timedAsync(() => fetchBounded(realFetch, `${base}/slow`, {}, { maxBytes: 1024, deadlineMs: 500 })));
    assert.ok(!r.ok && /within 0\.5 s/.test(r.error), JSON.stringify(r));
    assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
  });

  it('stops reading a 100 MB body at the limit', async () => {
    const r = await fetchBounded(realFetch, `${base}/huge`, {}, { maxBytes: 8 * 1024 * 1024, deadlineMs: 10_000 });
    assert.ok(!r.ok && /larger than 8388608 bytes/.test(r.error), JSON.stringify(r));
  });

  it('sees the redirect instead of following it to another host, and reads a plain answer', async () => {
    const r = await fetchBounded(realFetch, `${base}/away`, {}, { maxBytes: 1024, deadlineMs: 5000 });
    assert.ok(!r.ok && /redirects to another host \(example\.invalid\); not followed/.test(r.error), JSON.stringify(r));
    const plain = await fetchBounded(realFetch, `${base}/ok`, {}, { maxBytes: 1024, deadlineMs: 5000 });
    assert.deepEqual(plain.ok && plain.value.text, '[]');
  });
});
