import * as assert from 'node:assert/strict';
import { checkMaintenanceWindow, checkPinnedCluster, nodesDrainedBy, planForPreflight, runPreflight } from '../../../src/core/preflight';
import { EXAMPLE, validate } from '../plans/helpers';
import { demoSnapshot } from './fixtures';

describe('core/preflight over the example plan', () => {
  const v = validate(EXAMPLE);
  const p = planForPreflight(v);

  it('a plan that passes syntax and schema is the plan preflight reads; a broken one is none', () => {
    assert.ok(p);
    assert.equal(p.cluster.kubeSystemUID, '3f1c2b9a-6d1e-4c55-9a51-0d4e7e3b2c11');
    assert.equal(planForPreflight(validate('kind: UpgradePlan\nhops: [')), undefined);
    assert.equal(planForPreflight(validate(EXAMPLE.replace('maintenanceWindow:', 'maintenanceWindw:'))), undefined, 'a schema error');
  });

  it('its window (Saturday and Sunday 22:00–04:00 Europe/Berlin) and drains read as written', () => {
    assert.equal(checkMaintenanceWindow(p, new Date('2026-03-07T21:30:00Z')).status, 'pass', 'Saturday 22:30 in Berlin');
    assert.equal(checkMaintenanceWindow(p, new Date('2026-03-09T02:00:00Z')).status, 'pass', 'Monday 03:00 in Berlin: Sunday\'s window');
    assert.equal(checkMaintenanceWindow(p, new Date('2026-03-09T03:30:00Z')).status, 'warn', 'Monday 04:30 in Berlin');
    assert.ok(nodesDrainedBy(p!, [{ name: 'a', isServer: false }]).length === 1);
  });

  it('against the demo cluster: the pin refuses it, and preflight runs to a report', () => {
    const s = demoSnapshot();
    const d = checkPinnedCluster(p!.cluster, { context: s.context, server: s.server, kubeSystemUID: 'uid-1' }, 'write');
    assert.equal(d.allowed, false);
    assert.match(d.allowed ? '' : d.reason, /pinned to https:\/\/10\.0\.0\.10:6443 \(kube-system UID 3f1c2b9a-.*\), but context "k3s-demo" points at https:\/\/127\.0\.0\.1:6443 \(kube-system UID uid-1\)/);
    const r = runPreflight({ snapshot: s, plan: p, planDiagnostics: v.diagnostics, now: new Date('2026-03-07T21:30:00Z') });
    assert.equal(r.checks.length, 18);
    assert.equal(r.checks.find((c) => c.id === 'etcd.snapshot')?.status, 'pass', 'the plan takes a snapshot first');
  });
});
