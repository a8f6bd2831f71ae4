import { type AccessVerdict, type Components, type RequiredAccess, describeAccess, summarizeUpgradeAccess, upgradePermissions } from '../cluster';
import { type CheckHead, notChecked } from './common';
import { type CheckResult, objectRef } from './result';

const HEAD: CheckHead = { id: 'rbac.access', title: 'Permissions for every step of the run' };

/**
 * The API server's answers (SelfSubjectAccessReview) for every permission of
 * `upgradePermissions(components)`, summarised by `summarizeUpgradeAccess`; a permission the run needs
 * that was not asked is named too.
 */
export function checkAccess(components: Components, verdicts: readonly AccessVerdict<RequiredAccess>[] | undefined): CheckResult {
  if (!verdicts) return notChecked(HEAD, 'the permissions were not asked (SelfSubjectAccessReview)');
  const asked = new Set(verdicts.map((v) => describeAccess(v.access)));
  const notAsked = upgradePermissions(components).filter((a) => !asked.has(describeAccess(a)));
  const summary = summarizeUpgradeAccess(verdicts);
  const missing = summary.missing.map((v) => describeAccess(v.access));
  const evidence = { asked: summary.asked, missing };
  const objects = summary.missing.map((v) => objectRef('Permission', describeAccess(v.access)));
  if (!summary.canRun) {
    return {
      ...HEAD, status: 'fail', reason: summary.sentence, objects, evidence,
      fixHint: `Grant these to the context's user (a Role/ClusterRole and binding): ${summary.missing.map((v) => `${describeAccess(v.access)} — to ${v.access.purpose}`).join('; ')}.`,
    };
  }
  if (notAsked.length) {
    return notChecked(HEAD, `not asked: ${notAsked.map(describeAccess).join(', ')}`);
  }
  if (missing.length) return { ...HEAD, status: 'warn', reason: summary.sentence, objects, evidence };
  return { ...HEAD, status: 'pass', reason: `${summary.sentence} (${summary.asked} permissions asked)`, objects: [], evidence };
}
