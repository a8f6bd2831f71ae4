import { checkCephHealth, checkCephMons, checkCephPgs, checkRookOperator, checkRookVersions } from './ceph';
import { checkEtcdSnapshots } from './etcd';
import type { PreflightInputs } from './inputs';
import { checkMaintenanceWindow } from './maintenanceWindow';
import { checkNodePressure, checkNodesCordoned, checkNodesReady } from './nodes';
import { checkPdbs, nodesDrainedBy } from './pdb';
import { checkChecklist, checkPlanValid, checkRisksAccepted } from './plan';
import { checkAccess } from './rbac';
import { applyModeOf } from '../run/gitops';
import { checkRemovedApis } from './removedApis';
import { type CheckResult, type PreflightReport, buildReport } from './result';
import { checkKubernetesSkew } from './skew';
import { checkSystemUpgradeController } from './suc';

/** Every preflight check, in the order the report lists them. Pure: the inputs hold everything read. */
export function preflightChecks(i: PreflightInputs): CheckResult[] {
  const s = i.snapshot;
  const nodes = s.nodes.state === 'ok' ? s.nodes.value : [];
  return [
    checkNodesReady(s),
    checkNodePressure(s),
    checkNodesCordoned(s),
    checkKubernetesSkew(s),
    checkSystemUpgradeController(s, i.suc),
    checkCephHealth(s),
    checkCephMons(s, i.cephStatus),
    checkCephPgs(s, i.cephStatus),
    checkRookOperator(s),
    checkRookVersions(s, i.rookDaemons),
    checkEtcdSnapshots(s, i.plan, i.now, i.etcdSnapshotMaxAgeHours),
    i.plan
      ? checkPdbs(nodesDrainedBy(i.plan, nodes), i.pdbs)
      : { id: 'pdb.drain', title: 'No PodDisruptionBudget blocks a drain', status: 'not-checked', reason: 'the plan does not parse, so the nodes it drains are unknown', objects: [] },
    checkAccess(s.components, i.access, i.plan ? applyModeOf(i.plan) : 'direct'),
    checkPlanValid(i.planDiagnostics),
    checkRisksAccepted(i.planDiagnostics),
    checkChecklist(i.plan),
    checkMaintenanceWindow(i.plan, i.now),
    checkRemovedApis(i.removedApis),
  ];
}

export function runPreflight(i: PreflightInputs): PreflightReport {
  return buildReport(preflightChecks(i), i.now.toISOString());
}
