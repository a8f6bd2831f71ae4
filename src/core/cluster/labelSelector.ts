import { type Result, err, ok } from '../../common/result';

/**
 * Kubernetes label selectors (`metav1.LabelSelector`) as PodDisruptionBudgets, Deployments and Plans
 * carry them, matched the way the API machinery does (`LabelSelectorAsSelector`): every `matchLabels`
 * pair and every `matchExpressions` requirement must hold. An empty selector (`{}`) selects every
 * object; an absent one (`undefined`/`null`) selects none.
 */

export interface LabelSelectorRequirement {
  readonly key?: string;
  readonly operator?: string;
  readonly values?: readonly string[];
}

export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly LabelSelectorRequirement[];
}

export type Labels = Readonly<Record<string, string>> | undefined;
export type LabelMatcher = (labels: Labels) => boolean;

/** Selects nothing: an absent selector. */
const NOTHING: LabelMatcher = () => false;

/**
 * A matcher for `selector`, or why it is invalid (an unknown operator, `In`/`NotIn` without values,
 * `Exists`/`DoesNotExist` with values, a requirement without a key): the API server refuses such a
 * selector, and a controller holding one selects nothing.
 */
export function labelSelectorMatcher(selector: LabelSelector | null | undefined): Result<LabelMatcher> {
  if (selector === undefined || selector === null) return ok(NOTHING);
  if (typeof selector !== 'object') return err('the selector is not an object');
  const tests: LabelMatcher[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    tests.push((labels) => labels?.[key] === value);
  }
  for (const [i, r] of (selector.matchExpressions ?? []).entries()) {
    const t = requirement(r);
    if (!t.ok) return err(`matchExpressions[${i}]: ${t.error}`);
    tests.push(t.value);
  }
  return ok((labels) => tests.every((t) => t(labels)));
}

/** Whether `labels` match `selector`; an invalid selector matches nothing. */
export function matchesLabelSelector(selector: LabelSelector | null | undefined, labels: Labels): boolean {
  const m = labelSelectorMatcher(selector);
  return m.ok && m.value(labels);
}

function requirement(r: LabelSelectorRequirement): Result<LabelMatcher> {
  const key = r?.key;
  if (typeof key !== 'string' || key === '') return err('a requirement needs a key');
  const values = Array.isArray(r.values) ? r.values.filter((v): v is string => typeof v === 'string') : [];
  const has = (labels: Labels): boolean => labels !== undefined && Object.prototype.hasOwnProperty.call(labels, key);
  switch (r.operator) {
    case 'In':
    case 'NotIn': {
      if (!values.length) return err(`operator ${r.operator} on "${key}" needs values`);
      const set = new Set(values);
      return r.operator === 'In' ? ok((labels) => has(labels) && set.has(labels![key])) : ok((labels) => !has(labels) || !set.has(labels![key]));
    }
    case 'Exists':
    case 'DoesNotExist':
      if (values.length) return err(`operator ${r.operator} on "${key}" takes no values`);
      return r.operator === 'Exists' ? ok(has) : ok((labels) => !has(labels));
    default:
      return err(`unknown operator ${JSON.stringify(r.operator)} on "${key}"`);
  }
}
