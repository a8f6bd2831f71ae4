import type { PlanDiagnostic, UpgradePlan } from '../plans/model';
import { type CheckHead, notChecked, plural } from './common';
import { type CheckResult, nameList } from './result';

/** The plan itself: it validates, every risky edge is accepted, the checklist is done. */

const VALID: CheckHead = { id: 'plan.valid', title: 'The plan validates without errors' };
const RISKS: CheckHead = { id: 'plan.risks', title: 'Every risky upgrade edge accepted' };
const CHECKLIST: CheckHead = { id: 'plan.checklist', title: 'The checklist is done' };

/** The plan rules' code for a hop over a risky edge not accepted (plans/planRules.ts, `risk.not-accepted`). */
export const RISKY_EDGE_CODE = 'risky-edge';
/** Checklist items the run itself completes: its backup phase verifies the backups. */
export const FILLED_BY_RUN: Readonly<Record<string, string>> = { 'backup-verified': 'the run\'s backup phase takes and verifies the backups' };

const PLAN_REF = { kind: 'UpgradePlan', name: 'the plan file' };

/** Errors of syntax, schema and rules, risky edges aside (their own check). */
export function checkPlanValid(diagnostics: readonly PlanDiagnostic[]): CheckResult {
  const errors = diagnostics.filter((d) => d.severity === 'error' && d.code !== RISKY_EDGE_CODE);
  if (!errors.length) return { ...VALID, status: 'pass', reason: 'no errors', objects: [PLAN_REF] };
  return {
    ...VALID, status: 'fail', objects: [PLAN_REF],
    reason: `${plural(errors.length, 'error')}: ${errors[0].message}${errors.length > 1 ? ' …' : ''}`,
    evidence: { codes: [...new Set(errors.map((e) => e.code))] },
    fixHint: 'Fix the errors shown in the plan file (the Problems view lists them).',
  };
}

export function checkRisksAccepted(diagnostics: readonly PlanDiagnostic[]): CheckResult {
  const risky = diagnostics.filter((d) => d.code === RISKY_EDGE_CODE);
  if (!risky.length) return { ...RISKS, status: 'pass', reason: 'no hop takes a risky edge that is not accepted', objects: [PLAN_REF], planPath: ['acceptedRisks'] };
  return {
    ...RISKS, status: 'fail', objects: [PLAN_REF], planPath: ['acceptedRisks'],
    reason: risky.map((d) => d.message).join(' '),
    fixHint: 'Change the hop, or accept the risk by name in acceptedRisks with a reason (the quick fix adds it).',
  };
}

/** Required items must be done, waived or not applicable before the start; optional ones pending only warn. */
export function checkChecklist(plan: Pick<UpgradePlan, 'checklist' | 'backups'> | undefined): CheckResult {
  if (!plan) return notChecked(CHECKLIST, 'the plan does not parse');
  const items = plan.checklist ?? [];
  const planPath = ['checklist'];
  if (!items.length) return { ...CHECKLIST, status: 'warn', reason: 'the plan has no checklist', objects: [PLAN_REF], planPath, fixHint: 'Add the default checklist (New Plan writes one) and work through it.' };
  const hasBackups = Object.keys(plan.backups ?? {}).length > 0;
  const pending = items.filter((i) => i.state === 'pending');
  const byRun = pending.filter((i) => hasBackups && FILLED_BY_RUN[i.id] !== undefined);
  const open = pending.filter((i) => !byRun.includes(i));
  const required = open.filter((i) => i.required !== false);
  const optional = open.filter((i) => i.required === false);
  const evidence = { items: items.length, pending: pending.map((i) => i.id), filledByRun: byRun.map((i) => i.id) };
  const firstIndex = items.findIndex((i) => i === (required[0] ?? optional[0]));
  const at = firstIndex >= 0 ? { planPath: ['checklist', firstIndex] } : { planPath };
  const note = byRun.length ? `; ${byRun.map((i) => `${i.id}: ${FILLED_BY_RUN[i.id]}`).join('; ')}` : '';
  if (required.length) {
    return {
      ...CHECKLIST, ...at, status: 'fail', objects: [PLAN_REF], evidence,
      reason: `not done: ${nameList(required.map((i) => i.title), 3)}${note}`,
      fixHint: 'Do each item and mark it done (with evidence), or waive it with a reason.',
    };
  }
  if (optional.length) return { ...CHECKLIST, ...at, status: 'warn', objects: [PLAN_REF], evidence, reason: `optional items not done: ${nameList(optional.map((i) => i.title), 3)}${note}` };
  return { ...CHECKLIST, planPath, status: 'pass', objects: [PLAN_REF], evidence, reason: `every required item is done, waived or not applicable${note}` };
}
