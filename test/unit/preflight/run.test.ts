import * as assert from 'node:assert/strict';
import { upgradePermissions } from '../../../src/core/cluster';
import { type PreflightInputs, runPreflight } from '../../../src/core/preflight';
import { NOW, etcdSnap, plan, snapshotWith, workload } from './fixtures';

describe('core/preflight run', () => {
  const snapshot = snapshotWith({ etcdSnapshots: { state: 'ok', value: ['k3s-server-1', 'k3s-server-2', 'k3s-server-3'].map((n) => etcdSnap(n, '2026-03-07T10:00:00Z')) } });
  const healthy = { ...snapshot, components: { ...snapshot.components, systemUpgradeController: { state: 'ok' as const, value: workload('system-upgrade-controller', 'system-upgrade', 1) } } };
  const inputs: PreflightInputs = {
    snapshot: healthy,
    plan: plan({ checklist: [{ id: 'staging-tested', title: 'Staging tested', state: 'done', required: true }] }),
    planDiagnostics: [],
    now: NOW,
    suc: { plansCrd: true, serviceAccount: { namespace: 'system-upgrade', name: 'system-upgrade', exists: true } },
    rookDaemons: [{ namespace: 'rook-ceph', name: 'rook-ceph-mon-a', rookVersion: 'v1.14.9' }],
    cephStatus: [{ namespace: 'rook-ceph', name: 'rook-ceph', mons: { expected: ['a'], inQuorum: ['a'] }, pgsByState: [{ state: 'active+clean', count: 1 }] }],
    access: upgradePermissions(healthy.components).map((access) => ({ access, allowed: true })),
    pdbs: [],
  };

  it('a healthy cluster with every input: every check passes but removed APIs (not checked until the hook is filled)', () => {
    const r = runPreflight(inputs);
    const notPassed = r.checks.filter((c) => c.status !== 'pass').map((c) => `${c.id}: ${c.status}`);
    assert.deepEqual(notPassed, ['apis.removed: not-checked']);
    assert.equal(r.blocking, false);
    assert.equal(r.at, NOW.toISOString());
    assert.equal(new Set(r.checks.map((c) => c.id)).size, r.checks.length, 'ids are unique');
  });

  it('inputs left out make their checks "not checked", never pass', () => {
    const r = runPreflight({ snapshot: healthy, plan: plan({ strategy: { drain: { enabled: true } } }), planDiagnostics: [], now: NOW });
    const notChecked = r.checks.filter((c) => c.status === 'not-checked').map((c) => c.id);
    assert.deepEqual(notChecked, ['ceph.mons', 'ceph.pgs', 'rook.versions', 'pdb.drain', 'rbac.access', 'apis.removed']);
    assert.equal(r.checks.find((c) => c.id === 'suc.ready')?.status, 'warn');
  });

  it('a failed check blocks; the plan not parsing leaves the drain unknown', () => {
    const r = runPreflight({ ...inputs, plan: undefined, planDiagnostics: [{ range: { start: 0, end: 1 }, severity: 'error', code: 'yaml.BAD_INDENT', message: 'bad indent', source: 'syntax' }] });
    assert.equal(r.blocking, true);
    assert.equal(r.checks.find((c) => c.id === 'plan.valid')?.status, 'fail');
    assert.equal(r.checks.find((c) => c.id === 'pdb.drain')?.status, 'not-checked');
    assert.equal(r.checks.find((c) => c.id === 'plan.maintenance-window')?.status, 'not-checked');
    assert.equal(r.checks.find((c) => c.id === 'plan.checklist')?.status, 'not-checked');
  });
});
