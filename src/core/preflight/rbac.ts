import { type AccessVerdict, type Components, type RequiredAccess, describeAccess, summarizeUpgradeAccess, upgradePermissions } from '../cluster';
import { type CheckHead, notChecked } from './common';
import { type CheckResult, objectRef } from './result';

const HEAD: CheckHead = { id: 'rbac.access', title: 'Permissions for every step of the run' };

/**
 * The API server's answers (SelfSubjectAccessReview) for every permission of
 * `upgradePermissions(components)`, summarised by `summarizeUpgradeAccess`; a permission the run needs
 * that was not asked is named too. In GitOps mode (`strategy.apply: gitops`) the changes git makes are not asked of the run.
 */
export function checkAccess(components: Components, all: readonly AccessVerdict<RequiredAccess>[] | undefined, apply: 'direct' | 'gitops' = 'direct'): CheckResult {
  if (!all) return notChecked(HEAD, 'the permissions were not asked (SelfSubjectAccessReview)');
  // GitOps: git creates the Plans and sets the images; the run only watches them (and uncordons, backs up).
  const needed = (a: RequiredAccess): boolean => apply === 'direct' || !a.directOnly;
  const verdicts = all.filter((v) => needed(v.access));
  const asked = new Set(verdicts.map((v) => describeAccess(v.access)));
  const notAsked = upgradePermissions(components).filter(needed).filter((a) => !asked.has(describeAccess(a)));
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
