import * as assert from 'node:assert/strict';
import type { LabelSelector } from '../../../src/core/cluster/labelSelector';
import { controllerOf, needsReplicaSet, replicaSetIndex, workloadOf } from '../../../src/core/preflight/owners';
import { pdbInputsOf } from '../../../src/core/preflight/pdbInputs';
import type { ApiPod, ApiPodDisruptionBudget, ApiReplicaSet } from '../../../src/core/preflight/podObjects';

const owner = (kind: string, name: string, uid?: string, controller = true) => ({ apiVersion: 'apps/v1', kind, name, ...(uid ? { uid } : {}), controller });

function pod(name: string, labels: Record<string, string>, node: string | undefined, owners: ReturnType<typeof owner>[] = [], phase = 'Running', namespace = 'shop'): ApiPod {
  return { metadata: { name, namespace, labels, ownerReferences: owners }, spec: node ? { nodeName: node } : {}, status: { phase } };
}
const rs = (name: string, uid: string, owners: ReturnType<typeof owner>[] = [], namespace = 'shop'): ApiReplicaSet => ({ metadata: { name, namespace, uid, ownerReferences: owners } });
const pdb = (name: string, selector: LabelSelector | undefined, disruptionsAllowed?: number, namespace = 'shop'): ApiPodDisruptionBudget =>
  ({ metadata: { name, namespace }, spec: { selector, minAvailable: 1 }, ...(disruptionsAllowed === undefined ? {} : { status: { disruptionsAllowed } }) });

describe('core/preflight owners: a pod followed to its workload', () => {
  const replicaSets = replicaSetIndex([rs('api-6d4f', 'rs-1', [owner('Deployment', 'api', 'd-1')]), rs('bare-1', 'rs-2')]);

  it('a ReplicaSet is followed to its Deployment', () => {
    const p = pod('api-6d4f-x', { app: 'api' }, 'n1', [owner('ReplicaSet', 'api-6d4f', 'rs-1')]);
    assert.equal(needsReplicaSet(p), true);
    assert.deepEqual(workloadOf(p, replicaSets), { kind: 'Deployment', name: 'api' });
  });

  it('StatefulSets, DaemonSets and Jobs are named directly; a bare pod has none', () => {
    assert.deepEqual(workloadOf(pod('db-0', {}, 'n1', [owner('StatefulSet', 'db')]), replicaSets), { kind: 'StatefulSet', name: 'db' });
    assert.deepEqual(workloadOf(pod('agent-x', {}, 'n1', [owner('DaemonSet', 'agent')]), undefined), { kind: 'DaemonSet', name: 'agent' });
    assert.equal(needsReplicaSet(pod('db-0', {}, 'n1', [owner('StatefulSet', 'db')])), false);
    assert.equal(workloadOf(pod('bare', {}, 'n1'), replicaSets), undefined);
  });

  it('only the controlling owner counts', () => {
    const p = pod('x', {}, 'n1', [owner('ConfigMap', 'c', undefined, false), owner('StatefulSet', 'db')]);
    assert.deepEqual(controllerOf(p.metadata), owner('StatefulSet', 'db'));
    assert.equal(workloadOf(pod('y', {}, 'n1', [owner('StatefulSet', 'db', undefined, false)]), replicaSets), undefined);
  });

  it('a ReplicaSet without an owner, unknown, of another uid or without the index stays the workload', () => {
    assert.deepEqual(workloadOf(pod('b', {}, 'n1', [owner('ReplicaSet', 'bare-1', 'rs-2')]), replicaSets), { kind: 'ReplicaSet', name: 'bare-1' });
    assert.deepEqual(workloadOf(pod('c', {}, 'n1', [owner('ReplicaSet', 'gone-1')]), replicaSets), { kind: 'ReplicaSet', name: 'gone-1' });
    assert.deepEqual(workloadOf(pod('d', {}, 'n1', [owner('ReplicaSet', 'api-6d4f', 'rs-old')]), replicaSets), { kind: 'ReplicaSet', name: 'api-6d4f' });
    assert.deepEqual(workloadOf(pod('e', {}, 'n1', [owner('ReplicaSet', 'api-6d4f', 'rs-1')]), undefined), { kind: 'ReplicaSet', name: 'api-6d4f' });
    // Same name in another namespace is another ReplicaSet.
    assert.deepEqual(workloadOf(pod('f', {}, 'n1', [owner('ReplicaSet', 'api-6d4f')], 'Running', 'other'), replicaSets), { kind: 'ReplicaSet', name: 'api-6d4f' });
  });
});

describe('core/preflight pdbInputsOf: budgets with the pods they select', () => {
  const rsApi = [owner('ReplicaSet', 'api-6d4f', 'rs-1')];
  const pods = [
    pod('api-6d4f-x', { app: 'api' }, 'k3s-agent-2', rsApi),
    pod('web-1', { app: 'web' }, 'k3s-agent-1', [owner('ReplicaSet', 'web-5c', 'rs-3')]),
    pod('web-2', { app: 'web' }, undefined, [owner('ReplicaSet', 'web-5c', 'rs-3')]),
    pod('web-old', { app: 'web' }, 'k3s-agent-3', [owner('ReplicaSet', 'web-5c', 'rs-3')], 'Succeeded'),
    pod('db-0', { app: 'db' }, 'k3s-agent-3', [owner('StatefulSet', 'db')]),
    pod('cache-0', { app: 'cache' }, 'k3s-agent-4', [owner('StatefulSet', 'cache')]),
    pod('api-elsewhere', { app: 'api' }, 'k3s-agent-4', rsApi, 'Running', 'other'),
  ];
  const index = replicaSetIndex([rs('api-6d4f', 'rs-1', [owner('Deployment', 'api')]), rs('web-5c', 'rs-3', [owner('Deployment', 'web')])]);

  it('selects the pods of its own namespace, skips finished ones, and names their nodes and workload', () => {
    const got = pdbInputsOf([pdb('api', { matchLabels: { app: 'api' } }, 0), pdb('web', { matchLabels: { app: 'web' } }, 1)], pods, index);
    assert.deepEqual(got, [
      { namespace: 'shop', name: 'api', disruptionsAllowed: 0, workload: { kind: 'Deployment', name: 'api' }, pods: [{ name: 'api-6d4f-x', node: 'k3s-agent-2' }] },
      { namespace: 'shop', name: 'web', disruptionsAllowed: 1, workload: { kind: 'Deployment', name: 'web' }, pods: [{ name: 'web-1', node: 'k3s-agent-1' }, { name: 'web-2', node: undefined }] },
    ]);
  });

  it('matchExpressions; pods of two workloads name none; empty selects all, absent or invalid none; no status reads as 0', () => {
    const got = pdbInputsOf(
      [
        pdb('stateful', { matchExpressions: [{ key: 'app', operator: 'In', values: ['db', 'cache'] }] }, 0),
        pdb('all', {}, 3),
        pdb('none', undefined, 2),
        pdb('invalid', { matchExpressions: [{ key: 'app', operator: 'Bogus' }] }, 0),
        pdb('fresh', { matchLabels: { app: 'db' } }),
      ],
      pods,
      index,
    );
    assert.deepEqual(got.map((b) => [b.name, b.disruptionsAllowed, b.workload ?? null, b.pods.map((p) => p.name)]), [
      ['stateful', 0, null, ['db-0', 'cache-0']],
      ['all', 3, null, ['api-6d4f-x', 'web-1', 'web-2', 'db-0', 'cache-0']],
      ['none', 2, null, []],
      ['invalid', 0, null, []],
      ['fresh', 0, { kind: 'StatefulSet', name: 'db' }, ['db-0']],
    ]);
  });
});
