import { type PlanDiagnostic } from './model';
import { MAX_DIAGNOSTICS, type ParsedPlan, clampRange, parsePlan } from './parse';
import type { PlanRulesEngine } from './rulesEngine';
import { schemaDiagnostics } from './schemaValidation';
import { type KnownClusters, semanticDiagnostics } from './semanticRules';
import { imageDigestDiagnostics } from '../images/diagnostics';

/** What validation needs besides the text: the plan rules (over the release catalog and the risks) and the reachable clusters. */
export interface PlanValidationContext {
  readonly engine: PlanRulesEngine;
  readonly clusters?: KnownClusters;
}

export interface PlanValidation {
  readonly parsed: ParsedPlan;
  readonly diagnostics: readonly PlanDiagnostic[];
}

/**
 * Syntax, then schema, then semantic rules. Never throws: an internal failure becomes one diagnostic,
 * so that a bug here shows up as a message, not as a broken editor.
 */
export function validatePlan(text: string, ctx: PlanValidationContext): PlanValidation {
  const parsed = parsePlan(text);
  const diagnostics: PlanDiagnostic[] = [...parsed.diagnostics];
  if (parsed.doc && parsed.value !== undefined && !parsed.tooLargeForChecks) {
    try {
      const schema = schemaDiagnostics(text, parsed.doc, parsed.value);
      diagnostics.push(...schema);
      diagnostics.push(...semanticDiagnostics(text, parsed.doc, parsed.value, ctx.engine, ctx.clusters));
      diagnostics.push(...imageDigestDiagnostics(text, parsed.doc, parsed.value));
    } catch (e) {
      diagnostics.push({
        range: clampRange(text, 0, 0), severity: 'warning', code: 'internal', source: 'limits',
        message: `Upgrade Planner could not finish checking this plan (${e instanceof Error ? e.message : String(e)}). Syntax was checked; please report this.`,
      });
    }
  }
  return { parsed, diagnostics: diagnostics.slice(0, MAX_DIAGNOSTICS) };
}
