import { type Result, err, ok } from '../../common/result';
import type { PlanPath } from '../plans/model';

/**
 * What every preflight check returns: a value a run can record in its journal as it is (plain data,
 * no functions, no Dates), with the objects it looked at and the evidence it decided on.
 */

export type CheckStatus = 'pass' | 'warn' | 'fail' | 'not-checked';

/** A Kubernetes object (or the plan file) a check looked at. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** Who let a failed check through, when and why: recorded on the result, never replacing it. */
export interface CheckOverride {
  readonly reason: string;
  readonly by: string;
  /** ISO 8601. */
  readonly at: string;
}

export type Evidence = Readonly<Record<string, string | number | boolean | readonly string[]>>;

export interface CheckResult {
  /** Stable: `nodes.ready`, `ceph.health`, `plan.maintenance-window`. */
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  /** One line. */
  readonly reason: string;
  readonly objects: readonly ObjectRef[];
  readonly fixHint?: string;
  readonly evidence?: Evidence;
  /** Where in the plan file the result belongs (for a diagnostic), when it concerns the plan. */
  readonly planPath?: PlanPath;
  readonly override?: CheckOverride;
}

export interface PreflightSummary {
  readonly pass: number;
  readonly warn: number;
  readonly fail: number;
  readonly 'not-checked': number;
  /** Failed checks let through by an override (counted in `fail` too). */
  readonly overridden: number;
}

export interface PreflightReport {
  readonly checks: readonly CheckResult[];
  readonly summary: PreflightSummary;
  /** A failed check without an override: the run may not start. */
  readonly blocking: boolean;
  /** The time the checks were evaluated at (ISO 8601). */
  readonly at: string;
}

export function objectRef(kind: string, name: string, namespace?: string): ObjectRef {
  return namespace ? { kind, namespace, name } : { kind, name };
}

/** `Node k3s-agent-1`, `PodDisruptionBudget db/pg-pdb`. */
export function describeRef(o: ObjectRef): string {
  return `${o.kind} ${o.namespace ? `${o.namespace}/` : ''}${o.name}`;
}

/** The first `max` names and how many more: `a, b, c and 7 more`. */
export function nameList(names: readonly string[], max = 5): string {
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export function buildReport(checks: readonly CheckResult[], at: string): PreflightReport {
  const summary = { pass: 0, warn: 0, fail: 0, 'not-checked': 0, overridden: 0 };
  for (const c of checks) {
    summary[c.status]++;
    if (c.status === 'fail' && c.override) summary.overridden++;
  }
  return { checks, summary, blocking: checks.some((c) => c.status === 'fail' && !c.override), at };
}

/**
 * Lets one failed check through. Only a failed check can be overridden, only with a reason and a
 * name; the result keeps its status and reason, so the journal shows what was overridden and why.
 */
export function overrideCheck(report: PreflightReport, id: string, override: CheckOverride): Result<PreflightReport> {
  const check = report.checks.find((c) => c.id === id);
  if (!check) return err(`there is no check "${id}" in this report`);
  if (check.status !== 'fail') return err(`"${check.title}" did not fail (${check.status}); only a failed check can be overridden`);
  if (!override.reason.trim()) return err('an override needs a reason');
  if (!override.by.trim()) return err('an override needs the name of who gives it');
  if (Number.isNaN(Date.parse(override.at))) return err(`"${override.at}" is not a time`);
  const next = { reason: override.reason.trim(), by: override.by.trim(), at: override.at };
  return ok(buildReport(report.checks.map((c) => (c.id === id ? { ...c, override: next } : c)), report.at));
}
