import { type Result, err, ok } from '../common/result';
import type { ApiError } from '../core/cluster/errors';
import type { AccessVerdict, ResourceAccess } from '../core/cluster/permissions';
import type { KubeClient } from './client';
import { formatSeconds } from './limits';

/** Where a SelfSubjectAccessReview is created: a fixed path, nothing from the caller in it. */
export const SELF_SUBJECT_ACCESS_REVIEWS = '/apis/authorization.k8s.io/v1/selfsubjectaccessreviews';

/** Reviews in flight at once: ten permissions cost three round trips, not ten sockets. */
export const REVIEW_CONCURRENCY = 4;
/** All reviews together; a slow authorizer (a webhook) must not hold the cluster's read open. */
export const REVIEW_DEADLINE_MS = 5_000;
/** One review's answer echoes its spec: a few hundred bytes. */
export const REVIEW_MAX_BYTES = 64 * 1024;
/** The authorizer's reason is server text shown in a tooltip: a sentence, not a page. */
const MAX_REASON_CHARS = 300;

export interface ReviewOptions {
  readonly signal?: AbortSignal;
  readonly concurrency?: number;
  readonly deadlineMs?: number;
}

interface ReviewAnswer {
  status?: { allowed?: unknown; denied?: unknown; reason?: unknown; evaluationError?: unknown };
}

/**
 * Asks the API server, for each permission, whether the credentials in use have it
 * (`SelfSubjectAccessReview`, which every authenticated user may create). Verdicts come back in the
 * order asked. A review that gets no answer fails the whole check, saying why: a partial list would
 * read as "allowed" for the permissions never asked.
 */
export async function reviewAccess<T extends ResourceAccess>(client: KubeClient, checks: readonly T[], options: ReviewOptions = {}): Promise<Result<AccessVerdict<T>[], ApiError>> {
  const deadlineMs = options.deadlineMs ?? REVIEW_DEADLINE_MS;
  const stop = new AbortController();
  let late = false;
  const timer = setTimeout(() => {
    late = true;
    stop.abort();
  }, deadlineMs);
  const outer = options.signal;
  const onAbort = (): void => stop.abort();
  outer?.addEventListener('abort', onAbort, { once: true });
  if (outer?.aborted) stop.abort();

  const verdicts: AccessVerdict<T>[] = new Array<AccessVerdict<T>>(checks.length);
  let failure: ApiError | undefined;
  let next = 0;
  const worker = async (): Promise<void> => {
    while (failure === undefined && next < checks.length && !stop.signal.aborted) {
      const i = next++;
      const r = await reviewOne(client, checks[i], stop.signal);
      if (!r.ok) {
        failure ??= r.error;
        stop.abort();
        return;
      }
      verdicts[i] = r.value;
    }
  };
  try {
    const width = Math.max(1, Math.min(options.concurrency ?? REVIEW_CONCURRENCY, checks.length));
    await Promise.all(Array.from({ length: width }, worker));
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onAbort);
  }
  if (late) return err({ kind: 'unreachable', message: `the permission checks (SelfSubjectAccessReview) did not finish within ${formatSeconds(deadlineMs)}` });
  if (outer?.aborted) return err({ kind: 'aborted', message: 'cancelled' });
  if (failure) return err(failure);
  return ok(verdicts);
}

async function reviewOne<T extends ResourceAccess>(client: KubeClient, access: T, signal: AbortSignal): Promise<Result<AccessVerdict<T>, ApiError>> {
  const { verb, group, resource, subresource, namespace, name } = access;
  const body = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: { resourceAttributes: { verb, group, resource, ...(subresource ? { subresource } : {}), ...(namespace ? { namespace } : {}), ...(name ? { name } : {}) } },
  };
  const r = await client.post<ReviewAnswer>(SELF_SUBJECT_ACCESS_REVIEWS, body, { verb: 'create', group: 'authorization.k8s.io', resource: 'selfsubjectaccessreviews', maxBytes: REVIEW_MAX_BYTES }, signal);
  if (!r.ok) return r;
  const status = r.value?.status;
  if (typeof status?.allowed !== 'boolean') {
    return err({ kind: 'failed', status: undefined, message: 'malformed answer: the SelfSubjectAccessReview has no status.allowed' });
  }
  const said = [status.reason, status.evaluationError].find((s): s is string => typeof s === 'string' && s.trim() !== '');
  const reason = said === undefined ? undefined : said.length > MAX_REASON_CHARS ? `${said.slice(0, MAX_REASON_CHARS)}…` : said;
  return ok({ access, allowed: status.allowed, ...(reason !== undefined ? { reason } : {}) });
}
