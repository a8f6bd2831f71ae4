import type { RiskEdge } from '../paths/types';
import { parseFieldPath, valuesAt } from './fieldPath';
import type { PromqlRule, ResourceRule, Risk, RiskContext, RiskEvaluation, RuleOutcome } from './model';
import { describePredicate, test } from './predicates';

function namespaceOf(o: unknown): string | undefined {
  if (o === null || typeof o !== 'object') return undefined;
  const md = (o as { metadata?: { namespace?: unknown } }).metadata;
  return typeof md?.namespace === 'string' ? md.namespace : undefined;
}

function nameOf(o: unknown): string {
  const md = (o as { metadata?: { name?: unknown; namespace?: unknown } } | null)?.metadata;
  const n = typeof md?.name === 'string' ? md.name : '?';
  return typeof md?.namespace === 'string' ? `${md.namespace}/${n}` : n;
}

/** A resource rule against the snapshot: synchronous and pure. */
export function evaluateResourceRule(rule: ResourceRule, ctx: Pick<RiskContext, 'objects'>): RuleOutcome {
  const steps = parseFieldPath(rule.path);
  if (!steps.ok) return { rule, status: 'not-evaluated', detail: steps.error };
  const all = ctx.objects(rule.kind, rule.apiVersion);
  const kind = `${rule.kind}${rule.apiVersion ? ` (${rule.apiVersion})` : ''}`;
  if (all === undefined) return { rule, status: 'not-evaluated', detail: `${kind} objects were not collected from the cluster` };
  const objects = rule.namespace === undefined ? all : all.filter((o) => namespaceOf(o) === rule.namespace);
  const what = `${kind} ${rule.path} ${describePredicate(rule.predicate)}`;
  for (const o of objects) {
    const values = valuesAt(o, steps.value);
    const hit = rule.predicate.op === 'notExists' ? values.length === 0 : values.some((v) => test(rule.predicate, v));
    if (hit) return { rule, status: 'matches', detail: `${what}: true for ${nameOf(o)}` };
  }
  return { rule, status: 'no-match', detail: `${what}: no match in ${objects.length} object${objects.length === 1 ? '' : 's'}` };
}

/** A PromQL rule: "not evaluated" without a configured Prometheus or when the query fails. */
export async function evaluatePromqlRule(rule: PromqlRule, ctx: Pick<RiskContext, 'prometheus'>): Promise<RuleOutcome> {
  if (!ctx.prometheus) return { rule, status: 'not-evaluated', detail: `PromQL not evaluated (no Prometheus URL configured): ${rule.promql}` };
  try {
    const v = await ctx.prometheus.query(rule.promql);
    if (v === undefined || Number.isNaN(v)) return { rule, status: 'no-match', detail: `${rule.promql}: empty result` };
    return v !== 0 ? { rule, status: 'matches', detail: `${rule.promql} = ${v}` } : { rule, status: 'no-match', detail: `${rule.promql} = 0` };
  } catch (e) {
    return { rule, status: 'not-evaluated', detail: `PromQL query failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Combines rule outcomes: any match → applies; else any not evaluated → not evaluated; else does not apply. */
export function combine(risk: Risk, rules: readonly RuleOutcome[]): RiskEvaluation {
  if (!risk.matchingRules || risk.matchingRules.length === 0) {
    return { risk, status: 'applies', because: 'no matching rules: applies to every cluster', rules };
  }
  const hit = rules.find((r) => r.status === 'matches');
  if (hit) return { risk, status: 'applies', because: hit.detail, rules };
  const unknown = rules.find((r) => r.status === 'not-evaluated');
  if (unknown) return { risk, status: 'not-evaluated', because: unknown.detail, rules };
  return { risk, status: 'does-not-apply', because: rules.map((r) => r.detail).join('; '), rules };
}

export async function evaluateRisk(risk: Risk, ctx: RiskContext): Promise<RiskEvaluation> {
  const rules = await Promise.all((risk.matchingRules ?? []).map((r) => (r.type === 'resource' ? Promise.resolve(evaluateResourceRule(r, ctx)) : evaluatePromqlRule(r, ctx))));
  return combine(risk, rules);
}

export function evaluateRisks(risks: readonly Risk[], ctx: RiskContext): Promise<RiskEvaluation[]> {
  return Promise.all(risks.map((r) => evaluateRisk(r, ctx)));
}

/**
 * Edges for the path engine: risks that apply, and risks that could not be evaluated (treated as
 * risky, with the reason, as OpenShift does for conditional updates it cannot evaluate).
 */
export function toRiskEdges(evaluations: readonly RiskEvaluation[]): RiskEdge[] {
  return evaluations
    .filter((e) => e.status !== 'does-not-apply')
    .map(({ risk, status, because }) => ({
      name: risk.name,
      component: risk.component,
      from: risk.from,
      to: risk.to,
      message: risk.message,
      url: risk.url,
      fixedIn: risk.fixedIn,
      because: status === 'not-evaluated' ? `could not be evaluated: ${because}` : because,
    }));
}
