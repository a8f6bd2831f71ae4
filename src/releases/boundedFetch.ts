import { type Result, err, ok, errorMessage } from '../common/result';
import type { FetchInit, FetchLike, FetchResponse } from './ports';

export interface FetchLimits {
  /** Largest body read; a larger one is an error (not a truncated answer). */
  readonly maxBytes: number;
  /** Everything — connecting, headers, every redirect and the whole body — ends by this time (ms). */
  readonly deadlineMs: number;
  /** Redirects to the same origin followed (GitHub answers 301 for a renamed repository). */
  readonly maxRedirects?: number;
}

export interface BoundedAnswer {
  readonly status: number;
  readonly headers: FetchResponse['headers'];
  /** The body as text; empty for 304. */
  readonly text: string;
}

class DeadlineExceeded extends Error {}

/**
 * GET `url` from an untrusted server with hard limits: a deadline over the whole exchange (a server
 * sending one byte a second still ends), a byte limit on the body (read as a stream and abandoned
 * at the limit, never buffered first), and no redirect off the URL's origin. The deadline does not
 * rely on the fetcher honouring the abort signal: every wait is raced against it.
 */
export async function fetchBounded(fetch: FetchLike, url: string, headers: Record<string, string>, limits: FetchLimits): Promise<Result<BoundedAnswer>> {
  const origin = safeUrl(url, 'http://invalid.invalid')?.origin;
  if (!origin || origin === 'null') return err(`"${url}" is not a URL`);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      // Rejected first, so that the race sees the deadline and not the fetch's own abort error.
      reject(new DeadlineExceeded());
      controller.abort();
    }, limits.deadlineMs);
  });
  deadline.catch(() => undefined); // raced below; a deadline nobody is waiting for is not an unhandled rejection
  const seconds = `${Math.round(limits.deadlineMs / 100) / 10} s`;
  try {
    let current = url;
    for (let hop = 0; ; hop++) {
      const res: FetchResponse = await Promise.race([fetch(current, { headers, signal: controller.signal, redirect: 'manual' }), deadline]);
      const answered: string | undefined = res.url ? safeOrigin(res.url) : origin;
      if (answered !== origin) {
        discard(res);
        return err(`the answer for ${url} came from another host (${res.url ?? ''}); not used`);
      }
      if (res.status >= 300 && res.status < 400 && res.status !== 304) {
        discard(res);
        const location = res.headers.get('location');
        const next = location ? safeUrl(location, current) : undefined;
        if (!next) return err(`HTTP ${res.status} for ${url} without a usable Location`);
        if (next.origin !== origin) return err(`${url} redirects to another host (${next.host}); not followed`);
        if (hop >= (limits.maxRedirects ?? 3)) return err(`${url} redirects more than ${limits.maxRedirects ?? 3} times`);
        current = next.href;
        continue;
      }
      const declared = Number(res.headers.get('content-length') ?? NaN);
      if (declared > limits.maxBytes) {
        discard(res);
        return err(`the answer for ${url} is ${declared} bytes, more than the ${limits.maxBytes} read`);
      }
      const body = res.status === 304 ? ok('') : await readText(res.body, limits.maxBytes, deadline);
      if (!body.ok) return err(`the answer for ${url} ${body.error}`);
      return ok({ status: res.status, headers: res.headers, text: body.value });
    }
  } catch (e) {
    if (e instanceof DeadlineExceeded) return err(`no complete answer from ${url} within ${seconds}`);
    return err(`cannot reach ${url}: ${errorMessage(e)}`);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** The body as UTF-8 text, abandoned (and the stream cancelled) past `maxBytes`. */
async function readText(body: AsyncIterable<Uint8Array> | null, maxBytes: number, deadline: Promise<never>): Promise<Result<string>> {
  if (!body) return ok('');
  const iterator = body[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let size = 0;
  let complete = false;
  try {
    for (;;) {
      const next = await Promise.race([iterator.next(), deadline]);
      if (next.done) break;
      size += next.value.byteLength;
      if (size > maxBytes) return err(`is larger than ${maxBytes} bytes; not read`);
      chunks.push(next.value);
    }
    complete = true;
  } finally {
    // Past the limit or the deadline: cancel the stream (not awaited: a hostile one may never settle).
    if (!complete) cancel(iterator);
  }
  const all = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    all.set(c, at);
    at += c.byteLength;
  }
  return ok(new TextDecoder('utf-8').decode(all));
}

/** Lets go of a body that will not be read. */
function discard(res: FetchResponse): void {
  if (res.body) cancel(res.body[Symbol.asyncIterator]());
}

/** Cancels a stream without waiting for it: a hostile one may never settle. */
function cancel(it: AsyncIterator<unknown>): void {
  try {
    void Promise.resolve(it.return?.()).catch(() => undefined);
  } catch {
    // A stream that throws on cancel is let go all the same.
  }
}

function safeUrl(location: string, base: string): URL | undefined {
  try {
    return new URL(location, base);
  } catch {
    return undefined;
  }
}

function safeOrigin(u: string): string | undefined {
  return safeUrl(u, 'http://invalid.invalid')?.origin;
}

/**
 * Node's fetch for fetchBounded (redirects left to it), with the method when not GET (a registry's HEAD); its
 * bare "fetch failed" is replaced by the cause (`connect ECONNREFUSED …`).
 */
export async function nodeFetch(url: string, init: FetchInit & { readonly method?: 'GET' | 'HEAD' }): Promise<FetchResponse> {
  try {
    return await fetch(url, { method: init.method ?? 'GET', headers: init.headers, redirect: init.redirect, ...(init.signal ? { signal: init.signal } : {}) });
  } catch (e) {
    const cause = (e as { cause?: unknown }).cause;
    throw new Error(cause ? errorMessage(cause) : errorMessage(e), { cause: e });
  }
}
