import { type ApiError, describeApiError } from '../../core/cluster/errors';

/** Why a read failed, in a few words that name the permission (403) or the wait (timeout). */
export function whyUnread(e: ApiError): string {
  return e.kind === 'unreachable' ? `no answer (${e.message})` : describeApiError(e);
}

/** A failed read of one preflight input, as one sentence for `PreflightReads.unread`. */
export interface Unread {
  readonly what: string;
  readonly error: ApiError;
}

export function unreadSentence(u: Unread): string {
  return `${u.what} were not read: ${whyUnread(u.error)}`;
}
