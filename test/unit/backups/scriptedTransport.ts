import type { HttpResponse, RequestLimits, Transport } from '../../../src/kube/client';

/** One request as the fake saw it. */
export interface Seen {
  readonly method: 'GET' | 'POST' | 'DELETE' | 'WATCH';
  readonly path: string;
  readonly body?: unknown;
}

type Answer = HttpResponse | object;

/**
 * A Transport whose answers are scripted per method and path (without query): lists and gets from
 * `gets`, creates from `posts`, and watches from `watches` (each call takes the next list of event
 * lines, then the stream ends; none left: the stream waits until aborted). Records every request.
 */
export class ScriptedTransport implements Transport {
  readonly seen: Seen[] = [];
  readonly gets = new Map<string, (q: URLSearchParams) => Answer>();
  readonly posts = new Map<string, (body: unknown, q: URLSearchParams) => Answer>();
  readonly deletes = new Map<string, (q: URLSearchParams) => Answer>();
  readonly watches = new Map<string, object[][]>();

  private answer(a: Answer): HttpResponse {
    const r = a as Partial<HttpResponse>;
    return typeof r.status === 'number' && typeof r.body === 'string' ? { status: r.status, body: r.body } : { status: 200, body: JSON.stringify(a) };
  }

  private route<T>(table: Map<string, T>, path: string): { handler: T | undefined; q: URLSearchParams } {
    const url = new URL(path, 'https://fake');
    return { handler: table.get(url.pathname), q: url.searchParams };
  }

  get(path: string, signal?: AbortSignal, _limits?: RequestLimits): Promise<HttpResponse> {
    this.seen.push({ method: 'GET', path });
    if (signal?.aborted) return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    const { handler, q } = this.route(this.gets, path);
    return Promise.resolve(handler ? this.answer(handler(q)) : { status: 404, body: JSON.stringify({ kind: 'Status', message: 'not found', code: 404 }) });
  }

  post(path: string, body: string, signal?: AbortSignal): Promise<HttpResponse> {
    const parsed = JSON.parse(body) as unknown;
    this.seen.push({ method: 'POST', path, body: parsed });
    if (signal?.aborted) return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    const { handler, q } = this.route(this.posts, path);
    return Promise.resolve(handler ? this.answer(handler(parsed, q)) : { status: 404, body: '{"message":"no route"}' });
  }

  delete(path: string): Promise<HttpResponse> {
    this.seen.push({ method: 'DELETE', path });
    const { handler, q } = this.route(this.deletes, path);
    return Promise.resolve(handler ? this.answer(handler(q)) : { status: 404, body: '{"message":"not found"}' });
  }

  stream(path: string, onLine: (line: string) => void, signal?: AbortSignal): Promise<HttpResponse> {
    this.seen.push({ method: 'WATCH', path });
    const url = new URL(path, 'https://fake');
    const queue = this.watches.get(url.pathname) ?? [];
    const events = queue.shift();
    return new Promise((resolve, reject) => {
      const abort = (): void => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      if (!events) return; // no script: a watch that stays open until aborted
      // Deliver after the caller's await, as a real stream would.
      setImmediate(() => {
        for (const e of events) {
          if (signal?.aborted) return;
          onLine(JSON.stringify(e));
        }
        signal?.removeEventListener('abort', abort);
        resolve({ status: 200, body: '' });
      });
    });
  }

  dispose(): void {}
}

export function list(items: object[], resourceVersion = '10'): object {
  return { metadata: { resourceVersion }, items };
}
