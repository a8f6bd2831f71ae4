// The simulator's client: @kubernetes/client-node for configuration, authentication and watches, plus a small
// JSON request helper for the verbs it needs (merge/JSON patches, status subresources, create).
import https from 'node:https';
import { KubeConfig, Watch } from '@kubernetes/client-node';

export interface ObjectMeta {
  name: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: { kind: string; name: string; uid: string }[];
  deletionTimestamp?: string;
}

export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

interface ListResult<T> {
  metadata: { resourceVersion: string; continue?: string };
  items: T[];
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export class Kube {
  readonly watcher: Watch;
  private readonly agent: https.Agent;
  private readonly server: URL;

  constructor(readonly kc: KubeConfig) {
    this.watcher = new Watch(kc);
    this.agent = new https.Agent({ keepAlive: true, maxSockets: 16 });
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new Error('kubeconfig has no current cluster');
    this.server = new URL(cluster.server);
  }

  async request<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
    const opts: https.RequestOptions = {
      host: this.server.hostname,
      port: this.server.port,
      path,
      method,
      agent: this.agent,
      headers: { Accept: 'application/json' },
    };
    await this.kc.applyToHTTPSOptions(opts);
    const data = body === undefined ? undefined : JSON.stringify(body);
    if (data !== undefined) opts.headers = { ...opts.headers, 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(data) };
    return new Promise<T>((resolve, reject) => {
      const req = https.request(opts, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) {
            resolve((text ? JSON.parse(text) : undefined) as T);
          } else {
            let msg = text;
            try {
              msg = (JSON.parse(text) as { message?: string }).message ?? text;
            } catch {
              /* not JSON */
            }
            reject(new HttpError(status, `${method} ${path}: ${status} ${msg}`));
          }
        });
      });
      req.setTimeout(30000, () => req.destroy(new Error(`${method} ${path}: timeout`)));
      req.on('error', reject);
      if (data !== undefined) req.write(data);
      req.end();
    });
  }

  mergePatch<T>(path: string, patch: unknown): Promise<T> {
    return this.request<T>('PATCH', path, patch, 'application/merge-patch+json');
  }

  jsonPatch<T>(path: string, ops: unknown[]): Promise<T> {
    return this.request<T>('PATCH', path, ops, 'application/json-patch+json');
  }

  async list<T>(path: string): Promise<ListResult<T>> {
    const items: T[] = [];
    let cont: string | undefined;
    let rv = '';
    do {
      const sep = path.includes('?') ? '&' : '?';
      const page = await this.request<ListResult<T>>('GET', `${path}${sep}limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      items.push(...page.items);
      cont = page.metadata.continue || undefined;
      rv = page.metadata.resourceVersion;
    } while (cont);
    return { metadata: { resourceVersion: rv }, items };
  }

  close(): void {
    this.agent.destroy();
  }
}

/**
 * A list-then-watch cache of one resource, restarted when the watch ends; calls onChange after every event.
 * An API server that goes away (restarted mid-test) is waited for: failed watches and lists are retried with a
 * backoff (200 ms doubling to 5 s) until one works, from the last resourceVersion, or by a relist when it is too old.
 */
export class Informer<T extends KObject> {
  readonly cache = new Map<string, T>();
  private abort: AbortController | undefined;
  private stopped = false;
  /** Failed watches or lists in a row: the next try waits longer. */
  private failures = 0;
  synced = false;

  constructor(
    private readonly kube: Kube,
    private readonly path: string,
    private readonly onChange: () => void,
    private readonly log: (s: string) => void,
  ) {}

  static key(o: KObject): string {
    return o.metadata.namespace ? `${o.metadata.namespace}/${o.metadata.name}` : o.metadata.name;
  }

  list(): T[] {
    return [...this.cache.values()];
  }

  async start(): Promise<void> {
    const { items, metadata } = await this.kube.list<T>(this.path);
    this.failures = 0;
    this.cache.clear();
    for (const o of items) this.cache.set(Informer.key(o), o);
    this.synced = true;
    this.onChange();
    await this.watchFrom(metadata.resourceVersion);
  }

  private backoffMs(): number {
    return this.failures === 0 ? 200 : Math.min(5000, 200 * 2 ** (this.failures - 1));
  }

  /** Watches again from `rv`, or relists when there is none to resume from; a relist that fails is tried again. */
  private resume(rv: string | undefined): void {
    setTimeout(() => {
      if (this.stopped) return;
      const next = rv === undefined ? this.start() : this.watchFrom(rv);
      next.catch((e: unknown) => {
        this.failures++;
        this.log(`${rv === undefined ? 'relist' : 'rewatch'} ${this.path} failed: ${String(e)}; relisting in ${this.backoffMs()} ms`);
        this.resume(undefined);
      });
    }, this.backoffMs());
  }

  private async watchFrom(resourceVersion: string): Promise<void> {
    if (this.stopped) return;
    let rv = resourceVersion;
    let expired = false;
    this.abort = await this.kube.watcher.watch(
      this.path,
      // The server ends the watch after a minute and it is resumed from the last resourceVersion, so a watch that
      // stalled without an error (a half-open connection after an API server restart) cannot keep a stale cache.
      { resourceVersion: rv, allowWatchBookmarks: true, timeoutSeconds: 60 },
      (phase: string, obj: T) => {
        this.failures = 0;
        if (obj?.metadata?.resourceVersion) rv = obj.metadata.resourceVersion;
        if (phase === 'BOOKMARK') return;
        if (phase === 'ERROR') {
          expired = true; // e.g. 410 Gone: relist
          return;
        }
        if (phase === 'DELETED') this.cache.delete(Informer.key(obj));
        else if (phase === 'ADDED' || phase === 'MODIFIED') this.cache.set(Informer.key(obj), obj);
        this.onChange();
      },
      (err: unknown) => {
        if (this.stopped) return;
        const gone = expired || (err instanceof Error && /410|Gone|too old/i.test(err.message));
        if (err) {
          this.failures++;
          this.log(`watch ${this.path} ended: ${String(err)}; again in ${this.backoffMs()} ms`);
        }
        this.resume(gone ? undefined : rv);
      },
    );
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
  }
}

/** Kubernetes label selector (matchLabels + matchExpressions). `undefined` selects nothing, `{}` everything. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: string; values?: string[] }[];
}

export function selects(sel: LabelSelector | undefined | null, labels: Record<string, string> = {}): boolean {
  if (!sel) return false;
  for (const [k, v] of Object.entries(sel.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of sel.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const val = labels[e.key];
    switch (e.operator) {
      case 'In':
        if (!has || !(e.values ?? []).includes(val)) return false;
        break;
      case 'NotIn':
        if (has && (e.values ?? []).includes(val)) return false;
        break;
      case 'Exists':
        if (!has) return false;
        break;
      case 'DoesNotExist':
        if (has) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
