import { type Result, err, ok } from '../../common/result';
import { sleep } from '../../common/sleep';
import type { WatchEvent } from '../../core/cluster/apiObjects';
import type { ApiError } from '../../core/cluster/errors';
import { formatSeconds } from '../limits';
import type { KubeClient, ResourceRef, WatchOptions } from '../client';

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
}

type Named = { metadata?: { name?: string; namespace?: string; resourceVersion?: string } };

/**
 * Lists a collection (narrowed by selectors), then watches it, calling `decide` with every object
 * seen after the list and after each event, until it returns an answer, the time passes or `signal`
 * aborts. A watch the server ends is resumed from where it was; 410 Gone relists. No polling.
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
  const ended = (e: ApiError): Result<never, WaitError> =>
    late ? err({ kind: 'timeout', message: `${o.what} did not get there within ${formatSeconds(o.timeoutMs)}` }) : err(e);
  const key = (x: T): string => `${x.metadata?.namespace ?? ''}/${x.metadata?.name ?? ''}`;
  try {
    let rv: string | undefined;
    let objects = new Map<string, T>();
    let relist = true;
    while (!stop.signal.aborted) {
      if (relist) {
        const listed = await client.list<T>(ref, { fieldSelector: o.fieldSelector, labelSelector: o.labelSelector, signal: stop.signal });
        if (!listed.ok) return ended(listed.error);
        objects = new Map(listed.value.items.map((x) => [key(x), x]));
        rv = listed.value.resourceVersion;
        relist = false;
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
      if (!w.ok) {
        if (w.error.kind === 'failed' && w.error.status === 410) {
          relist = true;
          continue;
        }
        return ended(w.error);
      }
      rv = w.value;
      const ran = Date.now() - started;
      const min = o.minWatchMs ?? 1000;
      if (ran < min) await sleep(min - ran, stop.signal);
    }
    return ended({ kind: 'aborted', message: 'cancelled' });
  } finally {
    clearTimeout(timer);
    o.signal?.removeEventListener('abort', onAbort);
  }
}
