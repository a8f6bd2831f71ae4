// Small inputs for the preflight checks: the k3s-demo snapshot (test/unit/cluster/demoSnapshot.ts),
// with one thing changed per test, and a plan as the schema shapes it.
import type { ApiNode, ClusterSnapshot, EtcdSnapshotSummary, WorkloadSummary } from '../../../src/core/cluster';
import type { UpgradePlan } from '../../../src/core/plans';
import { apiNode, demoSnapshot } from '../cluster/demoSnapshot';

export { apiNode, demoSnapshot };

export const NOW = new Date('2026-03-07T12:00:00Z');

/** The demo nodes, all on v1.30.4+k3s1, with `change` applied to the named node. */
export function demoNodes(name?: string, change: (n: ApiNode) => ApiNode = (n) => n): ApiNode[] {
  return [
    ...[1, 2, 3].map((i) => apiNode(`k3s-server-${i}`, 'v1.30.4+k3s1', true)),
    ...[1, 2, 3].map((i) => apiNode(`k3s-agent-${i}`, 'v1.30.4+k3s1', false)),
  ].map((n) => (n.metadata?.name === name ? change(n) : n));
}

export function withConditions(n: ApiNode, extra: { type: string; status: string }[], ready = true): ApiNode {
  return { ...n, status: { ...n.status, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }, ...extra] } };
}

export const cordon = (n: ApiNode): ApiNode => ({ ...n, spec: { ...n.spec, unschedulable: true } });

export function snapshotWith(change: Partial<ClusterSnapshot> = {}, nodes = demoNodes()): ClusterSnapshot {
  return { ...demoSnapshot({ nodes }), ...change };
}

export function etcdSnap(node: string, createdAt: string, readyToUse = true): EtcdSnapshotSummary {
  return { name: `etcd-snapshot-${node}-${createdAt}`, node, createdAt, sizeBytes: 18874400, location: undefined, readyToUse };
}

export function workload(name: string, namespace: string, ready: number, replicas = 1, version = 'v0.14.0'): WorkloadSummary {
  return { name, namespace, image: `img/${name}:${version}`, version, readyReplicas: ready, replicas };
}

export function plan(change: Partial<UpgradePlan> = {}): UpgradePlan {
  return {
    apiVersion: 'upgradeplanner.dev/v1alpha1',
    kind: 'UpgradePlan',
    metadata: { name: 'demo' },
    cluster: { contextName: 'k3s-demo', server: 'https://127.0.0.1:6443', kubeSystemUID: 'uid-1' },
    components: { k3s: { current: 'v1.30.4+k3s1', target: 'v1.31.9+k3s1' } },
    hops: [{ component: 'k3s', version: 'v1.31.9+k3s1' }],
    ...change,
  };
}
