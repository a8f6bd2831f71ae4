import type { Evidence, ObjectRef } from '../preflight/result';
import type { BackupKind, BackupResult } from './types';

/** Longest reason kept: server text (a Job's message, Velero's failureReason) is untrusted and may be long. */
export const MAX_REASON_CHARS = 300;

/** One line of at most MAX_REASON_CHARS: newlines and runs of spaces folded, the rest cut with `…`. */
export function oneLine(text: string, max = MAX_REASON_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}

export interface ResultParts {
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly objects?: readonly ObjectRef[];
  readonly evidence?: Evidence;
  readonly fixHint?: string;
}

export function verified(kind: BackupKind, reason: string, parts: ResultParts): BackupResult {
  return shape(kind, 'verified', reason, parts);
}

export function failed(kind: BackupKind, reason: string, parts: ResultParts): BackupResult {
  return shape(kind, 'failed', reason, parts);
}

function shape(kind: BackupKind, status: BackupResult['status'], reason: string, p: ResultParts): BackupResult {
  return {
    kind,
    status,
    reason: oneLine(reason),
    startedAt: p.startedAt,
    finishedAt: p.finishedAt,
    objects: p.objects ?? [],
    evidence: p.evidence ?? {},
    ...(p.fixHint ? { fixHint: oneLine(p.fixHint, 600) } : {}),
  };
}
