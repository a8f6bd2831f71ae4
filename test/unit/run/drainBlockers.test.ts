import * as assert from 'node:assert/strict';
import type { ApiPod, ApiPodDisruptionBudget } from '../../../src/core/preflight/podObjects';
import { drainBlockerText, drainBlockers, drainEvicts } from '../../../src/core/run/drainBlockers';

const rs = (name: string): ApiPod['metadata'] => ({ ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name, uid: `uid-${name}`, controller: true }] });

function pod(ns: string, name: string, node: string | undefined, labels: Record<string, string>, extra: Partial<ApiPod> = {}): ApiPod {
  return { metadata: { namespace: ns, name, labels, ...rs(`${name.split('-')[0]}-rs`), ...extra.metadata }, spec: node ? { nodeName: node } : {}, status: { phase: 'Running', ...extra.status } };
}

function pdb(ns: string, name: string, matchLabels: Record<string, string>, disruptionsAllowed: number | undefined, healthy?: [number, number]): ApiPodDisruptionBudget {
  return {
    metadata: { namespace: ns, name },
    spec: { minAvailable: 1, selector: { matchLabels } },
    status: { ...(disruptionsAllowed === undefined ? {} : { disruptionsAllowed }), ...(healthy ? { currentHealthy: healthy[0], desiredHealthy: healthy[1] } : {}) },
  };
}

// The k3s-demo workloads: api (1 replica pinned to k3s-agent-2, budget allows 0), web (2 replicas, budget allows 1).
const PODS: ApiPod[] = [
  pod('shop', 'api-7d9f', 'k3s-agent-2', { app: 'api' }),
  pod('shop', 'web-1a', 'k3s-agent-2', { app: 'web' }),
  pod('shop', 'web-2b', 'k3s-agent-3', { app: 'web' }),
];
const PDBS = [pdb('shop', 'api', { app: 'api' }, 0, [1, 1]), pdb('shop', 'web', { app: 'web' }, 1, [2, 1])];
const nodes = (...draining: string[]): { name: string; draining: boolean }[] =>
  ['k3s-agent-1', 'k3s-agent-2', 'k3s-agent-3'].map((name) => ({ name, draining: draining.includes(name) }));

describe('core/run drainBlockers', () => {
  it('names the budget allowing no disruption that selects a pod on a draining node, with the pod and the figures', () => {
    const b = drainBlockers({ nodes: nodes('k3s-agent-2'), pods: PODS, pdbs: PDBS });
    assert.deepEqual(b, [{ node: 'k3s-agent-2', budget: { namespace: 'shop', name: 'api' }, pods: [{ namespace: 'shop', name: 'api-7d9f' }], disruptionsAllowed: 0, healthy: { current: 1, desired: 1 } }]);
    assert.equal(drainBlockerText(b[0]), 'k3s-agent-2 draining: blocked by PodDisruptionBudget shop/api (0 disruptions allowed, 1 healthy of 1 needed; pod shop/api-7d9f)');
  });

  it('judges only the nodes still draining: the same pods on a node that is not cordoned block nothing', () => {
    assert.deepEqual(drainBlockers({ nodes: nodes('k3s-agent-3'), pods: PODS, pdbs: PDBS }), []);
    assert.deepEqual(drainBlockers({ nodes: nodes(), pods: PODS, pdbs: PDBS }), []);
  });

  it('a budget that allows a disruption does not block; once the disruption controller drops it to 0, it does', () => {
    assert.deepEqual(drainBlockers({ nodes: nodes('k3s-agent-3'), pods: PODS, pdbs: PDBS }), []);
    const spent = [PDBS[0], pdb('shop', 'web', { app: 'web' }, 0, [1, 1])];
    assert.deepEqual(drainBlockers({ nodes: nodes('k3s-agent-3'), pods: PODS, pdbs: spent }).map((b) => [b.node, b.budget.name, b.pods.map((p) => p.name)]), [['k3s-agent-3', 'web', ['web-2b']]]);
  });

  it('a budget without a status yet counts as allowing none (the eviction API refuses then too), without figures', () => {
    const b = drainBlockers({ nodes: nodes('k3s-agent-2'), pods: PODS, pdbs: [pdb('shop', 'api', { app: 'api' }, undefined)] });
    assert.deepEqual(b.map((x) => [x.budget.name, x.disruptionsAllowed, x.healthy]), [['api', 0, undefined]]);
    assert.match(drainBlockerText(b[0]), /\(0 disruptions allowed; pod shop\/api-7d9f\)$/);
  });

  it('leaves out the pods the drain does not evict: DaemonSet pods, mirror pods, the controller\'s own Job pods, finished pods, pods the podSelector leaves alone', () => {
    const all = { app: 'node-agent' };
    const pods: ApiPod[] = [
      pod('kube-system', 'ds-x', 'k3s-agent-2', all, { metadata: { ownerReferences: [{ kind: 'DaemonSet', name: 'ds', uid: 'u', controller: true }] } }),
      pod('kube-system', 'static-x', 'k3s-agent-2', all, { metadata: { annotations: { 'kubernetes.io/config.mirror': 'abc' } } }),
      pod('kube-system', 'apply-x', 'k3s-agent-2', { ...all, 'upgrade.cattle.io/controller': 'system-upgrade-controller' }),
      pod('kube-system', 'done-x', 'k3s-agent-2', all, { status: { phase: 'Succeeded' } }),
    ];
    assert.deepEqual(drainBlockers({ nodes: nodes('k3s-agent-2'), pods, pdbs: [pdb('kube-system', 'agents', all, 0)] }), []);
    // podSelector app=web: the api pod stays on the node, its budget blocks nothing.
    assert.deepEqual(drainBlockers({ nodes: nodes('k3s-agent-2'), pods: PODS, pdbs: PDBS, podSelector: { matchLabels: { app: 'web' } } }), []);
    assert.equal(drainEvicts(PODS[0], { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] }), true);
    assert.equal(drainEvicts(PODS[0], { matchExpressions: [{ key: 'app', operator: 'Bogus' }] }), false, 'an invalid selector selects nothing');
  });

  it('several pods and budgets: one row per node and budget, pods of other namespaces not counted', () => {
    const pods = [...PODS, pod('shop', 'api-8e0a', 'k3s-agent-2', { app: 'api' }), pod('other', 'api-9', 'k3s-agent-2', { app: 'api' })];
    const b = drainBlockers({ nodes: nodes('k3s-agent-2', 'k3s-agent-3'), pods, pdbs: [...PDBS, pdb('other', 'api', { app: 'api' }, 0)] });
    assert.deepEqual(b.map((x) => `${x.node} ${x.budget.namespace}/${x.budget.name} ${x.pods.map((p) => p.name).join(',')}`), ['k3s-agent-2 shop/api api-7d9f,api-8e0a', 'k3s-agent-2 other/api api-9']);
    assert.match(drainBlockerText(b[0]), /; pods shop\/api-7d9f, shop\/api-8e0a\)$/);
  });
});
