/**
 * The upgrade-path engine: `computePath` (current versions + target → ordered hops or reasons) and
 * `validateHops` (a user-written list of hops → findings with the offending hop's index).
 */
export * from './types';
export { computePath } from './engine';
export { validateHops, simulateHops, type HopInput, type ValidateOptions } from './validate';
export { checkCluster } from './state';
export { riskFor, markRisks } from './riskMarks';
