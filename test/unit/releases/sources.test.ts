import * as assert from 'node:assert/strict';
import {
  BundledCatalogSource, MirrorFolderSource, OnlineReleaseSource, ONLINE_CACHE_KEY, loadReleaseCatalog, type FetchLike,
} from '../../../src/releases';
import { diffReleases } from '../../../src/core/releases';
import { readData, readNotes } from './helpers';
import { MemoryFs, MemoryStore, jsonResponse } from './fakes';

/** A made-up v1.36 line in the k3s docs format, derived from the real v1.35 file. */
function fakeV136(): string {
  return readNotes('v1.35.X.md').replace(/v1\.35\./g, 'v1.36.').replace(/1\.35\.X/g, '1.36.X').replace(/2026/g, '2027');
}

const bundledFs = (): MemoryFs => new MemoryFs(new Map([['/ext/data/catalog.json', readData('catalog.json')]]));

describe('release sources', () => {
  it('BundledCatalogSource reads and validates the generated file once', async () => {
    const fs = bundledFs();
    const src = new BundledCatalogSource(fs, '/ext/data/catalog.json');
    const r = await src.load();
    assert.ok(r.ok);
    assert.equal(r.value.k3s.length, 142);
    fs.files.clear();
    assert.ok((await src.load()).ok, 'kept after the first read');
    const missing = await new BundledCatalogSource(fs, '/nope.json').load();
    assert.equal(missing.ok, false);
    const broken = await new BundledCatalogSource(new MemoryFs(new Map([['/b.json', '{']])), '/b.json').load();
    assert.ok(!broken.ok && /not valid JSON/.test(broken.error));
  });

  it('MirrorFolderSource lets an air-gapped site plan to a release newer than the extension', async () => {
    const fs = bundledFs();
    fs.files.set('/mirror/v1.36.X.md', fakeV136());
    fs.files.set('/mirror/README.txt', 'ignored');
    const mirror = new MirrorFolderSource(fs, '/mirror');
    const m = await mirror.load();
    assert.ok(m.ok);
    assert.deepEqual(m.value.files, ['v1.36.X.md']);
    assert.equal(m.value.data.k3s.length, 6);
    const { catalog, problems } = await loadReleaseCatalog({ bundled: new BundledCatalogSource(fs, '/ext/data/catalog.json'), mirror });
    assert.deepEqual(problems, []);
    assert.equal(catalog.newest()!.version, 'v1.36.4+k3s1');
    assert.equal(catalog.newest()!.origin, 'mirror');
    assert.equal(catalog.latestPatch('1.35')!.origin, 'bundled');
    const d = diffReleases(catalog, 'k3s', 'v1.35.4+k3s1', 'v1.36.4+k3s1');
    assert.ok(d.ok);
    assert.equal(d.value.releases.length, 6);
  });

  it('a missing mirror folder is a problem, not a failure', async () => {
    const fs = bundledFs();
    const { catalog, problems } = await loadReleaseCatalog({ bundled: new BundledCatalogSource(fs, '/ext/data/catalog.json'), mirror: new MirrorFolderSource(fs, '/gone') });
    assert.equal(catalog.k3sReleases().length, 142);
    assert.equal(problems.length, 1);
    assert.match(problems[0], /cannot read the release mirror folder \/gone/);
  });

  describe('OnlineReleaseSource', () => {
    const k3sPage = [
      { tag_name: 'v1.36.0+k3s1', published_at: '2027-01-10T00:00:00Z', prerelease: false, body: '## Changes since v1.35.4+k3s1:\n\n* Bump etcd [(#1)](https://github.com/k3s-io/k3s/pull/1)\n\n## Embedded Component Versions\n| Component | Version |\n|---|---|\n| Kubernetes | [v1.36.0](u) |\n' },
      { tag_name: 'v1.36.0-rc1+k3s1', published_at: '2027-01-05T00:00:00Z', prerelease: true, body: '' },
    ];
    const rookPage = [{ tag_name: 'v1.21.0', published_at: '2027-02-01T00:00:00Z', body: '## Breaking Changes\n\n- Something removed\n' }];

    function fakeFetch(log: string[], status = 200): FetchLike {
      return (url, init) => {
        log.push(`${url} ${init.headers['If-None-Match'] ?? '-'}`);
        const body = url.includes('k3s-io') ? (url.endsWith('page=1') ? k3sPage : []) : rookPage;
        const etag = `"${url.length}"`;
        const s = init.headers['If-None-Match'] === etag ? 304 : status;
        return Promise.resolve(jsonResponse(body, s, { etag }));
      };
    }

    it('fetches, caches with ETags, then revalidates with If-None-Match', async () => {
      const log: string[] = [];
      const store = new MemoryStore();
      let now = new Date('2027-03-01T00:00:00Z');
      const src = new OnlineReleaseSource({ fetch: fakeFetch(log), store, allowed: () => true, now: () => now });
      assert.equal(src.cached(), undefined);
      const updates: number[] = [];
      src.onDidUpdate((d) => updates.push(d.k3s.length));
      const r = await src.refresh();
      assert.deepEqual(r, { ok: true, value: 'updated' });
      assert.deepEqual(updates, [1]);
      const data = src.cached()!;
      assert.deepEqual(data.k3s.map((x) => x.version), ['v1.36.0+k3s1']);
      assert.equal(data.k3s[0].components.kubernetes, 'v1.36.0');
      assert.equal(data.rook[0].breaking[0].text, 'Something removed');
      assert.equal(data.asOf, '2027-03-01T00:00:00.000Z');
      assert.ok(store.get(ONLINE_CACHE_KEY));
      assert.deepEqual(await src.refresh(), { ok: true, value: 'fresh' }, 'within the minimum interval: no request');
      assert.equal(log.length, 3);
      now = new Date('2027-03-02T00:00:00Z');
      assert.deepEqual(await src.refresh(), { ok: true, value: 'not-modified' });
      assert.equal(log.length, 6);
      assert.ok(log.slice(3).every((l) => !l.endsWith(' -')), 'conditional requests');
      assert.deepEqual(updates, [1]);
    });

    it('does nothing when not allowed', async () => {
      const log: string[] = [];
      const store = new MemoryStore();
      let allowed = true;
      const src = new OnlineReleaseSource({ fetch: fakeFetch(log), store, allowed: () => allowed });
      await src.refresh();
      allowed = false;
      assert.equal(src.cached(), undefined, 'cached data is not used while the setting is off');
      assert.deepEqual(await src.refresh(true), { ok: true, value: 'disabled' });
      assert.equal(log.length, 3);
    });

    it('reports an error once per run of failures and keeps the cached data', async () => {
      const errors: string[] = [];
      const store = new MemoryStore();
      let status = 200;
      const log: string[] = [];
      const fetch: FetchLike = (url, init) => fakeFetch(log, status)(url, init);
      const src = new OnlineReleaseSource({ fetch, store, allowed: () => true, onError: (m) => errors.push(m), minIntervalMs: 0 });
      await src.refresh();
      status = 500;
      store.values.set(ONLINE_CACHE_KEY, { ...store.get<object>(ONLINE_CACHE_KEY), pages: {} }); // forget ETags
      const a = await src.refresh();
      const b = await src.refresh();
      assert.equal(a.ok, false);
      assert.equal(b.ok, false);
      assert.equal(errors.length, 1);
      assert.match(errors[0], /HTTP 500/);
      const throwing = new OnlineReleaseSource({ fetch: () => Promise.reject(new Error('getaddrinfo ENOTFOUND')), store: new MemoryStore(), allowed: () => true, onError: (m) => errors.push(m) });
      assert.equal((await throwing.refresh()).ok, false);
      assert.match(errors[1], /release data from GitHub: cannot reach .*ENOTFOUND/);
    });

    it('start() answers at once from the cache and refreshes in the background', async () => {
      const store = new MemoryStore();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((r) => { release = r; });
      const fetch: FetchLike = async (url, init) => {
        await gate;
        return fakeFetch([])(url, init);
      };
      const src = new OnlineReleaseSource({ fetch, store, allowed: () => true });
      const updated = new Promise<number>((resolve) => src.onDidUpdate((d) => resolve(d.k3s.length)));
      assert.equal(src.start(), undefined, 'nothing cached yet, and no waiting for the network');
      release();
      assert.equal(await updated, 1);
      assert.equal(src.cached()!.k3s.length, 1);
    });
  });
});
