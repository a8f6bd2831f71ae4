import { type Result, err, ok } from '../../common/result';
import { type ApiError, permissionOf } from '../../core/cluster/errors';
import type { WriteOutcome } from '../../core/run/journal';
import type { RunWrite } from '../../core/run/writes';
import type { Evidence } from '../../core/preflight/result';
import { sleep } from '../../common/sleep';
import type { KubeClient } from '../client';
import type { RunRecorder } from './runJournal';

/**
 * A run's writes on the wire: each RunWrite (core/run/writes) dry-run first (`?dryRun=All`: admission,
 * defaults and validation, nothing stored), shown to the user when the caller asks, then made, and
 * the answer journalled as a `write` entry (outcome and resourceVersions, never the object). A patch
 * answered 409 without a resourceVersion precondition is sent again (see retriesConflict).
 */

type Meta = { metadata?: { resourceVersion?: string } };

/** The API server's answer to one write: the object it returned (none for a delete). */
export interface WriteAnswer {
  readonly object: Meta | undefined;
}

/** Sends `write` once, as it is (`dryRun`: the server's answer without storing anything). */
export async function sendWrite(client: KubeClient, write: RunWrite, dryRun: boolean, signal?: AbortSignal): Promise<Result<WriteAnswer, ApiError>> {
  const { resource, object } = write;
  switch (write.verb) {
    case 'create': {
      const r = await client.create<Meta>(resource, write.body, { dryRun }, signal);
      return r.ok ? ok({ object: r.value }) : r;
    }
    case 'patch': {
      const r = await client.patch<Meta>(resource, object.name, write.body, { type: write.patchType ?? 'merge', dryRun }, signal);
      return r.ok ? ok({ object: r.value }) : r;
    }
    case 'delete': {
      const policy = (write.body as { propagationPolicy?: 'Background' | 'Foreground' | 'Orphan' }).propagationPolicy;
      const r = await client.delete(resource, object.name, { propagationPolicy: policy, dryRun }, signal);
      return r.ok ? ok({ object: undefined }) : r;
    }
  }
}

/** How a refusal is journalled: 404 absent, 409 conflict (already there, or changed since read), 400/403/422 refused. */
export function outcomeOf(e: ApiError): WriteOutcome {
  if (e.kind === 'absent') return 'absent';
  if (e.kind === 'forbidden' || e.kind === 'unauthorized') return 'refused';
  if (e.kind === 'failed' && e.status === 409) return 'conflict';
  if (e.kind === 'failed' && (e.status === 400 || e.status === 422)) return 'refused';
  return 'failed';
}

/** A patch answered 409 is sent again at most this many times (see retriesConflict). */
export const CONFLICT_RETRIES = 3;
/** The wait before the first retry of a conflict, doubled before each next one (50, 100, 200 ms). */
export const CONFLICT_BACKOFF_MS = 50;

/**
 * Whether a 409 is worth sending `w` again as it is. A create's 409 says the object exists: sending it again
 * cannot help. A patch that carries `metadata.resourceVersion` was computed from the object as read: its 409
 * says the object changed since, and the same body would fail again (the caller must read and decide anew).
 * A merge or strategic patch without one cannot conflict with a change of somebody else's; the API server
 * still answers 409 when its own retries on etcd's optimistic lock run out under contention ("the object has
 * been modified; please apply your changes to the latest version and try again") or an admission webhook
 * says so: sent again, it applies to the latest version.
 */
export function retriesConflict(w: RunWrite, e: ApiError): boolean {
  if (w.verb !== 'patch' || e.kind !== 'failed' || e.status !== 409) return false;
  const meta = (w.body as { metadata?: { resourceVersion?: unknown } }).metadata;
  return meta?.resourceVersion === undefined || meta.resourceVersion === null;
}

/** A signal nobody aborts, for the backoff of a context without one. */
const NEVER = new AbortController().signal;

/**
 * Sends `w` (after a conflict retriesConflict accepts, again after a backoff, at most CONFLICT_RETRIES times),
 * telling `each` every answer and whether it is sent again; `each` failing ends it.
 */
async function sendRetrying(
  ctx: WriteContext,
  w: RunWrite,
  dryRun: boolean,
  each: (r: Result<WriteAnswer, ApiError>, attempt: number, again: boolean) => Promise<Result<void, string>>,
): Promise<Result<{ answer: Result<WriteAnswer, ApiError>; attempts: number }, string>> {
  for (let attempt = 1; ; attempt++) {
    const r = await sendWrite(ctx.client, w, dryRun, ctx.signal);
    const again = !r.ok && attempt <= CONFLICT_RETRIES && retriesConflict(w, r.error) && !ctx.signal?.aborted;
    const told = await each(r, attempt, again);
    if (!told.ok) return told;
    if (!again) return ok({ answer: r, attempts: attempt });
    await sleep(CONFLICT_BACKOFF_MS * 2 ** (attempt - 1), ctx.signal ?? NEVER);
  }
}

/** The server's sentence; a 403's led by the permission it lacks (`create plans.upgrade.cattle.io`). */
function refusal(e: ApiError): string {
  return e.kind === 'forbidden' ? `missing permission "${permissionOf(e)}": ${e.message}` : e.message;
}

const attemptsText = (n: number): string => (n > 1 ? ` (${n} attempts)` : '');

/** Asked with the writes of a step and the server's dry-run answers; false stops the run before anything is stored. */
export type ConfirmWrites = (phaseId: string, writes: readonly RunWrite[], dryRun: readonly object[]) => Promise<boolean>;

export interface WriteContext {
  readonly client: KubeClient;
  readonly recorder: RunRecorder;
  readonly confirm?: ConfirmWrites;
  readonly signal?: AbortSignal;
}

export interface Written {
  readonly write: RunWrite;
  readonly outcome: WriteOutcome;
  readonly answer: WriteAnswer | undefined;
  readonly error: ApiError | undefined;
}

/** The fields a write changes, before and after, for its journal entry (never whole objects). */
export interface WriteEvidence {
  readonly before?: Evidence;
  readonly after?: Evidence;
  readonly beforeResourceVersion?: string;
}

/**
 * Dry-runs every write (the first refusal ends it, nothing stored), asks `confirm` with the server's
 * answers, then makes them in order, journalling each. `accept` may turn an error into an accepted
 * outcome (a delete of what is gone already). Stops at the first write that fails.
 */
export async function makeWrites(
  ctx: WriteContext,
  phaseId: string | undefined,
  writes: readonly RunWrite[],
  evidence: (w: RunWrite) => WriteEvidence = (w) => w.evidence ?? {},
  accept: (w: RunWrite, e: ApiError) => boolean = (w, e) => w.verb === 'delete' && e.kind === 'absent',
): Promise<Result<Written[], string>> {
  const answers: object[] = [];
  for (const w of writes) {
    const sent = await sendRetrying(ctx, w, true, () => Promise.resolve(ok(undefined)));
    if (!sent.ok) return sent;
    const dry = sent.value.answer;
    if (!dry.ok && !accept(w, dry.error)) return err(`the API server refused the dry run of "${w.description}": ${refusal(dry.error)}${attemptsText(sent.value.attempts)}`);
    answers.push(dry.ok ? dry.value.object ?? {} : {});
  }
  if (ctx.confirm && writes.length && !(await ctx.confirm(phaseId ?? 'run', writes, answers))) return err('the writes were not confirmed');
  const out: Written[] = [];
  for (const w of writes) {
    const ev = evidence(w);
    // Every attempt is journalled: a conflict sent again, then the answer that ends it.
    const sent = await sendRetrying(ctx, w, false, (r, attempt, again) => {
      const outcome: WriteOutcome = r.ok ? 'ok' : outcomeOf(r.error);
      const after = r.ok ? r.value.object?.metadata?.resourceVersion : undefined;
      const message = r.ok ? undefined : `${r.error.message.slice(0, 500)}${again ? ` (attempt ${attempt}; sent again)` : attempt > 1 ? ` (attempt ${attempt})` : ''}`;
      return ctx.recorder.record({
        type: 'write', verb: w.verb, description: w.description, object: w.object, resource: w.resource, outcome,
        ...(phaseId ? { phaseId } : {}),
        ...(ev.beforeResourceVersion ? { beforeResourceVersion: ev.beforeResourceVersion } : {}),
        ...(after ? { afterResourceVersion: after } : {}),
        ...(message !== undefined ? { message } : {}),
        ...(ev.before ? { before: ev.before } : {}),
        ...(r.ok && ev.after ? { after: ev.after } : {}),
      }).then((rec) => (rec.ok ? ok(undefined) : rec));
    });
    if (!sent.ok) return sent;
    const r = sent.value.answer;
    out.push({ write: w, outcome: r.ok ? 'ok' : outcomeOf(r.error), answer: r.ok ? r.value : undefined, error: r.ok ? undefined : r.error });
    if (!r.ok && !accept(w, r.error)) return err(`${w.description}: ${refusal(r.error)}${attemptsText(sent.value.attempts)}`);
  }
  return ok(out);
}
