import { type Result, err, ok } from '../../common/result';
import { sleep } from '../../common/sleep';
import type { WatchEvent } from '../../core/cluster/apiObjects';
import type { ApiError } from '../../core/cluster/errors';
import { formatSeconds } from '../limits';
import type { KubeClient, ResourceRef, WatchOptions } from '../client';
import type { WatchPacing } from '../nodeWatch';

/** Why a wait ended without an answer: the cluster's error, or the overall time passed. */
export type WaitError = ApiError | { readonly kind: 'timeout'; readonly message: string };

export interface WaitOptions extends WatchOptions {
  /** The whole wait, lists and watches together. */
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
  /** `the Job system-upgrade/etcd-snapshot-…`: named in the timeout message. */
  readonly what: string;
  /** A watch the server ends sooner than this after it started is not restarted before this time (no tight loop). */
  readonly minWatchMs?: number;
  /** The wait after a transient failure (isTransient), doubling from the first to the most; WAIT_RETRY when absent. */
  readonly retry?: Pick<WatchPacing, 'firstBackoffMs' | 'maxBackoffMs'>;
}

/** After an API server restart or a dropped connection: retry soon, then less often, well within a phase's timeout. */
export const WAIT_RETRY: Pick<WatchPacing, 'firstBackoffMs' | 'maxBackoffMs'> = { firstBackoffMs: 250, maxBackoffMs: 5000 };

/**
 * Whether a failed list or watch may heal by itself, so the wait relists and watches again after a backoff:
 * no answer (connection refused or reset, the stream cut, a deadline), 5xx (an API server starting or going
 * away), 429, and 410 Gone. 401, 403 and 404 stay fatal: credentials, RBAC or a missing resource kind do not
 * come back by waiting, and the caller must say so at once. A `failed` without a status (an answer over its
 * cap, a malformed body) stays fatal too: the same read would fail the same way.
 */
export function isTransient(e: ApiError): boolean {
  if (e.kind === 'unreachable') return true;
  return e.kind === 'failed' && e.status !== undefined && (e.status >= 500 || e.status === 429 || e.status === 410);
}

type Named = { metadata?: { name?: string; namespace?: string; resourceVersion?: string } };

/**
 * Lists a collection (narrowed by selectors), then watches it, calling `decide` with every object
 * seen after the list and after each event, until it returns an answer, the time passes or `signal`
 * aborts. A watch the server ends is resumed from where it was; 410 Gone relists. A transient failure
 * (isTransient: the API server restarting, say) relists and watches again after a backoff (`retry`),
 * until the time passes; the timeout then names the last failure. No polling.
 */
export async function watchUntil<T extends Named, R>(client: KubeClient, ref: ResourceRef, decide: (objects: readonly T[]) => R | undefined, o: WaitOptions): Promise<Result<R, WaitError>> {
  const stop = new AbortController();
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    stop.abort();
  }, o.timeoutMs);
  const onAbort = (): void => stop.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) stop.abort();
  /** The last transient failure, until a list works again: a timeout names it. */
  let failing: ApiError | undefined;
  /** Transient failures since a watch last ran its course: the backoff doubles with each. */
  let failures = 0;
  let relist = true;
  const ended = (e: ApiError): Result<never, WaitError> =>
    late
      ? err({ kind: 'timeout', message: `${o.what} did not get there within ${formatSeconds(o.timeoutMs)}${failing ? ` (the last read failed: ${failing.message})` : ''}` })
      : err(e);
  const retry = o.retry ?? WAIT_RETRY;
  const min = o.minWatchMs ?? 1000;
  /** Backs off after a transient failure, then relists: what changed while the server was away is read afresh. */
  const backOff = async (e: ApiError): Promise<void> => {
    failing = e;
    failures++;
    relist = true;
    await sleep(Math.min(retry.maxBackoffMs, retry.firstBackoffMs * 2 ** (failures - 1)), stop.signal);
  };
  const key = (x: T): string => `${x.metadata?.namespace ?? ''}/${x.metadata?.name ?? ''}`;
  try {
    let rv: string | undefined;
    let objects = new Map<string, T>();
    while (!stop.signal.aborted) {
      if (relist) {
        const listed = await client.list<T>(ref, { fieldSelector: o.fieldSelector, labelSelector: o.labelSelector, signal: stop.signal });
        if (!listed.ok) {
          if (stop.signal.aborted || !isTransient(listed.error)) return ended(listed.error);
          await backOff(listed.error);
          continue;
        }
        objects = new Map(listed.value.items.map((x) => [key(x), x]));
        rv = listed.value.resourceVersion;
        relist = false;
        failing = undefined;
      }
      const first = decide([...objects.values()]);
      if (first !== undefined) return ok(first);
      // `decide` may have stopped the wait itself (a cancel from a progress callback): an abort event that has
      // fired already never reaches a listener added now, so the watch would run to its server timeout.
      if (stop.signal.aborted) break;
      let answer: R | undefined;
      const inner = new AbortController();
      const onStop = (): void => inner.abort();
      stop.signal.addEventListener('abort', onStop, { once: true });
      const started = Date.now();
      const w = await client.watch<T>(
        ref,
        rv,
        (e: WatchEvent<T>) => {
          if (e.type === 'DELETED') objects.delete(key(e.object));
          else objects.set(key(e.object), e.object);
          answer ??= decide([...objects.values()]);
          if (answer !== undefined) inner.abort();
        },
        inner.signal,
        { fieldSelector: o.fieldSelector, labelSelector: o.labelSelector },
      );
      stop.signal.removeEventListener('abort', onStop);
      if (answer !== undefined) return ok(answer);
      const ran = Date.now() - started;
      // A watch that ran its course (or a while) ends a streak of failures; one cut at once does not.
      if (w.ok || ran >= min) failures = 0;
      if (!w.ok) {
        if (w.error.kind === 'failed' && w.error.status === 410) {
          relist = true;
          continue;
        }
        if (stop.signal.aborted || !isTransient(w.error)) return ended(w.error);
        await backOff(w.error);
        continue;
      }
      rv = w.value;
      if (ran < min) await sleep(min - ran, stop.signal);
    }
    return ended({ kind: 'aborted', message: 'cancelled' });
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}
