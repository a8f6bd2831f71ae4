import { type Result, err, ok } from '../../common/result';
import type { LabelSelector, LabelSelectorRequirement } from '../cluster/labelSelector';

/**
 * Label selectors written as text, as `kubectl -l` takes them and as the plan holds them
 * (`strategy.canary.selector`, `strategy.drain.podSelector`): `a=b`, `a==b`, `a!=b`, `a in (x,y)`,
 * `a notin (x)`, `a`, `!a`, joined by commas (all must hold). Turned into the `matchExpressions` a
 * system-upgrade-controller Plan carries, and negated where one requirement allows it.
 */

const KEY = String.raw`(?:[a-z0-9A-Z.-]{1,253}/)?[a-zA-Z0-9](?:[-a-zA-Z0-9_.]{0,61}[a-zA-Z0-9])?`;
const VALUE = String.raw`(?:[a-zA-Z0-9](?:[-a-zA-Z0-9_.]{0,61}[a-zA-Z0-9])?)?`;
const KEY_RE = new RegExp(`^${KEY}$`);
const VALUE_RE = new RegExp(`^${VALUE}$`);
/** A selector longer than this is not a selector a person wrote. */
export const MAX_SELECTOR_CHARS = 1024;

/** The requirements of a textual selector, or why it is not one. */
export function parseSelector(text: string): Result<LabelSelectorRequirement[]> {
  if (text.length > MAX_SELECTOR_CHARS) return err(`the selector is longer than ${MAX_SELECTOR_CHARS} characters`);
  const parts = splitTopLevel(text.trim());
  if (!parts.ok) return parts;
  if (!parts.value.length) return err('the selector is empty');
  const out: LabelSelectorRequirement[] = [];
  for (const part of parts.value) {
    const r = requirementOf(part.trim());
    if (!r.ok) return err(`"${part.trim()}": ${r.error}`);
    out.push(r.value);
  }
  return ok(out);
}

/** The same selector as the API's `LabelSelector` object (all in `matchExpressions`). */
export function selectorObject(text: string): Result<LabelSelector> {
  const r = parseSelector(text);
  return r.ok ? ok({ matchExpressions: r.value }) : r;
}

/**
 * The requirement selecting exactly the objects `r` does not: only one requirement can be negated into
 * one (NOT (A AND B) is an OR, which a label selector cannot say).
 */
export function negateRequirement(r: LabelSelectorRequirement): LabelSelectorRequirement {
  const key = r.key ?? '';
  switch (r.operator) {
    case 'In': return { key, operator: 'NotIn', values: [...(r.values ?? [])] };
    case 'NotIn': return { key, operator: 'In', values: [...(r.values ?? [])] };
    case 'Exists': return { key, operator: 'DoesNotExist' };
    default: return { key, operator: 'Exists' };
  }
}

function splitTopLevel(text: string): Result<string[]> {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth < 0) return err('a ")" without its "("');
    } else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  if (depth !== 0) return err('a "(" without its ")"');
  if (text.length) parts.push(text.slice(start));
  if (parts.some((p) => !p.trim())) return err('an empty requirement between commas');
  return ok(parts);
}

function requirementOf(part: string): Result<LabelSelectorRequirement> {
  const set = /^(\S+)\s+(in|notin)\s*\(([^()]*)\)$/.exec(part);
  if (set) {
    const values = set[3].split(',').map((v) => v.trim());
    if (!values.every((v) => v !== '' && VALUE_RE.test(v))) return err('the values in (…) must be label values');
    return key(set[1], () => ok({ key: set[1], operator: set[2] === 'in' ? 'In' : 'NotIn', values }));
  }
  const cmp = /^([^!=\s]+)\s*(==|=|!=)\s*(\S*)$/.exec(part);
  if (cmp) {
    if (!VALUE_RE.test(cmp[3])) return err(`"${cmp[3]}" is not a label value`);
    return key(cmp[1], () => ok({ key: cmp[1], operator: cmp[2] === '!=' ? 'NotIn' : 'In', values: [cmp[3]] }));
  }
  const not = /^!\s*(\S+)$/.exec(part);
  if (not) return key(not[1], () => ok({ key: not[1], operator: 'DoesNotExist' }));
  return key(part, () => ok({ key: part, operator: 'Exists' }));
}

function key(k: string, then: () => Result<LabelSelectorRequirement>): Result<LabelSelectorRequirement> {
  return KEY_RE.test(k) ? then() : err(`"${k}" is not a label key`);
}
