import { type Result, err, ok } from '../common/result';
import { type PrometheusAlert, parseAlertsAnswer, parseQueryAnswer } from '../core/run/alerts';
import type { RiskContext } from '../core/risks/model';
import { fetchBounded, nodeFetch } from '../releases/boundedFetch';
import type { FetchLike } from '../releases/ports';

/**
 * A read-only client of a Prometheus server's HTTP API (`/api/v1/alerts`, `/api/v1/query`) at the URL a plan
 * names. Every read goes through fetchBounded: one deadline over the whole exchange, a byte cap on the body,
 * no redirect off the URL's origin. Credentials in the URL (`https://user:pass@host`) are sent as Basic
 * authentication and never appear in a message: messages name the URL without them (shownUrl).
 */

/** One read, from sending the request to the last byte. */
export const PROMETHEUS_DEADLINE_MS = 10_000;
/** A busy cluster's active alerts are a few MB at most. */
export const PROMETHEUS_MAX_BYTES = 16 * 1024 * 1024;

export interface PrometheusClient {
  /** The URL as shown in messages: no credentials, no query. */
  readonly shown: string;
  /** Active alerts (firing and pending). */
  alerts(signal?: AbortSignal): Promise<Result<PrometheusAlert[]>>;
  /** An instant query as one number (parseQueryAnswer); undefined for an empty vector. */
  query(promql: string, signal?: AbortSignal): Promise<Result<number | undefined>>;
}

export interface PrometheusOptions {
  /** Node's fetch unless a test passes another. */
  readonly fetch?: FetchLike;
  readonly deadlineMs?: number;
  readonly maxBytes?: number;
}

/** `url` without user, password, query or fragment: what messages may show. */
export function shownUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(not a URL)';
  }
}

/** A client of the Prometheus at `url` (http or https); refused when it is not such a URL. */
export function prometheusClient(url: string, options: PrometheusOptions = {}): Result<PrometheusClient> {
  let base: URL;
  try {
    base = new URL(url);
  } catch {
    return err('the Prometheus URL is not a URL');
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') return err(`the Prometheus URL must be http:// or https://, not ${base.protocol}//`);
  const shown = shownUrl(url);
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (base.username || base.password) {
    headers.Authorization = `Basic ${Buffer.from(`${decode(base.username)}:${decode(base.password)}`, 'utf8').toString('base64')}`;
  }
  const fetchImpl = options.fetch ?? nodeFetch;
  const limits = { deadlineMs: options.deadlineMs ?? PROMETHEUS_DEADLINE_MS, maxBytes: options.maxBytes ?? PROMETHEUS_MAX_BYTES };

  const get = async <T>(path: string, parse: (body: string) => Result<T>, signal: AbortSignal | undefined): Promise<Result<T>> => {
    if (signal?.aborted) return err('cancelled');
    const withSignal: FetchLike = (u, init) => fetchImpl(u, { ...init, signal: signal && init.signal ? AbortSignal.any([init.signal, signal]) : (init.signal ?? signal) });
    const res = await fetchBounded(withSignal, `${shown}${path}`, headers, limits);
    if (signal?.aborted) return err('cancelled');
    // fetchBounded aborts the fetch at its deadline; Node's fetch can report that abort before the deadline does.
    if (!res.ok) return err(res.error);
    const what = `${shown}${path.split('?')[0]}`;
    if (res.value.status === 401 || res.value.status === 403) return err(`${what} refused the request (HTTP ${res.value.status}): check the credentials in gates.prometheus.url`);
    if (res.value.status !== 200) {
      // Prometheus answers 4xx/5xx with its error envelope; anything else is shown by status only.
      const e = parse(res.value.text);
      return err(`${what} answered HTTP ${res.value.status}${!e.ok && e.error.startsWith('Prometheus answered') ? `: ${e.error}` : ''}`);
    }
    const r = parse(res.value.text);
    return r.ok ? r : err(`${what}: ${r.error}`);
  };

  return ok({
    shown,
    alerts: (signal) => get('/api/v1/alerts', parseAlertsAnswer, signal),
    query: (promql, signal) => get(`/api/v1/query?query=${encodeURIComponent(promql)}`, parseQueryAnswer, signal),
  });
}

/** The PromQL side of a RiskContext over `client`: a failed query throws, as evaluatePromqlRule expects. */
export function riskPrometheus(client: PrometheusClient): NonNullable<RiskContext['prometheus']> {
  return {
    query: async (promql) => {
      const r = await client.query(promql);
      if (!r.ok) throw new Error(r.error);
      return r.value;
    },
  };
}

/** Node's fetch; its "fetch failed" is replaced by the cause (`connect ECONNREFUSED 127.0.0.1:9090`). */

function decode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
