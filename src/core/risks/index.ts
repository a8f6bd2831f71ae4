/**
 * Team-written risk files (`.upgradeplanner/risks/*.yaml`, schema in schemas/risk.schema.json):
 * parse and validate, evaluate their rules against a cluster snapshot, and turn them into risk edges
 * for the path engine (core/paths), which marks matching hops "not recommended".
 */
export * from './model';
export { parseRiskDocument, parseRiskFile, duplicateNames, riskFileSizeProblem } from './parse';
export { parseFieldPath, valuesAt, type PathStep } from './fieldPath';
export { test as testPredicate, compareLoose, deepEqual } from './predicates';
export { evaluateResourceRule, evaluatePromqlRule, evaluateRisk, evaluateRisks, combine, toRiskEdges } from './evaluate';
export { riskFor as edgeMatches } from '../paths/riskMarks';
