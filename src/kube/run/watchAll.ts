import { type Result, err, ok } from '../../common/result';
import type { KubeClient, ResourceRef } from '../client';
import { type WaitError, type WaitOptions, watchUntil } from '../backups/watchUntil';

/** One collection a wait follows: where, and how narrowed. */
export interface Watched {
  readonly ref: ResourceRef;
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
}

type Obj = { metadata?: { name?: string; namespace?: string; resourceVersion?: string } };

/**
 * watchUntil over several collections at once (the Plan and the nodes, say): each is listed then
 * watched as watchUntil does (relist on 410, one overall time), and `decide` sees the latest objects
 * of every collection once all were listed, after each event. The first answer ends every watch.
 * An API server that goes away mid-wait (restarted, a connection cut, 5xx) is waited for: each
 * collection lists again when it answers, so `decide` judges fresh lists; 401/403/404 still end the
 * wait at once (watchUntil's isTransient), and so do the timeout and `signal`.
 */
export async function watchAll<R>(
  client: KubeClient,
  watched: readonly Watched[],
  decide: (objects: readonly (readonly Obj[])[]) => R | undefined,
  o: Pick<WaitOptions, 'timeoutMs' | 'signal' | 'what' | 'minWatchMs' | 'retry'>,
): Promise<Result<R, WaitError>> {
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  if (o.signal?.aborted) stop.abort();
  const latest: (readonly Obj[] | undefined)[] = watched.map(() => undefined);
  let answer: { value: R } | undefined;
  const judge = (): R | undefined => {
    if (answer) return answer.value;
    if (latest.some((l) => l === undefined)) return undefined;
    const r = decide(latest as (readonly Obj[])[]);
    if (r !== undefined) answer = { value: r };
    return r;
  };
  try {
    const runs = watched.map((w, i) =>
      watchUntil<Obj, R>(client, w.ref, (objects) => {
        latest[i] = objects;
        return judge();
      }, { ...o, signal: stop.signal, labelSelector: w.labelSelector, fieldSelector: w.fieldSelector }).then((r) => {
        // The first to end (answer, timeout or error) ends the others.
        stop.abort();
        return r;
      }),
    );
    const results = await Promise.all(runs);
    if (answer) return ok(answer.value);
    const failure = results.find((r) => !r.ok && r.error.kind !== 'aborted') ?? results.find((r) => !r.ok);
    return failure && !failure.ok ? err(failure.error) : err({ kind: 'aborted', message: 'cancelled' });
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
  }
}
