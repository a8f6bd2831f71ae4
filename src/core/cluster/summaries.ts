import { tagOf } from '../versions';
import type { ApiCephCluster, ApiDeployment, ApiEtcdSnapshotFile, ApiNode } from './apiObjects';
import { isServerRole, rolesOf } from './roles';
import { kubeletSkew } from './skew';
import type { CephClusterSummary, EtcdSnapshotSummary, NodeSummary, WorkloadSummary } from './snapshot';

const PRESSURES = new Set(['MemoryPressure', 'DiskPressure', 'PIDPressure', 'NetworkUnavailable']);

export function summarizeNode(node: ApiNode, apiServerVersion: string): NodeSummary {
  const labels = node.metadata?.labels ?? {};
  const roles = rolesOf(labels);
  const conditions = node.status?.conditions ?? [];
  const kubeletVersion = node.status?.nodeInfo?.kubeletVersion ?? '';
  const internalIP = node.status?.addresses?.find((a) => a.type === 'InternalIP')?.address;
  return {
    name: node.metadata?.name ?? '',
    roles,
    isServer: isServerRole(roles),
    kubeletVersion,
    ready: conditions.some((c) => c.type === 'Ready' && c.status === 'True'),
    pressures: conditions.filter((c) => c.type !== undefined && PRESSURES.has(c.type) && c.status === 'True').map((c) => c.type as string),
    unschedulable: node.spec?.unschedulable === true,
    skew: kubeletVersion ? kubeletSkew(kubeletVersion, apiServerVersion) : { verdict: 'unknown', text: 'no kubelet version reported' },
    ...(node.status?.nodeInfo?.osImage ? { osImage: node.status.nodeInfo.osImage } : {}),
    ...(node.status?.nodeInfo?.containerRuntimeVersion ? { containerRuntime: node.status.nodeInfo.containerRuntimeVersion } : {}),
    ...(internalIP ? { internalIP } : {}),
  };
}

/** Servers first, then by name (natural order, so agent-2 before agent-10). */
export function sortNodes(nodes: readonly NodeSummary[]): NodeSummary[] {
  return [...nodes].sort((a, b) => Number(b.isServer) - Number(a.isServer) || a.name.localeCompare(b.name, undefined, { numeric: true }));
}

/** A workload by its first container whose name matches, else its first container. */
export function summarizeWorkload(d: ApiDeployment, containerName?: string): WorkloadSummary {
  const containers = d.spec?.template?.spec?.containers ?? [];
  const container = containers.find((c) => c.name === containerName) ?? containers[0];
  const image = container?.image;
  const tag = image ? tagOf(image) : undefined;
  return {
    namespace: d.metadata?.namespace ?? '',
    name: d.metadata?.name ?? '',
    image,
    version: tag && tag !== image ? tag : undefined,
    readyReplicas: d.status?.readyReplicas ?? 0,
    replicas: d.spec?.replicas ?? d.status?.replicas ?? 0,
  };
}

export function summarizeCephCluster(c: ApiCephCluster): CephClusterSummary {
  const image = c.status?.version?.image ?? c.spec?.cephVersion?.image;
  const fromImage = image ? tagOf(image) : undefined;
  const details = Object.entries(c.status?.ceph?.details ?? {}).map(([k, v]) => `${k}: ${v.message ?? ''}`);
  return {
    namespace: c.metadata?.namespace ?? '',
    name: c.metadata?.name ?? '',
    cephVersion: c.status?.version?.version ?? (fromImage && fromImage !== image ? fromImage : undefined),
    image,
    health: c.status?.ceph?.health,
    phase: c.status?.phase,
    monCount: c.spec?.mon?.count,
    message: details.length ? details.join('; ') : c.status?.message,
  };
}

export function summarizeEtcdSnapshot(s: ApiEtcdSnapshotFile): EtcdSnapshotSummary {
  const size = s.status?.size;
  const sizeBytes = typeof size === 'number' ? size : size !== undefined ? parseQuantity(size) : undefined;
  return {
    name: s.spec?.snapshotName ?? s.metadata?.name ?? '',
    node: s.spec?.nodeName,
    createdAt: s.status?.creationTime ?? s.metadata?.creationTimestamp,
    sizeBytes,
    location: s.spec?.location,
    readyToUse: s.status?.readyToUse,
  };
}

/** Newest first. */
export function sortSnapshots(s: readonly EtcdSnapshotSummary[]): EtcdSnapshotSummary[] {
  return [...s].sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || a.name.localeCompare(b.name));
}

const SUFFIX: Record<string, number> = { '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4 };

/** Kubernetes resource quantity (`12345`, `25Mi`, `1.5G`) to bytes; undefined when unreadable. */
export function parseQuantity(q: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q.trim());
  if (!m) return undefined;
  return Math.round(Number(m[1]) * (SUFFIX[m[2] ?? ''] ?? 1));
}

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${i === 0 ? v : v.toFixed(1)} ${units[i]}`;
}
