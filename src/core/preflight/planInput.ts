import type { PlanValidation, UpgradePlan } from '../plans';
import { PLAN_KIND } from '../plans/model';

/**
 * The plan preflight reasons over: the parsed document when it passed syntax and schema (the shape
 * `UpgradePlan` promises), else undefined, and the checks that need the plan say "not checked".
 */
export function planForPreflight(v: PlanValidation): UpgradePlan | undefined {
  if (v.parsed.tooLargeForChecks) return undefined;
  if (v.diagnostics.some((d) => d.severity === 'error' && (d.source === 'syntax' || d.source === 'schema' || d.source === 'limits'))) return undefined;
  const value = v.parsed.value;
  if (!value || typeof value !== 'object' || (value as { kind?: unknown }).kind !== PLAN_KIND) return undefined;
  return value as UpgradePlan;
}
