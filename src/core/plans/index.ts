/** Plan files: parsing with positions, schema validation, semantic rules, editing helpers. Pure: no editor, no I/O. */
export * from './model';
export { parsePlan, looksLikePlan, MAX_CHECKED_BYTES } from './parse';
export { validatePlan, type PlanValidationContext, type PlanValidation } from './validate';
export { planCompletions, type PlanCompletion } from './completion';
export { planHover, type PlanHover } from './hover';
export * from './checklist';
export { TablePlanReleases, type PlanReleases, type ReleaseSummary } from './planReleases';
export type { PlanRulesEngine, Finding, PlanRulesInput } from './rulesEngine';
export { PlanRules, hopInput, plannedHops } from './planRules';
export type { KnownClusters } from './semanticRules';
export { generatePlanText, planNameFor, type NewPlanInput } from './generate';
export { planReleasesOf, catalogRiskEdges } from './catalogReleases';
export { targetChoices, checkTargetInput, type TargetChoice } from './targetChoice';
export { editChecklist, minimalEdit, type ItemPatch } from './checklistEdits';
