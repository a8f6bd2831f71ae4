import { type Result, ok } from '../common/result';
import type { ApiError } from '../core/cluster/errors';
import { type HttpResponse, type RequestLimits, networkError } from './client';

/**
 * Who still calls a deprecated API: the API server's `apiserver_requested_deprecated_apis` gauge (1 per
 * group/version/resource/subresource requested since the server started, with `removed_release`), joined
 * with `apiserver_request_total` for how many requests those were. Read from `/metrics` when the credentials
 * may (`get` on the non-resource URL); a 401/403/404 is "not readable", not an error.
 */

/** A GET of a non-resource path with a body cap: Transport.get. */
export type TextGet = (path: string, signal?: AbortSignal, limits?: RequestLimits) => Promise<HttpResponse>;

/** A real API server's /metrics is a few MB; more than this is not read. */
export const METRICS_MAX_BYTES = 32 * 1024 * 1024;

export interface DeprecatedApiCall {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly subresource: string;
  /** `1.25`, or '' when the server does not know (a deprecated API with no removal planned). */
  readonly removedRelease: string;
  /** Requests counted by apiserver_request_total for it since the server started; undefined when not exposed. */
  readonly calls: number | undefined;
}

export type MetricRead =
  | { readonly state: 'readable'; readonly calls: readonly DeprecatedApiCall[] }
  | { readonly state: 'not-readable'; readonly reason: string };

const DEPRECATED = 'apiserver_requested_deprecated_apis';
const REQUESTS = 'apiserver_request_total';

export async function readDeprecatedApiMetric(get: TextGet, signal?: AbortSignal): Promise<Result<MetricRead, ApiError>> {
  let res: HttpResponse;
  try {
    res = await get('/metrics', signal, { maxBytes: METRICS_MAX_BYTES });
  } catch (e) {
    return { ok: false, error: networkError(e, signal) };
  }
  if (res.status === 401 || res.status === 403) return ok({ state: 'not-readable', reason: `the credentials may not read /metrics (HTTP ${res.status})` });
  if (res.status === 404) return ok({ state: 'not-readable', reason: 'the API server does not serve /metrics' });
  if (res.status !== 200) return { ok: false, error: { kind: 'failed', status: res.status, message: 'reading /metrics failed' } };
  return ok({ state: 'readable', calls: parseDeprecatedApiMetric(res.body) });
}

/** Parses the Prometheus text format line by line (linear; only the two families above are looked at). */
export function parseDeprecatedApiMetric(text: string): DeprecatedApiCall[] {
  const deprecated = new Map<string, DeprecatedApiCall>();
  const requests = new Map<string, number>();
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    const isDeprecated = startsWithName(text, start, DEPRECATED);
    const isRequests = !isDeprecated && startsWithName(text, start, REQUESTS);
    if (isDeprecated || isRequests) {
      const sample = parseSample(text, start + (isDeprecated ? DEPRECATED : REQUESTS).length, end);
      if (sample) {
        const l = sample.labels;
        const key = [l.group ?? '', l.version ?? '', l.resource ?? '', l.subresource ?? ''].join('\n');
        if (isDeprecated && sample.value > 0) {
          deprecated.set(key, { group: l.group ?? '', version: l.version ?? '', resource: l.resource ?? '', subresource: l.subresource ?? '', removedRelease: l.removed_release ?? '', calls: undefined });
        } else if (isRequests) {
          requests.set(key, (requests.get(key) ?? 0) + sample.value);
        }
      }
    }
    start = end + 1;
  }
  return [...deprecated.entries()]
    .map(([key, d]) => ({ ...d, calls: requests.get(key) }))
    .sort((a, b) => `${a.group}/${a.version}/${a.resource}`.localeCompare(`${b.group}/${b.version}/${b.resource}`));
}

function startsWithName(text: string, at: number, name: string): boolean {
  if (!text.startsWith(name, at)) return false;
  const next = text[at + name.length];
  return next === '{' || next === ' ';
}

const MAX_LABELS = 32;

/** `{a="x",b="y\"z"} 12 1712345678` from `at` (just after the name) to `end`; undefined when malformed. */
function parseSample(text: string, at: number, end: number): { labels: Record<string, string>; value: number } | undefined {
  const labels: Record<string, string> = {};
  let i = at;
  if (text[i] === '{') {
    i++;
    for (let n = 0; n < MAX_LABELS && i < end && text[i] !== '}'; n++) {
      // Searched within the line only: an indexOf past it would make a run of broken lines quadratic.
      let eq = i;
      while (eq < end && text[eq] !== '=') eq++;
      if (eq >= end || text[eq + 1] !== '"') return undefined;
      const name = text.slice(i, eq).trim();
      let j = eq + 2;
      let escaped = false;
      for (; j < end && text[j] !== '"'; j++) {
        if (text[j] === '\\') {
          escaped = true;
          j++;
        }
      }
      if (j >= end) return undefined;
      const raw = text.slice(eq + 2, j);
      labels[name] = escaped ? raw.replace(/\\(.)/g, (_m, c: string) => (c === 'n' ? '\n' : c)) : raw;
      i = j + 1;
      if (text[i] === ',') i++;
    }
    if (text[i] !== '}') return undefined;
    i++;
  }
  const rest = text.slice(i, end).trim().split(' ')[0];
  const value = Number(rest);
  return rest !== '' && Number.isFinite(value) ? { labels, value } : undefined;
}
