import { type Result, err, ok, errorMessage } from '../common/result';
import { type CatalogData, type K3sRelease, type RookRelease, type Unparsed, validateCatalogData } from '../core/releases';
import type { FetchLike, KeyValueStore } from './ports';
import { fetchBounded } from './boundedFetch';
import {
  type GithubRelease, STORED_LIMITS, asGithubReleases, capK3sPage, capRookPage, k3sFromGithubRelease, onlineCatalogData, rookFromGithubRelease,
} from './githubReleases';

export const ONLINE_CACHE_KEY = 'upgradePlanner.releaseCatalog.online.v1';

interface CachedPage {
  readonly etag?: string;
  readonly k3s?: K3sRelease[];
  readonly rook?: RookRelease[];
  readonly unparsed?: Unparsed[];
}

interface Cache {
  readonly fetchedAt: string;
  readonly pages: Record<string, CachedPage>;
}

export interface OnlineSourceOptions {
  readonly fetch: FetchLike;
  readonly store: KeyValueStore;
  /** Read at every refresh: the `upgradePlanner.onlineReleaseData` setting. */
  readonly allowed: () => boolean;
  /** Called once per run of failures (again only after a success): log it, tell the user once. */
  readonly onError?: (message: string) => void;
  readonly now?: () => Date;
  /** Do not ask GitHub again within this time of the last refresh (default 6 h). */
  readonly minIntervalMs?: number;
  /** Pages of 100 K3s releases to read (default 2; K3s publishes release candidates too). */
  readonly k3sPages?: number;
  readonly apiBase?: string;
  /** One request, redirects and the whole body included (default 15 s). */
  readonly timeoutMs?: number;
  /** The whole refresh: every request and the parsing of every page (default 60 s). */
  readonly refreshBudgetMs?: number;
  /** Largest answer read for one page (default 8 MB; a real page of 100 releases is ~1 MB). */
  readonly maxPageBytes?: number;
  /** Milliseconds of a monotonic clock (default `performance.now`); tests pass their own. */
  readonly clock?: () => number;
}

/** Parsing yields to the event loop this often, so a large page never holds the extension host. */
const PARSE_SLICE_MS = 15;

export type RefreshOutcome = 'updated' | 'not-modified' | 'fresh' | 'disabled';

/**
 * Release data from the GitHub releases of k3s-io/k3s and rook/rook. Never blocks: `cached()`
 * answers at once from the stored copy, `start()` also schedules a refresh in the background.
 * Conditional requests (ETag / If-None-Match) keep refreshes cheap and off the rate limit.
 * GitHub's answers are untrusted: each is read with a size cap and a deadline, redirects off the API
 * host are refused, the refresh (parsing included) has a time budget, what is stored is capped
 * (STORED_LIMITS), and any failure keeps the previous cache.
 */
export class OnlineReleaseSource {
  private inFlight: Promise<Result<RefreshOutcome>> | undefined;
  private errorReported = false;
  private readonly listeners = new Set<(data: CatalogData) => void>();

  constructor(private readonly opts: OnlineSourceOptions) {}

  /** The stored data from the last successful refresh, undefined when none or when not allowed. */
  cached(): CatalogData | undefined {
    if (!this.opts.allowed()) return undefined;
    const cache = this.readCache();
    return cache ? this.toData(cache) : undefined;
  }

  /** Returns the cached data now and refreshes in the background; listeners hear about new data. */
  start(): CatalogData | undefined {
    this.refresh().then(
      () => undefined,
      () => undefined, // refresh() resolves with a Result; nothing is expected here.
    );
    return this.cached();
  }

  onDidUpdate(listener: (data: CatalogData) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** One refresh at a time; `force` ignores the minimum interval. */
  refresh(force = false): Promise<Result<RefreshOutcome>> {
    this.inFlight ??= this.doRefresh(force).finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private async doRefresh(force: boolean): Promise<Result<RefreshOutcome>> {
    if (!this.opts.allowed()) return ok('disabled');
    const now = this.opts.now?.() ?? new Date();
    const cache = this.readCache();
    const interval = this.opts.minIntervalMs ?? 6 * 3600_000;
    if (!force && cache && now.getTime() - Date.parse(cache.fetchedAt) < interval) return ok('fresh');
    const base = (this.opts.apiBase ?? 'https://api.github.com').replace(/\/$/, '');
    const urls = [
      ...Array.from({ length: Math.max(1, this.opts.k3sPages ?? 2) }, (_, i) => ({ url: `${base}/repos/k3s-io/k3s/releases?per_page=100&page=${i + 1}`, kind: 'k3s' as const })),
      { url: `${base}/repos/rook/rook/releases?per_page=100&page=1`, kind: 'rook' as const },
    ];
    const pages: Record<string, CachedPage> = {};
    let changed = false;
    const clock = this.opts.clock ?? (() => performance.now());
    const budget = this.opts.refreshBudgetMs ?? 60_000;
    const started = clock();
    const remaining = (): number => budget - (clock() - started);
    for (const { url, kind } of urls) {
      const old = cache?.pages[url];
      const r = await this.fetchPage(url, kind, old, remaining, budget);
      if (!r.ok) return this.fail(r.error);
      pages[url] = r.value.page;
      changed ||= r.value.changed;
    }
    const next: Cache = { fetchedAt: now.toISOString(), pages };
    try {
      await this.opts.store.update(ONLINE_CACHE_KEY, next);
    } catch (e) {
      return this.fail(`cannot store the release data: ${errorMessage(e)}`);
    }
    this.errorReported = false;
    if (changed) {
      const data = this.toData(next);
      for (const l of this.listeners) l(data);
    }
    return ok(changed ? 'updated' : 'not-modified');
  }

  private async fetchPage(url: string, kind: 'k3s' | 'rook', old: CachedPage | undefined, remaining: () => number, budget: number): Promise<Result<{ page: CachedPage; changed: boolean }>> {
    const headers: Record<string, string> = { Accept: 'application/vnd.github+json', 'User-Agent': 'kube-upgrade-planner' };
    if (old?.etag) headers['If-None-Match'] = old.etag;
    const deadlineMs = Math.min(this.opts.timeoutMs ?? 15_000, remaining());
    const outOfTime = `the release-data refresh took longer than ${budget / 1000} s; the cached data is kept`;
    if (deadlineMs <= 0) return err(outOfTime);
    const res = await fetchBounded(this.opts.fetch, url, headers, { maxBytes: this.opts.maxPageBytes ?? 8 * 1024 * 1024, deadlineMs });
    if (!res.ok) return err(`cannot read release data from GitHub: ${res.error}`);
    const { status } = res.value;
    if (status === 304 && old) return ok({ page: old, changed: false });
    if (status === 403 || status === 429) {
      const reset = res.value.headers.get('x-ratelimit-reset');
      const when = reset && /^\d+$/.test(reset) ? ` until ${new Date(Number(reset) * 1000).toISOString()}` : '';
      return err(`GitHub refused the release-data request (HTTP ${status}, rate limit${when})`);
    }
    if (status < 200 || status >= 300) return err(`GitHub answered HTTP ${status} for ${url}`);
    let json: unknown;
    try {
      json = JSON.parse(res.value.text) as unknown;
    } catch (e) {
      return err(`GitHub's answer for ${url} is not JSON: ${errorMessage(e)}`);
    }
    const list = asGithubReleases(json);
    if (!list.ok) return err(`GitHub's answer for ${url} ${list.error}; the cached release data is kept`);
    const parsed = await this.parsePage(kind, list.value, remaining);
    if (!parsed) return err(outOfTime);
    const etag = res.value.headers.get('etag') ?? undefined;
    return ok({ page: { ...(etag ? { etag } : {}), ...parsed }, changed: true });
  }

  /** Parses a page release by release, yielding to the event loop between slices; undefined when out of time. */
  private async parsePage(kind: 'k3s' | 'rook', list: readonly GithubRelease[], remaining: () => number): Promise<Omit<CachedPage, 'etag'> | undefined> {
    const clock = this.opts.clock ?? (() => performance.now());
    const k3s: K3sRelease[] = [];
    const rook: RookRelease[] = [];
    const unparsed: Unparsed[] = [];
    if (list.length > STORED_LIMITS.releasesPerPage) {
      unparsed.push({ line: 0, text: `${list.length} releases`, reason: `only the first ${STORED_LIMITS.releasesPerPage} releases of the page are read`, source: 'online' });
    }
    let sliceStart = clock();
    for (const r of list.slice(0, STORED_LIMITS.releasesPerPage)) {
      if (clock() - sliceStart > PARSE_SLICE_MS) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        sliceStart = clock();
      }
      if (remaining() <= 0) return undefined;
      if (kind === 'k3s') {
        const p = k3sFromGithubRelease(r);
        if (p.release) k3s.push(p.release);
        for (const u of p.unparsed) unparsed.push(u);
      } else {
        const p = rookFromGithubRelease(r);
        if (p.release) rook.push(p.release);
        for (const u of p.unparsed) unparsed.push(u);
      }
    }
    if (kind === 'k3s') {
      const capped = capK3sPage(k3s, unparsed);
      return { k3s: capped.releases, unparsed: capped.unparsed };
    }
    const capped = capRookPage(rook, unparsed);
    return { rook: capped.releases, unparsed: capped.unparsed };
  }

  private fail(message: string): Result<RefreshOutcome> {
    if (!this.errorReported) {
      this.errorReported = true;
      this.opts.onError?.(message);
    }
    return err(message);
  }

  private readCache(): Cache | undefined {
    const c = this.opts.store.get<unknown>(ONLINE_CACHE_KEY);
    if (typeof c !== 'object' || c === null) return undefined;
    const o = c as Partial<Cache>;
    return typeof o.fetchedAt === 'string' && typeof o.pages === 'object' && o.pages !== null ? (o as Cache) : undefined;
  }

  /** The stored pages as catalog data: validated and capped again (the store may hold an older version's copy). */
  private toData(cache: Cache): CatalogData {
    const k3s: K3sRelease[] = [];
    const rook: RookRelease[] = [];
    const unparsed: Unparsed[] = [];
    for (const p of Object.values(cache.pages)) {
      const page = typeof p === 'object' && p !== null ? p : {};
      const valid = validateCatalogData({ schemaVersion: 1, k3s: page.k3s, rook: page.rook, unparsed: page.unparsed });
      if (!valid.ok) continue;
      const k = capK3sPage(valid.value.k3s, valid.value.unparsed);
      const r = capRookPage(valid.value.rook, []);
      for (const x of k.releases) k3s.push(x);
      for (const x of r.releases) rook.push(x);
      for (const u of [...k.unparsed, ...r.unparsed]) unparsed.push(u);
    }
    return onlineCatalogData(k3s, rook, unparsed, cache.fetchedAt);
  }
}
