import { type Document, isMap } from 'yaml';
import type { OffsetRange, PlanPath, PlanSeverity } from '../plans/model';
import { findPath, nodeRange, pairKeyRange } from '../plans/yamlPath';
import { type CheckResult, type PreflightReport, describeRef, nameList } from './result';

/**
 * Where a check's result shows in the plan file: the check's own `planPath` when it has one (the plan
 * checks, the drain, the snapshot), else the part of the plan the cluster state concerns. One table, so
 * every check lands on a line; a path the plan does not have falls back to its deepest existing key.
 */
const WHERE_BY_PREFIX: readonly (readonly [string, PlanPath])[] = [
  ['nodes.', ['cluster', 'contextName']],
  ['kubernetes.', ['components', 'kubernetes']],
  ['suc.', ['hops']],
  ['ceph.', ['components', 'ceph']],
  ['rook.', ['components', 'rook']],
  ['etcd.', ['backups', 'etcdSnapshot']],
  ['pdb.', ['strategy', 'drain']],
  ['rbac.', ['cluster', 'contextName']],
  ['apis.', ['components', 'kubernetes']],
  ['plan.', ['metadata', 'name']],
];

export function planPathOf(check: Pick<CheckResult, 'id' | 'planPath'>): PlanPath {
  if (check.planPath) return check.planPath;
  return WHERE_BY_PREFIX.find(([prefix]) => check.id.startsWith(prefix))?.[1] ?? ['kind'];
}

export interface PreflightDiagnostic {
  readonly range: OffsetRange;
  readonly severity: PlanSeverity;
  /** `preflight.<check id>`. */
  readonly code: string;
  readonly message: string;
}

/**
 * The report as diagnostics on the plan: a failure is an error (a warning once overridden, saying by
 * whom and why), a warning a warning, "not checked" information; passes show nothing. The range is
 * the key of the path (one line), so the squiggle sits where the reader looks.
 */
export function preflightDiagnostics(report: PreflightReport, doc: Document | undefined): PreflightDiagnostic[] {
  const out: PreflightDiagnostic[] = [];
  for (const c of report.checks) {
    if (c.status === 'pass') continue;
    const severity: PlanSeverity = c.status === 'fail' ? (c.override ? 'warning' : 'error') : c.status === 'warn' ? 'warning' : 'info';
    const head = c.status === 'fail' && c.override ? `Preflight: ${c.title} — failed, overridden by ${c.override.by} (${c.override.reason})` : `Preflight: ${c.title} — ${c.status === 'not-checked' ? 'not checked' : c.status === 'warn' ? 'warning' : 'failed'}`;
    const objects = c.objects.length ? ` [${nameList(c.objects.map(describeRef), 4)}]` : '';
    const hint = c.fixHint && c.status !== 'not-checked' ? ` Fix: ${c.fixHint}` : '';
    out.push({ range: rangeOf(doc, planPathOf(c)), severity, code: `preflight.${c.id}`, message: `${head}: ${c.reason}.${objects}${hint}` });
  }
  return out;
}

function rangeOf(doc: Document | undefined, path: PlanPath): OffsetRange {
  if (!doc) return { start: 0, end: 0 };
  const hit = findPath(doc, path);
  const node = hit.node ?? hit.deepest;
  // A sequence item has no key of its own: its first key (`- id: backup-verified`) stands for it.
  const pair = hit.pair ?? (hit.node && isMap(hit.node) ? hit.node.items[0] : undefined) ?? hit.deepestPair;
  const range = pairKeyRange(pair) ?? nodeRange(node);
  return range ?? { start: 0, end: 0 };
}
