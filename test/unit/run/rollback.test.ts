import * as assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../../../src/core/cluster';
import { type EtcdSnapshotCandidate, type RunEntry, type RunPhase, etcdSnapshotsFromJournal, rollbackPlan, runPhases, runStateFromJournal } from '../../../src/core/run';
import { apiNode, demoSnapshot, examplePlan } from './fixtures';
import { createdPlan, etcdBackup, patched, phaseDone, phaseStarted, started } from './journalFixtures';

// A run of the example plan from v1.30.8 (hop 1 done before): hop 2 moved Rook to v1.15.9, hop 3 took a
// snapshot on v1.30 and moved the servers to v1.31.10, then the canary gate failed.
const PLAN = examplePlan({ strategy: { canary: { size: 1 } } });
const AT_START = demoSnapshot({ nodes: [...[1, 2, 3].map((i) => apiNode(`k3s-server-${i}`, 'v1.30.8+k3s1', true)), apiNode('k3s-agent-1', 'v1.30.8+k3s1', false)] });
const PHASES: RunPhase[] = (() => {
  const r = runPhases({ ...PLAN, hops: PLAN.hops.slice(1) }, AT_START);
  if (!r.ok) throw new Error(r.error);
  return r.value;
})();
const phase = (id: string): RunPhase => {
  const p = PHASES.find((x) => x.id === id);
  if (!p) throw new Error(`no ${id} in ${PHASES.map((x) => x.id).join(', ')}`);
  return p;
};
const SNAP = etcdBackup('local-pre-minor-k3s-server-1-1764371000-abc', 'pre-minor-k3s-server-1-1764371000', '2026-11-28T23:03:20Z');

function journal(extra: RunEntry[] = []): (RunEntry | ReturnType<typeof etcdBackup>)[] {
  return [
    started(PHASES),
    phaseStarted(phase('hop-1/rook-operator'), '2026-11-28T22:30:00Z'),
    patched('hop-1/rook-operator', 'Deployment', 'rook-ceph-operator', 'rook/ceph:v1.14.9', 'rook/ceph:v1.15.9', '2026-11-28T22:30:01Z'),
    phaseDone('hop-1/rook-operator', '2026-11-28T22:30:02Z'),
    phaseStarted(phase('hop-2/etcd-snapshot'), '2026-11-28T23:03:00Z'),
    SNAP,
    phaseDone('hop-2/etcd-snapshot', '2026-11-28T23:04:00Z'),
    phaseStarted(phase('hop-2/k3s-servers'), '2026-11-28T23:05:00Z', ['k3s-server-1', 'k3s-server-2', 'k3s-server-3']),
    createdPlan('hop-2/k3s-servers', 'prod-k3s-1-33-k3s-v1-31-10-k3s1-server', '2026-11-28T23:05:01Z'),
    phaseDone('hop-2/k3s-servers', '2026-11-28T23:20:00Z'),
    phaseStarted(phase('hop-2/k3s-canary'), '2026-11-28T23:21:00Z', ['k3s-agent-1']),
    createdPlan('hop-2/k3s-canary', 'prod-k3s-1-33-k3s-v1-31-10-k3s1-canary', '2026-11-28T23:21:01Z'),
    phaseDone('hop-2/k3s-canary', '2026-11-28T23:40:00Z', 'failed'),
    ...extra,
  ];
}

/** The cluster now: servers on v1.31.10, the canary on v1.31.10 and still cordoned, Rook on v1.15.9. */
function now(rook = 'v1.15.9'): ClusterSnapshot {
  return demoSnapshot({
    rook,
    nodes: [...[1, 2, 3].map((i) => apiNode(`k3s-server-${i}`, 'v1.31.10+k3s1', true)), { ...apiNode('k3s-agent-1', 'v1.31.10+k3s1', false), spec: { unschedulable: true } }],
  });
}

function planFor(entries: ReturnType<typeof journal>, snapshots: EtcdSnapshotCandidate[] = etcdSnapshotsFromJournal(entries), cluster = now()) {
  const state = runStateFromJournal(entries);
  assert.ok(state);
  return rollbackPlan(state, cluster, snapshots);
}
const step = (p: ReturnType<typeof rollbackPlan>, id: string) => p.steps.find((s) => s.id === id)!;

describe('core/run rollback', () => {
  it('with a snapshot of the minor: Plans deleted, canary uncordoned, Rook reverted, Ceph untouched, and the restore runbook with the real names', () => {
    const p = planFor(journal());
    const del = step(p, 'delete-plans');
    assert.equal(del.how, 'api');
    assert.deepEqual(del.writes.map((w) => [w.verb, w.object.name]), [['delete', 'prod-k3s-1-33-k3s-v1-31-10-k3s1-server'], ['delete', 'prod-k3s-1-33-k3s-v1-31-10-k3s1-canary']]);
    const un = step(p, 'uncordon');
    assert.deepEqual(un.writes.map((w) => [w.verb, w.object.name, w.body]), [['patch', 'k3s-agent-1', { spec: { unschedulable: null } }]]);
    const rook = step(p, 'rook-operator');
    assert.equal(rook.how, 'api');
    assert.equal(rook.writes[0].patchType, 'strategic');
    assert.deepEqual(rook.writes[0].body, { spec: { template: { spec: { containers: [{ name: 'rook-ceph-operator', image: 'rook/ceph:v1.14.9' }] } } } });
    assert.equal(step(p, 'ceph').how, 'nothing');
    const k3s = step(p, 'k3s');
    assert.equal(k3s.how, 'manual');
    assert.equal(k3s.title, 'Roll K3s back to v1.30.8+k3s1');
    assert.equal(p.snapshot?.snapshotName, 'pre-minor-k3s-server-1-1764371000');
    const rb = p.runbook ?? '';
    assert.match(rb, /^# Roll K3s back from v1\.31\.10\+k3s1 to v1\.30\.8\+k3s1 — cluster k3s-demo/);
    assert.match(rb, /k3s server --cluster-reset --cluster-reset-restore-path=\/var\/lib\/rancher\/k3s\/server\/db\/snapshots\/pre-minor-k3s-server-1-1764371000\n/);
    assert.match(rb, /- k3s-server-2 \(server\): `curl -sfL https:\/\/get\.k3s\.io \| INSTALL_K3S_VERSION="v1\.30\.8\+k3s1" INSTALL_K3S_EXEC="server" INSTALL_K3S_SKIP_START="true" sh -`/);
    assert.match(rb, /- k3s-agent-1 \(agent\): `curl .*INSTALL_K3S_EXEC="agent"/);
    // Order: stop everywhere, binaries, restore on the snapshot's server, the other servers, then the agents.
    const order = ['## 2. Stop K3s', '## 3. Install K3s v1.30.8+k3s1', '## 4. Restore the snapshot on k3s-server-1', '### k3s-server-2', '### k3s-server-3', '## 6. The agents'].map((h) => rb.indexOf(h));
    assert.ok(order.every((i, n) => i > 0 && (n === 0 || i > order[n - 1])), JSON.stringify(order));
    assert.match(rb, /- k3s-agent-1: `systemctl start k3s-agent`/);
    assert.match(rb, /### k3s-server-2\n\n```bash\nrm -rf \/var\/lib\/rancher\/k3s\/server\/db\nsystemctl start k3s\n```/);
  });

  it('without a snapshot of that minor, K3s is not rolled back and the reason says why; the API steps stay', () => {
    const p = planFor(journal(), []);
    const k3s = step(p, 'k3s');
    assert.equal(k3s.how, 'not-possible');
    assert.match(k3s.reason, /no etcd snapshot taken on K3s v1\.30 is known, and K3s cannot go back from v1\.31\.10\+k3s1 to v1\.30\.8\+k3s1 without one/);
    assert.equal(p.runbook, undefined);
    assert.equal(step(p, 'uncordon').how, 'api');
    // A snapshot from before the run without a recorded version is not trusted; with its version it is.
    const old: EtcdSnapshotCandidate = { file: 'etcd-snapshot-k3s-server-1-1', snapshotName: 'etcd-snapshot-k3s-server-1-1', node: 'k3s-server-1', location: 'file:///var/lib/rancher/k3s/server/db/snapshots/etcd-snapshot-k3s-server-1-1', createdAt: '2026-11-20T04:00:00Z', k3sVersion: undefined };
    assert.equal(step(planFor(journal(), [old]), 'k3s').how, 'not-possible');
    assert.equal(step(planFor(journal(), [{ ...old, k3sVersion: 'v1.29.9+k3s1' }]), 'k3s').how, 'not-possible');
    const v130 = planFor(journal(), [{ ...old, k3sVersion: 'v1.30.4+k3s1' }]);
    assert.equal(step(v130, 'k3s').how, 'manual');
    assert.equal(v130.snapshot?.file, 'etcd-snapshot-k3s-server-1-1');
    // A snapshot taken while the servers were being upgraded tells no single version.
    const during = etcdSnapshotsFromJournal([etcdBackup('mid', 'mid', '2026-11-28T23:10:00Z')]);
    assert.equal(step(planFor(journal(), during), 'k3s').how, 'not-possible');
  });

  it('Rook is not reverted once Ceph moved after it, nor when someone changed the operator since; Ceph is never downgraded', () => {
    const cephMoved = journal([patched('hop-4/ceph-image', 'CephCluster', 'rook-ceph', 'quay.io/ceph/ceph:v18.2.4', 'quay.io/ceph/ceph:v19.2.3', '2026-11-28T23:50:00Z')]);
    const p = planFor(cephMoved);
    assert.equal(step(p, 'rook-operator').how, 'not-possible');
    assert.match(step(p, 'rook-operator').reason, /Ceph was moved after the operator/);
    assert.equal(step(p, 'ceph').how, 'not-possible');
    assert.match(step(p, 'ceph').reason, /never downgraded.*rook-ceph\/rook-ceph to quay\.io\/ceph\/ceph:v19\.2\.3/);
    const changed = planFor(journal(), undefined, now('v1.15.10'));
    assert.equal(step(changed, 'rook-operator').how, 'not-possible');
    assert.match(step(changed, 'rook-operator').reason, /runs rook\/ceph:v1\.15\.10 now, not rook\/ceph:v1\.15\.9/);
  });

  it('a run that touched nothing has nothing to undo', () => {
    const p = planFor([started(PHASES)]);
    assert.deepEqual(p.steps.map((s) => s.how), ['nothing', 'nothing', 'nothing', 'nothing', 'nothing']);
    assert.equal(p.runbook, undefined);
  });
});

describe('core/run rollback of a GitOps run (strategy.apply: gitops)', () => {
  const fromGit = (phaseId: string, kind: 'Plan' | 'Deployment' | 'CephCluster', name: string, at: string, before?: string, after?: string): RunEntry => {
    const p = patched(phaseId, kind === 'Plan' ? 'Deployment' : kind, name, before ?? '', after ?? '', at);
    const { type: _t, verb: _v, resource: _r, beforeResourceVersion: _b, afterResourceVersion: _a, outcome: _o, ...rest } = p as Extract<RunEntry, { type: 'write' }>;
    return {
      ...rest, type: 'gitops-applied', phaseId, description: `${kind} ${name} applied from git`,
      object: kind === 'Plan' ? { kind: 'Plan', namespace: 'system-upgrade', name } : rest.object,
      ...(before ? { before: { image: before } } : { before: undefined }), ...(after ? { after: { image: after } } : { after: undefined }),
    };
  };
  const gitJournal = (extra: RunEntry[] = []) => [
    { ...started(PHASES), apply: 'gitops' } as RunEntry,
    phaseStarted(phase('hop-1/rook-operator'), '2026-11-28T22:30:00Z'),
    fromGit('hop-1/rook-operator', 'Deployment', 'rook-ceph-operator', '2026-11-28T22:30:01Z', 'rook/ceph:v1.14.9', 'rook/ceph:v1.15.9'),
    phaseDone('hop-1/rook-operator', '2026-11-28T22:30:02Z'),
    phaseStarted(phase('hop-2/k3s-servers'), '2026-11-28T23:05:00Z', ['k3s-server-1', 'k3s-server-2', 'k3s-server-3']),
    fromGit('hop-2/k3s-servers', 'Plan', 'prod-k3s-1-33-k3s-v1-31-10-k3s1-server', '2026-11-28T23:05:01Z'),
    phaseDone('hop-2/k3s-servers', '2026-11-28T23:20:00Z'),
    phaseStarted(phase('hop-2/k3s-canary'), '2026-11-28T23:21:00Z', ['k3s-agent-1']),
    ...extra,
  ];

  it('the journal says the run was GitOps and lists what git applied; the way back reverts in git, never through the API', () => {
    const entries = gitJournal();
    const state = runStateFromJournal(entries);
    assert.ok(state);
    assert.equal(state.apply, 'gitops');
    assert.deepEqual(state.appliedFromGit.map((e) => e.object.name), ['rook-ceph-operator', 'prod-k3s-1-33-k3s-v1-31-10-k3s1-server']);
    assert.deepEqual(state.created, [], 'the run created nothing');
    const p = rollbackPlan(state, now(), []);
    const plans = step(p, 'delete-plans');
    assert.equal(plans.how, 'manual');
    assert.deepEqual(plans.writes, []);
    assert.match(plans.reason, /revert the commits of system-upgrade\/prod-k3s-1-33-k3s-v1-31-10-k3s1-server .*undone by Flux or Argo CD/);
    const rook = step(p, 'rook-operator');
    assert.equal(rook.how, 'manual');
    assert.deepEqual(rook.writes, []);
    assert.match(rook.reason, /set it back to rook\/ceph:v1\.14\.9 there/);
    // The nodes are still the API's to uncordon: the canary git's Plan cordoned.
    assert.equal(step(p, 'uncordon').how, 'api');
    assert.deepEqual(step(p, 'uncordon').writes.map((w) => w.object.name), ['k3s-agent-1']);
    // A direct run's journal is not GitOps.
    assert.equal(runStateFromJournal(journal())?.apply, 'direct');
  });

  it('Ceph applied from git after the operator: Rook stays, Ceph is never downgraded', () => {
    const entries = gitJournal([fromGit('hop-4/ceph-image', 'CephCluster', 'rook-ceph', '2026-11-28T23:50:00Z', 'quay.io/ceph/ceph:v18.2.4', 'quay.io/ceph/ceph:v19.2.3')]);
    const p = planFor(entries, []);
    assert.equal(step(p, 'rook-operator').how, 'not-possible');
    assert.match(step(p, 'ceph').reason, /never downgraded.*quay\.io\/ceph\/ceph:v19\.2\.3/);
  });
});
