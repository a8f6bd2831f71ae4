/** Plan files: parsing with positions, schema validation, semantic rules, editing helpers. Pure: no editor, no I/O. */
export * from './model';
export { parsePlan, looksLikePlan, MAX_CHECKED_BYTES } from './parse';
export { validatePlan, defaultValidationContext, type PlanValidationContext, type PlanValidation } from './validate';
export { planCompletions, type PlanCompletion } from './completion';
export { planHover, type PlanHover } from './hover';
export { defaultChecklist } from './checklist';
export { bundledReleaseSource, TableReleaseSource, type ReleaseInfoSource, type ReleaseInfo } from './releaseSource';
export type { PlanRulesEngine, Finding, PlanRulesInput } from './rulesEngine';
export { FallbackRulesEngine } from './fallbackEngine';
export { PathsRulesEngine, plannedHops } from './pathsAdapter';
export type { KnownClusters } from './semanticRules';
export { generatePlanText, planNameFor, type NewPlanInput } from './generate';
export { catalogReleaseSource } from './catalogSource';
