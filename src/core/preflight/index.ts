/** Preflight: every check a run needs before the first node is touched, as values a run can record; and the guard rails. Pure. */
export * from './result';
export * from './inputs';
export { checkNodesReady, checkNodePressure, checkNodesCordoned } from './nodes';
export { checkKubernetesSkew, clusterVersionsOf } from './skew';
export { checkSystemUpgradeController } from './suc';
export { checkCephHealth, checkCephMons, checkCephPgs, checkRookOperator, checkRookVersions } from './ceph';
export { checkEtcdSnapshots, planTakesEtcdSnapshot } from './etcd';
export { checkPdbs, nodesDrainedBy } from './pdb';
export { checkAccess } from './rbac';
export { checkPlanValid, checkRisksAccepted, checkChecklist, RISKY_EDGE_CODE, FILLED_BY_RUN } from './plan';
export { checkMaintenanceWindow, parseMaintenanceWindow, windowState, localTime, type MaintenanceWindow, type WindowState, type Weekday } from './maintenanceWindow';
export { checkRemovedApis } from './removedApis';
export { preflightChecks, runPreflight } from './run';
export { planForPreflight } from './planInput';
export * from './guards';
export { planPathOf, preflightDiagnostics, type PreflightDiagnostic } from './planPlacement';
