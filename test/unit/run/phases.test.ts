import * as assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../../../src/core/cluster';
import { type RunPhase, runPhases } from '../../../src/core/run';
import { EXAMPLE_PLAN, WORKSPACE_PLAN, apiNode, demo, demoSnapshot, examplePlan, planFile } from './fixtures';

const phasesOf = (r: ReturnType<typeof runPhases>): RunPhase[] => {
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
};
const find = <K extends RunPhase['kind']>(phases: RunPhase[], id: string, kind: K): Extract<RunPhase, { kind: K }> => {
  const p = phases.find((x) => x.id === id);
  assert.ok(p, `no phase ${id} in ${phases.map((x) => x.id).join(', ')}`);
  assert.equal(p.kind, kind);
  return p as Extract<RunPhase, { kind: K }>;
};

/** What JSON keeps of a value: properties set to undefined dropped (nothing else may differ for plain data). */
function withoutUndefined(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(withoutUndefined);
  if (typeof v !== 'object' || v === null) return v;
  return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, withoutUndefined(x)]));
}

describe('core/run phases', () => {
  for (const file of [EXAMPLE_PLAN, WORKSPACE_PLAN]) {
    it(`${file}: backups first, then every hop in the plan's order with its phases, gates and soak times`, () => {
      const plan = planFile(file);
      const phases = phasesOf(runPhases(plan, demo()));
      assert.equal(phases[0].id, 'backups');
      assert.deepEqual(phases[0].kind === 'backups' && phases[0].backups, ['etcd-snapshot', 'velero', 'manifest-export']);
      // Hop 1 (K3s patch v1.30.8): servers, gate, soak, canary by the plan's selector, gate, soak, the rest, gate; soak before hop 2.
      assert.deepEqual(phases.filter((p) => p.id.startsWith('hop-1/')).map((p) => p.id), [
        'hop-1/k3s-servers', 'hop-1/gate-k3s-servers', 'hop-1/soak-k3s-servers',
        'hop-1/k3s-canary', 'hop-1/gate-k3s-canary', 'hop-1/soak-k3s-canary',
        'hop-1/k3s-agents', 'hop-1/gate-k3s-agents', 'hop-1/soak-k3s-agents',
      ]);
      // Hops follow the plan: k3s, rook, k3s, rook, ceph, k3s, rook, k3s.
      const hopOrder = [...new Set(phases.filter((p) => 'hop' in p).map((p) => ('hop' in p ? `${p.hop.index}:${p.hop.component}` : '')))];
      assert.deepEqual(hopOrder, plan.hops.map((h, i) => `${i + 1}:${h.component}`));
      // The last hop has no soak after its last gate.
      assert.equal(phases[phases.length - 1].id, 'hop-8/gate-k3s-agents');
      // Plain data, recorded in the journal as it is; ids unique.
      assert.deepEqual(JSON.parse(JSON.stringify(phases)), withoutUndefined(phases));
      assert.equal(new Set(phases.map((p) => p.id)).size, phases.length);
    });
  }

  it('a K3s hop: the server phase lists every server; the canary is the plan\'s selector; the rest are selected as its opposite', () => {
    const phases = phasesOf(runPhases(examplePlan(), demo()));
    const servers = find(phases, 'hop-1/k3s-servers', 'k3s-servers');
    assert.deepEqual(servers.nodes, ['k3s-server-1', 'k3s-server-2', 'k3s-server-3']);
    assert.equal(servers.sucPlan, 'prod-k3s-1-33-k3s-v1-30-8-k3s1-server');
    assert.deepEqual(servers.hop, { index: 1, component: 'k3s', version: 'v1.30.8+k3s1', from: 'v1.30.4+k3s1' });
    const canary = find(phases, 'hop-1/k3s-canary', 'k3s-canary');
    assert.deepEqual(canary.canary, { by: 'selector', selector: 'upgradeplanner.dev/canary=true', requirement: { key: 'upgradeplanner.dev/canary', operator: 'In', values: ['true'] } });
    assert.equal(canary.nodes, undefined, 'the snapshot has no labels: the nodes are resolved when the phase starts');
    const agents = find(phases, 'hop-1/k3s-agents', 'k3s-agents');
    assert.equal(agents.concurrency, 2);
    assert.match(agents.actions.join('\n'), /2 agents at a time to v1\.30\.8\+k3s1; each waits for prod-k3s-1-33-k3s-v1-30-8-k3s1-server to complete/);
    const gate = find(phases, 'hop-1/gate-k3s-agents', 'gate');
    assert.deepEqual(gate.checks, ['nodesReady', 'versionsConverged', 'workloadsHealthy', 'cephHealthOk', 'pgsActiveClean']);
    assert.equal(gate.timeout, '15m');
    assert.equal(gate.after, 'hop-1/k3s-agents');
    const soak = find(phases, 'hop-1/soak-k3s-canary', 'soak');
    assert.equal(soak.seconds, 1800);
    // The next hop's from is this hop's version.
    assert.equal(find(phases, 'hop-3/k3s-servers', 'k3s-servers').hop.from, 'v1.30.8+k3s1');
  });

  it('rollback.snapshotPerMinor: an etcd snapshot before every K3s minor hop, none before a patch hop', () => {
    const phases = phasesOf(runPhases(examplePlan(), demo()));
    const snaps = phases.filter((p) => p.kind === 'etcd-snapshot').map((p) => p.id);
    assert.deepEqual(snaps, ['hop-3/etcd-snapshot', 'hop-6/etcd-snapshot', 'hop-8/etcd-snapshot']);
    const i = phases.findIndex((p) => p.id === 'hop-3/etcd-snapshot');
    assert.equal(phases[i + 1].id, 'hop-3/k3s-servers');
    const off = phasesOf(runPhases(examplePlan({ rollback: { snapshotPerMinor: false } }), demo()));
    assert.equal(off.filter((p) => p.kind === 'etcd-snapshot').length, 0);
  });

  it('a Rook hop: the CRDs as a manual step with that version\'s guide, the operator image, the rook-version wait, a gate', () => {
    const phases = phasesOf(runPhases(examplePlan(), demo()));
    assert.deepEqual(phases.filter((p) => p.id.startsWith('hop-2/')).map((p) => p.kind), ['rook-crds', 'rook-operator', 'wait-rook-version', 'gate', 'soak']);
    const crds = find(phases, 'hop-2/rook-crds', 'rook-crds');
    assert.equal(crds.manual, true);
    assert.equal(crds.guide, 'https://github.com/rook/rook/blob/v1.15.9/Documentation/Upgrade/rook-upgrade.md');
    assert.equal(crds.manifests, 'https://github.com/rook/rook/tree/v1.15.9/deploy/examples');
    assert.match(crds.actions.join(' '), /does not ship every Rook version's manifests/);
    const op = find(phases, 'hop-2/rook-operator', 'rook-operator');
    assert.equal(op.image, 'rook/ceph:v1.15.9');
    assert.equal(op.currentImage, 'rook/ceph:v1.14.9');
    assert.deepEqual(op.deployment, { kind: 'Deployment', namespace: 'rook-ceph', name: 'rook-ceph-operator' });
    assert.deepEqual(find(phases, 'hop-2/wait-rook-version', 'wait-rook-version').expect, { component: 'rook', version: 'v1.15.9' });
    assert.equal(find(phases, 'hop-4/rook-operator', 'rook-operator').hop.from, 'v1.15.9');
  });

  it('a Ceph hop: the CephCluster image keeps its registry, then the ceph-version wait and a gate', () => {
    const phases = phasesOf(runPhases(examplePlan(), demo()));
    const img = find(phases, 'hop-5/ceph-image', 'ceph-image');
    assert.deepEqual(img.clusters, [{ ref: { kind: 'CephCluster', namespace: 'rook-ceph', name: 'rook-ceph' }, image: 'quay.io/ceph/ceph:v19.2.3', currentImage: 'quay.io/ceph/ceph:v18.2.4' }]);
    assert.deepEqual(phases.filter((p) => p.id.startsWith('hop-5/')).map((p) => p.kind), ['ceph-image', 'wait-ceph-version', 'gate', 'soak']);
  });

  it('a canary by size: the first agents by name that are Ready, schedulable and not on the version; the rest by name', () => {
    const plan = examplePlan({ strategy: { canary: { size: 2 }, concurrency: { agents: 3 } } });
    const s = demo();
    const phases = phasesOf(runPhases(plan, s));
    const canary = find(phases, 'hop-1/k3s-canary', 'k3s-canary');
    assert.deepEqual(canary.canary, { by: 'names', nodes: ['k3s-agent-1', 'k3s-agent-2'] });
    const agents = find(phases, 'hop-1/k3s-agents', 'k3s-agents');
    assert.deepEqual(agents.nodes, ['k3s-agent-3', 'k3s-agent-4', 'k3s-agent-5']);
    assert.equal(agents.concurrency, 3);
    // No soakTime: no soak phases at all.
    assert.equal(phases.filter((p) => p.kind === 'soak').length, 0);
  });

  it('no canary when the plan has none, or a hop says canary: false; no agent phases on a cluster of servers', () => {
    const noCanary = phasesOf(runPhases(examplePlan({ strategy: {} }), demo()));
    assert.ok(!noCanary.some((p) => p.kind === 'k3s-canary'));
    assert.deepEqual(find(noCanary, 'hop-1/k3s-agents', 'k3s-agents').nodes, ['k3s-agent-1', 'k3s-agent-2', 'k3s-agent-3', 'k3s-agent-4', 'k3s-agent-5']);
    const plan = examplePlan();
    const hopOff = phasesOf(runPhases({ ...plan, hops: plan.hops.map((h, i) => (i === 0 ? { ...h, canary: false } : h)) }, demo()));
    assert.ok(!hopOff.some((p) => p.id === 'hop-1/k3s-canary'));
    assert.ok(hopOff.some((p) => p.id === 'hop-3/k3s-canary'));
    const serversOnly = demoSnapshot({ nodes: [1, 2, 3].map((i) => apiNode(`k3s-server-${i}`, 'v1.30.4+k3s1', true)) });
    const phases = phasesOf(runPhases(plan, serversOnly));
    assert.deepEqual(phases.filter((p) => p.id.startsWith('hop-1/')).map((p) => p.id), ['hop-1/k3s-servers', 'hop-1/gate-k3s-servers', 'hop-1/soak-k3s-servers']);
  });

  it('a hop of agents only waits for no server Plan, and is refused while servers are older', () => {
    const plan = examplePlan();
    const agentsOnly = { ...plan, hops: [{ component: 'k3s' as const, version: 'v1.30.4+k3s1', nodes: 'agents' as const }] };
    const phases = phasesOf(runPhases(agentsOnly, demo()));
    assert.ok(!phases.some((p) => p.kind === 'k3s-servers'));
    assert.doesNotMatch(find(phases, 'hop-1/k3s-agents', 'k3s-agents').actions.join(' '), /waits for/);
    const ahead = { ...plan, hops: [{ component: 'k3s' as const, version: 'v1.30.8+k3s1', nodes: 'agents' as const }] };
    const r = runPhases(ahead, demo());
    assert.ok(!r.ok);
    assert.match(r.error, /hop 1 \(k3s v1\.30\.8\+k3s1\): .*servers run older versions \(k3s-server-1 v1\.30\.4\+k3s1/);
  });

  it('a hop is judged on the cluster as the hops before it leave it: servers first, then an agents-only hop of the same version', () => {
    const plan = examplePlan();
    const split = { ...plan, hops: [{ component: 'k3s' as const, version: 'v1.30.8+k3s1', nodes: 'servers' as const }, { component: 'k3s' as const, version: 'v1.30.8+k3s1', nodes: 'agents' as const }] };
    const phases = phasesOf(runPhases(split, demo()));
    assert.ok(phases.some((p) => p.id === 'hop-1/k3s-servers'));
    assert.ok(phases.some((p) => p.id === 'hop-2/k3s-agents'), phases.map((p) => p.id).join(', '));
  });

  it('refusals name the hop and the reason', () => {
    const plan = examplePlan();
    const refused = (p: typeof plan, s: ClusterSnapshot = demo()): string => {
      const r = runPhases(p, s);
      assert.ok(!r.ok, 'expected a refusal');
      return r.error;
    };
    assert.match(refused({ ...plan, hops: [{ component: 'kubernetes', version: 'v1.31.2' }] }), /hop 1 \(kubernetes v1\.31\.2\): .*plain Kubernetes control plane/);
    assert.match(refused({ ...plan, strategy: { canary: { selector: 'a=b,c=d' } } }), /has 2 requirements: use one/);
    assert.match(refused({ ...plan, strategy: { canary: { selector: 'a in (b' } } }), /strategy\.canary\.selector: .*without its "\)"/);
    assert.match(refused({ ...plan, gates: { timeout: '15 minutes' } }), /gates\.timeout must be a duration/);
    assert.match(refused(plan, { ...demo(), distribution: { name: 'kubeadm', evidence: 'node annotation kubeadm.alpha.kubernetes.io/cri-socket' } }), /the cluster runs kubeadm, not K3s \(node annotation/);
    const noRook = { ...demo(), components: { ...demo().components, rookOperator: { state: 'absent' as const, reason: 'rook-ceph-operator is not deployed' } } };
    assert.match(refused(plan, noRook), /hop 2 \(rook v1\.15\.9\): the cluster runs no Rook operator/);
  });
});
