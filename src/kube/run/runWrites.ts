import { type Result, err, ok } from '../../common/result';
import type { ApiError } from '../../core/cluster/errors';
import type { WriteOutcome } from '../../core/run/journal';
import type { RunWrite } from '../../core/run/writes';
import type { Evidence } from '../../core/preflight/result';
import type { KubeClient } from '../client';
import type { RunRecorder } from './runJournal';

/**
 * A run's writes on the wire: each RunWrite (core/run/writes) dry-run first (`?dryRun=All`: admission,
 * defaults and validation, nothing stored), shown to the user when the caller asks, then made, and
 * the answer journalled as a `write` entry (outcome and resourceVersions, never the object).
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
    const dry = await sendWrite(ctx.client, w, true, ctx.signal);
    if (!dry.ok && !accept(w, dry.error)) return err(`the API server refused the dry run of "${w.description}": ${dry.error.message}`);
    answers.push(dry.ok ? dry.value.object ?? {} : {});
  }
  if (ctx.confirm && writes.length && !(await ctx.confirm(phaseId ?? 'run', writes, answers))) return err('the writes were not confirmed');
  const out: Written[] = [];
  for (const w of writes) {
    const r = await sendWrite(ctx.client, w, false, ctx.signal);
    const outcome: WriteOutcome = r.ok ? 'ok' : outcomeOf(r.error);
    const ev = evidence(w);
    const after = r.ok ? r.value.object?.metadata?.resourceVersion : undefined;
    const rec = await ctx.recorder.record({
      type: 'write', verb: w.verb, description: w.description, object: w.object, resource: w.resource, outcome,
      ...(phaseId ? { phaseId } : {}),
      ...(ev.beforeResourceVersion ? { beforeResourceVersion: ev.beforeResourceVersion } : {}),
      ...(after ? { afterResourceVersion: after } : {}),
      ...(r.ok ? {} : { message: r.error.message.slice(0, 500) }),
      ...(ev.before ? { before: ev.before } : {}),
      ...(r.ok && ev.after ? { after: ev.after } : {}),
    });
    if (!rec.ok) return err(rec.error);
    out.push({ write: w, outcome, answer: r.ok ? r.value : undefined, error: r.ok ? undefined : r.error });
    if (!r.ok && !accept(w, r.error)) return err(`${w.description}: ${r.error.message}`);
  }
  return ok(out);
}
