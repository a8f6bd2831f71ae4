import type { AvailableVersions, ClusterVersions } from '../../../src/core/paths';

/** Latest K3s patch per minor, as on the K3s releases page (shape only; the engine takes whatever list it is given). */
export const LATEST_PATCH: Record<number, number> = { 22: 17, 23: 17, 24: 17, 25: 16, 26: 15, 27: 16, 28: 15, 29: 15, 30: 14, 31: 12, 32: 8, 33: 4, 34: 2, 35: 1 };

export function k3sReleases(from = 22, to = 35): string[] {
  const out: string[] = [];
  for (let m = from; m <= to; m++) for (let p = 0; p <= LATEST_PATCH[m]; p++) out.push(`v1.${m}.${p}+k3s1`);
  return out;
}

export const ROOK_RELEASES = ((): string[] => {
  const out: string[] = [];
  for (let m = 12; m <= 20; m++) for (let p = 0; p <= 6; p++) out.push(`v1.${m}.${p}`);
  out.push('v1.21.0-beta.0');
  return out;
})();

export const CEPH_RELEASES = [
  'v16.2.7', 'v16.2.15', 'v17.2.0', 'v17.2.8', 'v18.2.0', 'v18.2.4', 'v18.2.7', 'v19.2.0', 'v19.2.3', 'v20.2.0', 'v20.2.1', 'v20.2.2',
];

export const AVAILABLE: AvailableVersions = { kubernetes: k3sReleases(), rook: ROOK_RELEASES, ceph: CEPH_RELEASES };

/** A K3s cluster: servers (each also a kubelet) and agents. */
export function k3sCluster(servers: string[], agents: string[], extra: Partial<ClusterVersions> = {}): ClusterVersions {
  return {
    apiServers: servers.map((version, i) => ({ name: `server-${i}`, version })),
    kubelets: [
      ...servers.map((version, i) => ({ name: `server-${i}`, role: 'server' as const, version })),
      ...agents.map((version, i) => ({ name: `agent-${i}`, role: 'agent' as const, version })),
    ],
    distribution: 'k3s',
    ...extra,
  };
}
