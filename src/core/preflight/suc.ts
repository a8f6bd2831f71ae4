import type { ClusterSnapshot } from '../cluster';
import { type CheckHead, sectionValue } from './common';
import type { SucInstallInput } from './inputs';
import { type CheckResult, type ObjectRef, objectRef } from './result';
import { deploymentReady, replicaText } from './workloads';

const HEAD: CheckHead = { id: 'suc.ready', title: 'system-upgrade-controller installed and ready' };
const INSTALL_HINT = 'Install the system-upgrade-controller (https://github.com/rancher/system-upgrade-controller: crd.yaml and system-upgrade-controller.yaml) and wait for its Deployment.';

/** The Deployment available (from the snapshot), the `plans.upgrade.cattle.io` CRD served and the Plans' service account present. */
export function checkSystemUpgradeController(s: Pick<ClusterSnapshot, 'components'>, install: SucInstallInput | undefined): CheckResult {
  const section = s.components.systemUpgradeController;
  if (section.state === 'absent') {
    return { ...HEAD, status: 'fail', reason: `the system-upgrade-controller is not deployed (${section.reason})`, objects: [], fixHint: INSTALL_HINT };
  }
  const read = sectionValue(HEAD, section, 'the system-upgrade-controller Deployment');
  if ('result' in read) return read.result;
  const d = read.value;
  const deployment = objectRef('Deployment', d.name, d.namespace);
  const objects: ObjectRef[] = [deployment];
  const problems: string[] = [];
  if (!deploymentReady(d)) problems.push(`its Deployment is not available (${replicaText(d)})`);
  if (install) {
    objects.push(objectRef('CustomResourceDefinition', 'plans.upgrade.cattle.io'));
    objects.push(objectRef('ServiceAccount', install.serviceAccount.name, install.serviceAccount.namespace));
    if (!install.plansCrd) problems.push('the CRD plans.upgrade.cattle.io is not served');
    if (!install.serviceAccount.exists) problems.push(`the service account ${install.serviceAccount.namespace}/${install.serviceAccount.name} does not exist`);
  }
  const evidence = { deployment: `${d.namespace}/${d.name}`, image: d.image ?? '', replicas: replicaText(d), ...(install ? { plansCrd: install.plansCrd, serviceAccount: install.serviceAccount.exists } : {}) };
  if (problems.length) {
    return { ...HEAD, status: 'fail', reason: problems.join('; '), objects, fixHint: INSTALL_HINT, evidence };
  }
  if (!install) {
    return { ...HEAD, status: 'warn', reason: `the Deployment ${d.namespace}/${d.name} is available; its CRD and service account were not checked`, objects, evidence };
  }
  return { ...HEAD, status: 'pass', reason: `${[`${d.namespace}/${d.name}`, d.version].filter(Boolean).join(' ')} is available, with its CRD and service account`, objects, evidence };
}
