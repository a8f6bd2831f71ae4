// A snapshot shaped like the k3s-demo scenario (cluster/scenarios/k3s-demo.yaml), built through
// buildSnapshot from API objects as discovery reads them, for the explorer's pure text tests.
import { type ApiNode, type ClusterSnapshot, type DiscoveryReads, buildSnapshot } from '../../../src/core/cluster';

const SERVER_ROLES = { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/etcd': 'true', 'node-role.kubernetes.io/master': 'true' };

export function apiNode(name: string, version: string, server: boolean, extra: { annotations?: Record<string, string> } = {}): ApiNode {
  return {
    metadata: { name, labels: server ? SERVER_ROLES : {}, annotations: extra.annotations ?? {} },
    spec: { providerID: `k3s://${name}` },
    status: { nodeInfo: { kubeletVersion: version }, conditions: [{ type: 'Ready', status: 'True' }] },
  };
}

export interface DemoOptions {
  readonly reported?: string;
  readonly rook?: string;
  readonly ceph?: string;
  readonly nodes?: ApiNode[];
  readonly kwok?: boolean;
  readonly snapshotTimes?: string[];
}

export function demoSnapshot(o: DemoOptions = {}): ClusterSnapshot {
  const kwok = o.kwok ? { annotations: { 'kwok.x-k8s.io/node': 'fake' } } : {};
  const nodes = o.nodes ?? [
    ...[1, 2, 3].map((i) => apiNode(`k3s-server-${i}`, 'v1.30.4+k3s1', true, kwok)),
    ...[1, 2, 3, 4].map((i) => apiNode(`k3s-agent-${i}`, 'v1.30.4+k3s1', false, kwok)),
    apiNode('k3s-agent-5', 'v1.29.8+k3s1', false, kwok),
  ];
  const reads: DiscoveryReads = {
    context: 'k3s-demo',
    server: 'https://127.0.0.1:6443',
    takenAt: '2026-01-01T00:00:00Z',
    apiServerVersion: o.reported ?? 'v1.30.4+k3s1',
    kubeSystem: { ok: true, value: { uid: 'uid-1' } },
    nodes: { ok: true, value: { items: nodes, resourceVersion: '1' } },
    systemUpgradeController: { ok: true, value: [] },
    rookOperator: {
      ok: true,
      value: [{ metadata: { name: 'rook-ceph-operator', namespace: 'rook-ceph' }, spec: { replicas: 1, template: { spec: { containers: [{ name: 'rook-ceph-operator', image: `rook/ceph:${o.rook ?? 'v1.14.9'}` }] } } }, status: { readyReplicas: 1 } }],
    },
    velero: { ok: true, value: [] },
    cephClusters: {
      ok: true,
      value: [{ metadata: { name: 'rook-ceph', namespace: 'rook-ceph' }, spec: { cephVersion: { image: `quay.io/ceph/ceph:v${(o.ceph ?? '18.2.4-0').replace(/-\d+$/, '')}` } }, status: { version: { version: o.ceph ?? '18.2.4-0' }, ceph: { health: 'HEALTH_OK' } } }],
    },
    etcdSnapshots: {
      ok: true,
      value: (o.snapshotTimes ?? ['2024-09-01T04:00:02Z', '2024-09-02T04:00:02Z']).map((t, i) => ({ metadata: { name: `snap-${i}` }, spec: { snapshotName: `snap-${i}`, nodeName: 'k3s-server-1' }, status: { creationTime: t, readyToUse: true, size: '18874400' } })),
    },
  };
  return buildSnapshot(reads);
}
