import { type Section, describeApiError } from '../cluster';
import type { CheckResult, ObjectRef } from './result';

/** The head of a check: what it is called and what it is about. */
export interface CheckHead {
  readonly id: string;
  readonly title: string;
}

/** A check that could not look: the snapshot section failed to read, or an input was not provided. */
export function notChecked(head: CheckHead, reason: string, fixHint?: string, objects: readonly ObjectRef[] = []): CheckResult {
  return { ...head, status: 'not-checked', reason, objects, ...(fixHint ? { fixHint } : {}) };
}

/** The value of a section, or the not-checked result saying why it is missing. */
export function sectionValue<T>(head: CheckHead, section: Section<T>, what: string): { value: T } | { result: CheckResult } {
  if (section.state === 'ok') return { value: section.value };
  const why = section.state === 'absent' ? section.reason : describeApiError(section.error);
  return { result: notChecked(head, `${what} could not be read: ${why}`, 'Refresh the cluster, or check the credentials can read it.') };
}

/** `1 node`, `3 nodes`. */
export function plural(n: number, word: string, many = `${word}s`): string {
  return `${n} ${n === 1 ? word : many}`;
}
