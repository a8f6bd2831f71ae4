import { userRegexTest } from '../text/userRegex';
import type { Predicate } from './model';

/** Deep equality of JSON-like values. */
export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b as object);
  return ka.length === kb.length && ka.every((k) => deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

const VERSIONISH = /^v?(\d+(?:\.\d+)*)/;

/**
 * Orders numbers numerically and version-like text (`v1.2.10`, `18.2.4-0`, image tags after `:`)
 * part by part; `undefined` when the two cannot be ordered.
 */
export function compareLoose(a: unknown, b: unknown): number | undefined {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const parts = (x: unknown): number[] | undefined => {
    if (typeof x === 'number') return [x];
    if (typeof x !== 'string') return undefined;
    const tag = x.includes(':') ? x.slice(x.lastIndexOf(':') + 1) : x;
    const m = VERSIONISH.exec(tag.trim());
    return m ? m[1].split('.').map(Number) : undefined;
  };
  const pa = parts(a);
  const pb = parts(b);
  if (!pa || !pb) return undefined;
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Does one value found at the path satisfy the predicate? (`exists`/`notExists` are decided by the caller.) */
export function test(p: Predicate, value: unknown): boolean {
  switch (p.op) {
    case 'exists':
      return true;
    case 'notExists':
      return false;
    case 'equals':
      return deepEqual(value, p.value);
    case 'notEquals':
      return !deepEqual(value, p.value);
    case 'in':
      return Array.isArray(p.value) && p.value.some((x) => deepEqual(x, value));
    case 'matches': {
      if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') return false;
      // A user-written pattern: RE2, linear time; an invalid one matches nothing (the parser reports it).
      return userRegexTest(String(p.value), String(value));
    }
    case 'lt':
    case 'lte':
    case 'gt':
    case 'gte': {
      const c = compareLoose(value, p.value);
      if (c === undefined) return false;
      return p.op === 'lt' ? c < 0 : p.op === 'lte' ? c <= 0 : p.op === 'gt' ? c > 0 : c >= 0;
    }
  }
}

export function describePredicate(p: Predicate): string {
  return p.op === 'exists' || p.op === 'notExists' ? p.op : `${p.op} ${JSON.stringify(p.value)}`;
}
