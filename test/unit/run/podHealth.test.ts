import * as assert from 'node:assert/strict';
import { type GatePod, type GateWorkload, maxUnavailableOf, podHealthOf, restartBaseline } from '../../../src/core/run';
import { underBudget } from '../helpers/timing';

const pod = (name: string, o: { phase?: string; restarts?: number; waiting?: string; unscheduled?: string; node?: string } = {}): GatePod => ({
  metadata: { name, namespace: 'shop' },
  spec: o.node ? { nodeName: o.node } : {},
  status: {
    phase: o.phase ?? 'Running',
    ...(o.unscheduled ? { conditions: [{ type: 'PodScheduled', status: 'False', reason: o.unscheduled }] } : {}),
    containerStatuses: [{ restartCount: o.restarts ?? 0, state: o.waiting ? { waiting: { reason: o.waiting } } : {} }],
  },
});
const deploy = (name: string, replicas: number, available: number, maxUnavailable?: number | string): GateWorkload => ({
  kind: 'Deployment', metadata: { name, namespace: 'shop' },
  spec: { replicas, ...(maxUnavailable !== undefined ? { strategy: { rollingUpdate: { maxUnavailable } } } : {}) },
  status: { availableReplicas: available },
});

describe('core/run podHealthOf (what workloadsHealthy and noPendingPods gates read)', () => {
  it('crash-looping pods count their restarts since the phase started; a new pod counts all of its own', () => {
    const before = restartBaseline([pod('web-1', { restarts: 3 })]);
    const h = podHealthOf([pod('web-1', { restarts: 9, waiting: 'CrashLoopBackOff', node: 'k3s-agent-1' }), pod('web-2', { restarts: 2, waiting: 'CrashLoopBackOff' }), pod('api-1', { restarts: 40 })], [], before);
    assert.deepEqual(h.crashLooping, [
      { namespace: 'shop', name: 'web-1', node: 'k3s-agent-1', restartsSincePhase: 6 },
      { namespace: 'shop', name: 'web-2', restartsSincePhase: 2 },
    ]);
    assert.deepEqual(h.pending, []);
  });

  it('pending pods say why: unschedulable, a waiting container, or the pod\'s reason', () => {
    const h = podHealthOf([pod('a', { phase: 'Pending', unscheduled: 'Unschedulable' }), pod('b', { phase: 'Pending', waiting: 'ContainerCreating' }), pod('c', { phase: 'Pending' })], [], new Map());
    assert.deepEqual(h.pending, [{ namespace: 'shop', name: 'a', reason: 'Unschedulable' }, { namespace: 'shop', name: 'b', reason: 'ContainerCreating' }, { namespace: 'shop', name: 'c' }]);
  });

  it('a workload is unavailable only beyond its rolling-update budget (25 % by default, rounded down)', () => {
    assert.equal(maxUnavailableOf(deploy('x', 4, 0), 4), 1);
    assert.equal(maxUnavailableOf(deploy('x', 3, 0), 3), 0);
    assert.equal(maxUnavailableOf(deploy('x', 10, 0, '50%'), 10), 5);
    assert.equal(maxUnavailableOf(deploy('x', 10, 0, 2), 10), 2);
    const h = podHealthOf([], [deploy('web', 4, 3), deploy('api', 1, 0), deploy('db', 10, 7, 2), { kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'kube-system' }, status: { desiredNumberScheduled: 8, numberAvailable: 8 } }], new Map());
    assert.deepEqual(h.unavailable, [
      { kind: 'Deployment', namespace: 'shop', name: 'api', available: 0, desired: 1 },
      { kind: 'Deployment', namespace: 'shop', name: 'db', available: 7, desired: 10 },
    ]);
  });

  it('is linear: 50,000 pods and 10,000 workloads in well under a second', () => {
    const pods = Array.from({ length: 50_000 }, (_, i) => pod(`p${i}`, { restarts: i % 7, waiting: i % 100 === 0 ? 'CrashLoopBackOff' : undefined }));
    const workloads = Array.from({ length: 10_000 }, (_, i) => deploy(`d${i}`, 3, 3));
    const base = restartBaseline(pods);
    const { value: h, ms } = underBudget(1000, () => podHealthOf(pods, workloads, base));
    assert.equal(h.crashLooping.length, 500);
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
  });
});
