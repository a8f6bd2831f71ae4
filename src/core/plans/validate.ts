import { PathsRulesEngine } from './pathsAdapter';
import { type PlanDiagnostic } from './model';
import { MAX_DIAGNOSTICS, type ParsedPlan, clampRange, parsePlan } from './parse';
import { bundledReleaseSource, type ReleaseInfoSource } from './releaseSource';
import type { PlanRulesEngine } from './rulesEngine';
import { schemaDiagnostics } from './schemaValidation';
import { type KnownClusters, semanticDiagnostics } from './semanticRules';

export interface PlanValidationContext {
  readonly releases: ReleaseInfoSource;
  readonly engine: PlanRulesEngine;
  readonly clusters?: KnownClusters;
}

let defaults: PlanValidationContext | undefined;

/** The bundled release table and the fallback rules: what runs until the catalog and path engine are wired. */
export function defaultValidationContext(): PlanValidationContext {
  if (!defaults) {
    const releases = bundledReleaseSource();
    defaults = { releases, engine: new PathsRulesEngine(releases) };
  }
  return defaults;
}

export interface PlanValidation {
  readonly parsed: ParsedPlan;
  readonly diagnostics: readonly PlanDiagnostic[];
}

/**
 * Syntax, then schema, then semantic rules. Never throws: an internal failure becomes one diagnostic,
 * so that a bug here shows up as a message, not as a broken editor.
 */
export function validatePlan(text: string, ctx: PlanValidationContext = defaultValidationContext()): PlanValidation {
  const parsed = parsePlan(text);
  const diagnostics: PlanDiagnostic[] = [...parsed.diagnostics];
  if (parsed.doc && parsed.value !== undefined && !parsed.tooLargeForChecks) {
    try {
      const schema = schemaDiagnostics(text, parsed.doc, parsed.value);
      diagnostics.push(...schema);
      diagnostics.push(...semanticDiagnostics(text, parsed.doc, parsed.value, ctx.engine, ctx.clusters));
    } catch (e) {
      diagnostics.push({
        range: clampRange(text, 0, 0), severity: 'warning', code: 'internal', source: 'limits',
        message: `Upgrade Planner could not finish checking this plan (${e instanceof Error ? e.message : String(e)}). Syntax was checked; please report this.`,
      });
    }
  }
  return { parsed, diagnostics: diagnostics.slice(0, MAX_DIAGNOSTICS) };
}
