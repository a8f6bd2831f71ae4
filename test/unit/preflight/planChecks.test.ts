import * as assert from 'node:assert/strict';
import { type AccessVerdict, type RequiredAccess, upgradePermissions } from '../../../src/core/cluster';
import type { PlanDiagnostic } from '../../../src/core/plans';
import { checkAccess, checkChecklist, checkPlanValid, checkRemovedApis, checkRisksAccepted } from '../../../src/core/preflight';
import { demoSnapshot, plan } from './fixtures';

const diag = (code: string, severity: PlanDiagnostic['severity'], message: string): PlanDiagnostic => ({ range: { start: 0, end: 1 }, severity, code, message, source: 'rules' });

describe('core/preflight RBAC (upgradePermissions, summarizeUpgradeAccess)', () => {
  const components = demoSnapshot().components;
  const asked = (deny: (a: RequiredAccess) => boolean = () => false): AccessVerdict<RequiredAccess>[] => upgradePermissions(components).map((access) => ({ access, allowed: !deny(access) }));

  it('every permission granted: pass', () => {
    const c = checkAccess(components, asked());
    assert.equal(c.status, 'pass', c.reason);
    assert.match(c.reason, /can run upgrades/);
  });

  it('a missing permission is named exactly, with what the run needs it for', () => {
    const c = checkAccess(components, asked((a) => a.resource === 'nodes' && a.verb === 'patch'));
    assert.equal(c.status, 'fail');
    assert.equal(c.reason, 'read-only for upgrades: cannot patch nodes');
    assert.match(c.fixHint ?? '', /patch nodes — to cordon, uncordon and label nodes/);
  });

  it('only an optional permission missing (Secrets export) warns', () => {
    const c = checkAccess(components, asked((a) => a.resource === 'secrets'));
    assert.equal(c.status, 'warn');
    assert.match(c.reason, /needed only when a plan exports Secrets/);
  });

  it('GitOps mode: the Plans and images are git\'s to change, so a user who may only watch them (and cordon, back up) can run; direct mode cannot', () => {
    const gitWrites = (a: RequiredAccess): boolean => (a.resource === 'plans' && a.verb !== 'watch') || (a.verb === 'patch' && (a.resource === 'cephclusters' || a.resource === 'deployments'));
    const direct = checkAccess(components, asked(gitWrites));
    assert.equal(direct.status, 'fail');
    assert.match(direct.reason, /cannot create plans\.upgrade\.cattle\.io in system-upgrade, patch plans/);
    const gitops = checkAccess(components, asked(gitWrites), 'gitops');
    assert.equal(gitops.status, 'pass', gitops.reason);
    // Those writes need not even be asked in GitOps mode; watching the Plans still must be allowed.
    assert.equal(checkAccess(components, asked().filter((v) => !gitWrites(v.access)), 'gitops').status, 'pass');
    const noWatch = checkAccess(components, asked((a) => a.resource === 'plans'), 'gitops');
    assert.equal(noWatch.status, 'fail');
    assert.equal(noWatch.reason, 'read-only for upgrades: cannot watch plans.upgrade.cattle.io in system-upgrade');
  });

  it('not asked at all, or a needed permission not asked: not checked', () => {
    assert.equal(checkAccess(components, undefined).status, 'not-checked');
    const c = checkAccess(components, asked().filter((v) => v.access.resource !== 'jobs'));
    assert.equal(c.status, 'not-checked');
    assert.match(c.reason, /not asked: create jobs.batch in system-upgrade/);
  });
});

describe('core/preflight the plan itself', () => {
  it('validates: no errors pass; errors fail (risky edges counted by their own check)', () => {
    assert.equal(checkPlanValid([diag('no-op-hop', 'warning', 'w')]).status, 'pass');
    assert.equal(checkPlanValid([diag('risky-edge', 'error', 'risk')]).status, 'pass');
    const c = checkPlanValid([diag('skipped-minor', 'error', 'The servers would jump two minors.'), diag('schema.required', 'error', 'x')]);
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /^2 errors: The servers would jump two minors\./);
  });

  it('every risky edge accepted: pass; one not accepted fails with the rule\'s message', () => {
    assert.equal(checkRisksAccepted([]).status, 'pass');
    const c = checkRisksAccepted([diag('risky-edge', 'error', 'K3s v1.31.0 is not recommended (etcd-bug).')]);
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /etcd-bug/);
  });

  it('checklist: required items pending fail, naming them and pointing at the first', () => {
    const c = checkChecklist(plan({
      checklist: [
        { id: 'release-notes-reviewed', title: 'Release notes reviewed', state: 'done', required: true },
        { id: 'staging-tested', title: 'Staging tested', state: 'pending', required: true },
        { id: 'monitoring-ready', title: 'Monitoring', state: 'waived', required: true, evidence: 'no monitoring here' },
      ],
    }));
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /not done: Staging tested/);
    assert.deepEqual(c.planPath, ['checklist', 1]);
  });

  it('checklist: the backup item is left to the run when the plan takes backups; optional items only warn; done passes', () => {
    const items = [{ id: 'backup-verified', title: 'Backups verified', state: 'pending' as const, required: true }];
    assert.equal(checkChecklist(plan({ checklist: items })).status, 'fail', 'no backups in the plan: nobody verifies them');
    const byRun = checkChecklist(plan({ checklist: items, backups: { etcdSnapshot: {} } }));
    assert.equal(byRun.status, 'pass', byRun.reason);
    assert.match(byRun.reason, /backup phase/);
    assert.equal(checkChecklist(plan({ checklist: [{ id: 'x', title: 'Nice to have', state: 'pending', required: false }] })).status, 'warn');
    assert.equal(checkChecklist(plan({ checklist: [] })).status, 'warn');
    assert.equal(checkChecklist(undefined).status, 'not-checked');
  });
});

describe('core/preflight removed APIs (a hook)', () => {
  it('not checked until the removed-API work provides its answer; then pass or fail naming each object', () => {
    assert.equal(checkRemovedApis(undefined).status, 'not-checked');
    assert.equal(checkRemovedApis({ target: 'v1.32', inUse: [] }).status, 'pass');
    const c = checkRemovedApis({ target: 'v1.32', inUse: [{ apiVersion: 'flowcontrol.apiserver.k8s.io/v1beta3', kind: 'FlowSchema', name: 'mine', removedIn: 'v1.32' }] });
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /FlowSchema mine \(flowcontrol.apiserver.k8s.io\/v1beta3, removed in v1.32\)/);
  });
});
