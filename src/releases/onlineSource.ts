import { type Result, err, ok, errorMessage } from '../common/result';
import type { CatalogData, K3sRelease, RookRelease, Unparsed } from '../core/releases';
import type { FetchLike, KeyValueStore } from './ports';
import { asGithubReleases, k3sFromGithub, onlineCatalogData, rookFromGithub } from './githubReleases';

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
  readonly timeoutMs?: number;
}

export type RefreshOutcome = 'updated' | 'not-modified' | 'fresh' | 'disabled';

/**
 * Release data from the GitHub releases of k3s-io/k3s and rook/rook. Never blocks: `cached()`
 * answers at once from the stored copy, `start()` also schedules a refresh in the background.
 * Conditional requests (ETag / If-None-Match) keep refreshes cheap and off the rate limit.
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
    for (const { url, kind } of urls) {
      const old = cache?.pages[url];
      const r = await this.fetchPage(url, kind, old);
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

  private async fetchPage(url: string, kind: 'k3s' | 'rook', old: CachedPage | undefined): Promise<Result<{ page: CachedPage; changed: boolean }>> {
    const headers: Record<string, string> = { Accept: 'application/vnd.github+json', 'User-Agent': 'kube-upgrade-planner' };
    if (old?.etag) headers['If-None-Match'] = old.etag;
    const signal = typeof AbortSignal.timeout === 'function' ? AbortSignal.timeout(this.opts.timeoutMs ?? 15_000) : undefined;
    let res;
    try {
      res = await this.opts.fetch(url, { headers, ...(signal ? { signal } : {}) });
    } catch (e) {
      return err(`cannot reach GitHub for release data (${url}): ${errorMessage(e)}`);
    }
    if (res.status === 304 && old) return ok({ page: old, changed: false });
    if (res.status === 403 || res.status === 429) {
      const reset = res.headers.get('x-ratelimit-reset');
      const when = reset && /^\d+$/.test(reset) ? ` until ${new Date(Number(reset) * 1000).toISOString()}` : '';
      return err(`GitHub refused the release-data request (HTTP ${res.status}, rate limit${when})`);
    }
    if (res.status < 200 || res.status >= 300) return err(`GitHub answered HTTP ${res.status} for ${url}`);
    let json: unknown;
    try {
      json = await res.json();
    } catch (e) {
      return err(`GitHub's answer for ${url} is not JSON: ${errorMessage(e)}`);
    }
    const releases = asGithubReleases(json);
    const etag = res.headers.get('etag') ?? undefined;
    const parsed = kind === 'k3s' ? k3sFromGithub(releases) : rookFromGithub(releases);
    const page: CachedPage = { ...(etag ? { etag } : {}), ...('k3s' in parsed ? { k3s: parsed.k3s } : { rook: parsed.rook }), unparsed: parsed.unparsed.slice(0, 200) };
    return ok({ page, changed: true });
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

  private toData(cache: Cache): CatalogData {
    const pages = Object.values(cache.pages);
    return onlineCatalogData(
      pages.flatMap((p) => (Array.isArray(p.k3s) ? p.k3s : [])),
      pages.flatMap((p) => (Array.isArray(p.rook) ? p.rook : [])),
      pages.flatMap((p) => (Array.isArray(p.unparsed) ? p.unparsed : [])),
      cache.fetchedAt,
    );
  }
}
