import * as assert from 'node:assert/strict';
import type { ClusterSnapshot } from '../../../src/core/cluster';
import { type Expectation, type GateInputs, type RunPhase, evaluateGate, gateDeadline, phaseProgress, runPhases, settleAtDeadline } from '../../../src/core/run';
import { apiNode, demoSnapshot, examplePlan } from './fixtures';

const K3S: Expectation = { component: 'k3s', version: 'v1.30.8+k3s1', nodes: ['k3s-server-1', 'k3s-server-2'], sucPlan: 'p-server', role: 'server' };
const HEALTHY_PODS = { crashLooping: [], unavailable: [], pending: [] };
const HEALTHY_CEPH = [{ namespace: 'rook-ceph', name: 'rook-ceph', pgsByState: [{ state: 'active+clean', count: 128 }] }];

function cluster(versions: Record<string, string>, change: (s: ClusterSnapshot) => ClusterSnapshot = (s) => s): ClusterSnapshot {
  return change(demoSnapshot({ nodes: Object.entries(versions).map(([n, v]) => apiNode(n, v, n.includes('server'))) }));
}
const upgraded = (): ClusterSnapshot => cluster({ 'k3s-server-1': 'v1.30.8+k3s1', 'k3s-server-2': 'v1.30.8+k3s1', 'k3s-agent-1': 'v1.30.4+k3s1' });
const inputs = (snapshot: ClusterSnapshot, extra: Partial<GateInputs> = {}): GateInputs => ({ snapshot, pods: HEALTHY_PODS, cephStatus: HEALTHY_CEPH, ...extra });
const ALL = ['nodesReady', 'versionsConverged', 'workloadsHealthy', 'cephHealthOk', 'pgsActiveClean', 'noPendingPods'] as const;

describe('core/run health gates', () => {
  it('passes when the phase\'s nodes run the version, nodes are Ready, workloads, Ceph and PGs healthy', () => {
    const g = evaluateGate('hop-1/gate-k3s-servers', ALL, K3S, inputs(upgraded()));
    assert.equal(g.status, 'pass', JSON.stringify(g.checks.filter((c) => c.verdict !== 'pass')));
    assert.equal(g.id, 'hop-1/gate-k3s-servers');
    assert.deepEqual(g.checks.map((c) => c.id), ['gate.nodes-ready', 'gate.versions-converged', 'gate.workloads-healthy', 'gate.ceph-health', 'gate.pgs-active-clean', 'gate.no-pending-pods']);
    assert.equal(g.checks[1].reason, 'all 2 nodes on v1.30.8+k3s1');
  });

  it('waits while versions converge, a node restarts, Ceph recovers or a pod is Pending', () => {
    const half = cluster({ 'k3s-server-1': 'v1.30.8+k3s1', 'k3s-server-2': 'v1.30.4+k3s1' });
    const g = evaluateGate('g', ALL, K3S, inputs(half));
    assert.equal(g.status, 'waiting');
    const v = g.checks.find((c) => c.id === 'gate.versions-converged')!;
    assert.equal(v.verdict, 'waiting');
    assert.equal(v.status, 'fail');
    assert.equal(v.reason, 'not yet on v1.30.8+k3s1: k3s-server-2 (v1.30.4+k3s1)');

    const notReady = upgraded();
    const nodes = notReady.nodes.state === 'ok' ? notReady.nodes.value.map((n) => (n.name === 'k3s-server-2' ? { ...n, ready: false, unschedulable: true } : n)) : [];
    const g2 = evaluateGate('g', ['nodesReady'], K3S, inputs({ ...notReady, nodes: { state: 'ok', value: nodes } }));
    assert.equal(g2.status, 'waiting');
    assert.equal(g2.checks[0].reason, 'not Ready: k3s-server-2; still cordoned: k3s-server-2');
    // A node cordoned before the run is not expected back.
    assert.equal(evaluateGate('g', ['nodesReady'], K3S, inputs({ ...notReady, nodes: { state: 'ok', value: nodes.map((n) => ({ ...n, ready: true })) } }, { cordonedAtStart: ['k3s-server-2'] })).status, 'pass');

    // Memory, disk or PID pressure on a node: waited for (it may clear), and named.
    const pressed = nodes.map((n) => ({ ...n, ready: true, unschedulable: false, pressures: n.name === 'k3s-agent-1' ? ['MemoryPressure'] : [] }));
    const g5 = evaluateGate('g', ['nodesReady'], K3S, inputs({ ...notReady, nodes: { state: 'ok', value: pressed } }));
    assert.equal(g5.status, 'waiting');
    assert.equal(g5.checks[0].reason, 'under pressure: k3s-agent-1 (MemoryPressure)');

    const warn = upgraded();
    const ceph = { ...warn, components: { ...warn.components, cephClusters: { state: 'ok' as const, value: warn.components.cephClusters.state === 'ok' ? warn.components.cephClusters.value.map((c) => ({ ...c, health: 'HEALTH_WARN', message: 'OSD_DOWN: 1 osds down' })) : [] } } };
    const g3 = evaluateGate('g', ['cephHealthOk', 'pgsActiveClean'], K3S, inputs(ceph, { cephStatus: [{ namespace: 'rook-ceph', name: 'rook-ceph', pgsByState: [{ state: 'active+clean', count: 100 }, { state: 'active+undersized+degraded', count: 28 }] }] }));
    assert.equal(g3.status, 'waiting');
    assert.deepEqual(g3.checks.map((c) => c.verdict), ['waiting', 'waiting']);

    const g4 = evaluateGate('g', ['noPendingPods', 'workloadsHealthy'], K3S, inputs(upgraded(), { pods: { crashLooping: [{ namespace: 'shop', name: 'api-1', restartsSincePhase: 2 }], unavailable: [], pending: [{ namespace: 'shop', name: 'web-2', reason: 'Unschedulable' }] } }));
    assert.equal(g4.status, 'waiting');
    assert.equal(g4.checks[0].reason, 'Pending: shop/web-2 (Unschedulable)');
  });

  it('fails when waiting cannot help: a failed upgrade Job, a node newer than the hop, HEALTH_ERR, PGs down, a pod crash-looping on', () => {
    assert.equal(evaluateGate('g', ['versionsConverged'], K3S, inputs(upgraded(), { planFailure: 'Job was active longer than specified deadline on node k3s-server-2' })).status, 'fail');
    const ahead = cluster({ 'k3s-server-1': 'v1.30.8+k3s1', 'k3s-server-2': 'v1.31.2+k3s1' });
    const g = evaluateGate('g', ['versionsConverged'], K3S, inputs(ahead));
    assert.equal(g.status, 'fail');
    assert.match(g.checks[0].reason, /newer than v1\.30\.8\+k3s1, which cannot converge: k3s-server-2/);
    const err = upgraded();
    const broken = { ...err, components: { ...err.components, cephClusters: { state: 'ok' as const, value: err.components.cephClusters.state === 'ok' ? err.components.cephClusters.value.map((c) => ({ ...c, health: 'HEALTH_ERR' })) : [] } } };
    assert.equal(evaluateGate('g', ['cephHealthOk'], K3S, inputs(broken)).status, 'fail');
    assert.equal(evaluateGate('g', ['pgsActiveClean'], K3S, inputs(upgraded(), { cephStatus: [{ namespace: 'rook-ceph', name: 'rook-ceph', pgsByState: [{ state: 'down+peering', count: 3 }] }] })).status, 'fail');
    const looping = evaluateGate('g', ['workloadsHealthy'], K3S, inputs(upgraded(), { pods: { crashLooping: [{ namespace: 'shop', name: 'api-1', restartsSincePhase: 5 }], unavailable: [], pending: [] } }));
    assert.equal(looping.status, 'fail');
  });

  it('a check without its input is not-checked and waits (it never passes)', () => {
    const g = evaluateGate('g', ['workloadsHealthy', 'apiServerHealthy'], K3S, { snapshot: upgraded() });
    assert.equal(g.status, 'waiting');
    assert.deepEqual(g.checks.map((c) => c.status), ['not-checked', 'not-checked']);
    const canary: Expectation = { component: 'k3s', version: 'v1.30.8+k3s1', nodes: undefined, sucPlan: 'p-canary', role: 'canary' };
    assert.match(evaluateGate('g', ['versionsConverged'], canary, { snapshot: upgraded() }).checks[0].reason, /the nodes Plan p-canary selects were not read yet/);
    assert.equal(evaluateGate('g', ['versionsConverged'], canary, { snapshot: upgraded(), phaseNodes: ['k3s-server-1'] }).status, 'pass');
    // A canary that selects nothing is no canary: the gate fails rather than let the rest go untested.
    const empty = evaluateGate('g', ['versionsConverged'], canary, { snapshot: upgraded(), phaseNodes: [] });
    assert.equal(empty.status, 'fail');
    assert.match(empty.checks[0].reason, /the canary Plan p-canary selects no agent/);
    assert.equal(evaluateGate('g', ['versionsConverged'], { ...canary, role: 'agent' }, { snapshot: upgraded(), phaseNodes: [] }).status, 'pass');
    assert.equal(evaluateGate('g', ['apiServerHealthy'], K3S, { snapshot: upgraded(), apiServer: { healthy: true } }).status, 'pass');
  });

  it('Rook: waits until the operator and every daemon carry the new rook-version', () => {
    const rook: Expectation = { component: 'rook', version: 'v1.15.9' };
    const s = demoSnapshot({ rook: 'v1.15.9' });
    const daemons = [{ namespace: 'rook-ceph', name: 'rook-ceph-mon-a', rookVersion: 'v1.15.9' }, { namespace: 'rook-ceph', name: 'rook-ceph-osd-0', rookVersion: 'v1.14.9' }];
    const g = evaluateGate('g', ['versionsConverged'], rook, { snapshot: s, rookDaemons: daemons });
    assert.equal(g.status, 'waiting');
    assert.match(g.checks[0].reason, /rook-ceph-osd-0 \(v1\.14\.9\)/);
    assert.equal(evaluateGate('g', ['versionsConverged'], rook, { snapshot: s, rookDaemons: daemons.map((d) => ({ ...d, rookVersion: 'v1.15.9' })) }).status, 'pass');
    assert.equal(evaluateGate('g', ['versionsConverged'], rook, { snapshot: demoSnapshot(), rookDaemons: daemons.map((d) => ({ ...d, rookVersion: 'v1.15.9' })) }).status, 'waiting', 'the operator itself still on v1.14.9');
  });

  it('Ceph: the CephCluster and every daemon on the hop\'s version (package revision and date builds aside)', () => {
    const ceph: Expectation = { component: 'ceph', version: 'v19.2.3' };
    const daemons = [{ namespace: 'rook-ceph', name: 'rook-ceph-osd-0', cephVersion: '19.2.3-0' }];
    assert.equal(evaluateGate('g', ['versionsConverged'], ceph, { snapshot: demoSnapshot(), cephDaemons: daemons }).status, 'waiting');
    assert.equal(evaluateGate('g', ['versionsConverged'], ceph, { snapshot: demoSnapshot({ ceph: '19.2.3-0' }), cephDaemons: daemons }).status, 'pass');
    assert.equal(evaluateGate('g', ['versionsConverged'], ceph, { snapshot: demoSnapshot({ ceph: '19.2.3-0' }) }).status, 'waiting', 'daemons not read');
    assert.equal(evaluateGate('g', ['versionsConverged'], { component: 'ceph', version: 'v18.2.4' }, { snapshot: demoSnapshot({ ceph: '19.2.3-0' }), cephDaemons: daemons }).status, 'fail');
  });

  it('the deadline: the plan\'s gates.timeout after the start; a gate still waiting then has failed, saying how long it waited', () => {
    assert.deepEqual(gateDeadline('2026-11-28T22:00:00Z', '15m'), { ok: true, value: '2026-11-28T22:15:00.000Z' });
    assert.deepEqual(gateDeadline('2026-11-28T22:00:00Z', '1h30m'), { ok: true, value: '2026-11-28T23:30:00.000Z' });
    assert.equal(gateDeadline('2026-11-28T22:00:00Z', '15 min').ok, false);
    assert.equal(gateDeadline('soon', '15m').ok, false);
    const half = cluster({ 'k3s-server-1': 'v1.30.8+k3s1', 'k3s-server-2': 'v1.30.4+k3s1' });
    const g = evaluateGate('g', ['versionsConverged'], K3S, inputs(half));
    assert.equal(settleAtDeadline(g, new Date('2026-11-28T22:14:59Z'), '2026-11-28T22:15:00.000Z', '15m'), g);
    const late = settleAtDeadline(g, new Date('2026-11-28T22:15:00Z'), '2026-11-28T22:15:00.000Z', '15m');
    assert.equal(late.status, 'fail');
    assert.equal(late.checks[0].reason, 'still not green after 15m: not yet on v1.30.8+k3s1: k3s-server-2 (v1.30.4+k3s1)');
  });
});

describe('core/run phase progress', () => {
  const phases = runPhases(examplePlan(), demoSnapshot());
  assert.ok(phases.ok);
  const servers = phases.value.find((p) => p.id === 'hop-1/k3s-servers') as Extract<RunPhase, { kind: 'k3s-servers' }>;
  const canary = phases.value.find((p) => p.id === 'hop-1/k3s-canary') as Extract<RunPhase, { kind: 'k3s-canary' }>;
  const label = `plan.upgrade.cattle.io/${servers.sucPlan}`;

  it('per node from the Plan status, the node label and the node: done, upgrading, cordoned, pending', () => {
    const nodes = [apiNode('k3s-server-1', 'v1.30.8+k3s1', true), { ...apiNode('k3s-server-2', 'v1.30.4+k3s1', true), spec: { unschedulable: true } }, apiNode('k3s-server-3', 'v1.30.4+k3s1', true)];
    const s = demoSnapshot({ nodes });
    const p = phaseProgress(servers, s, {
      latestHash: 'h1', applying: ['k3s-server-2'],
      conditions: [{ type: 'Complete', status: 'False', reason: 'Applying' }],
      nodeLabels: { 'k3s-server-1': { [label]: 'h1' }, 'k3s-server-2': {}, 'k3s-server-3': {} },
    });
    assert.deepEqual(p.nodes.map((n) => [n.node, n.step]), [['k3s-server-1', 'done'], ['k3s-server-2', 'cordoned'], ['k3s-server-3', 'pending']]);
    assert.deepEqual([p.done, p.total, p.complete, p.failure], [1, 3, false, undefined]);
    const next = phaseProgress(servers, demoSnapshot({ nodes: nodes.map((n) => (n.metadata?.name === 'k3s-server-2' ? apiNode('k3s-server-2', 'v1.30.8+k3s1', true) : n)) }), { latestHash: 'h1', applying: ['k3s-server-2'], nodeLabels: {} });
    assert.equal(next.nodes[1].step, 'upgrading');
    const failed = phaseProgress(servers, s, { latestHash: 'h1', applying: ['k3s-server-2'], conditions: [{ type: 'Complete', status: 'False', reason: 'JobFailed', message: 'Job was active longer than specified deadline' }] });
    assert.equal(failed.failure, 'Job was active longer than specified deadline');
    // Before the Plan has a status: done only when on the version and schedulable.
    assert.deepEqual(phaseProgress(servers, s).nodes.map((n) => n.step), ['done', 'pending', 'pending']);
  });

  it('a canary by selector: its nodes are those the Plan\'s selector picks from the node labels', () => {
    const s = demoSnapshot();
    const selector = { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'DoesNotExist' }, { key: 'upgradeplanner.dev/canary', operator: 'In', values: ['true'] }] };
    const p = phaseProgress(canary, s, { nodeLabels: { 'k3s-agent-2': { 'upgradeplanner.dev/canary': 'true' }, 'k3s-agent-1': {}, 'k3s-server-1': { 'node-role.kubernetes.io/control-plane': 'true', 'upgradeplanner.dev/canary': 'true' } } }, selector);
    assert.deepEqual(p.nodes.map((n) => n.node), ['k3s-agent-2']);
  });
});
