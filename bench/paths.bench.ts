/**
 * Time to compute an upgrade path. Run: npx tsx bench/paths.bench.ts
 * Prints the median warm time (goal: < 100 ms) of v1.24.0+k3s1 → newest v1.35 with Rook and Ceph,
 * and the same on a 1,000-node cluster.
 */
import { performance } from 'node:perf_hooks';
import { type AvailableVersions, type ClusterVersions, computePath } from '../src/core/paths';

/** Latest K3s patch per minor, shaped like the real K3s releases (several `+k3sN` revisions, release candidates). */
const LATEST_PATCH: Record<number, number> = { 24: 17, 25: 16, 26: 15, 27: 16, 28: 15, 29: 15, 30: 14, 31: 14, 32: 11, 33: 7, 34: 3, 35: 1 };

function k3sTags(): string[] {
  const out: string[] = [];
  for (const [minorText, last] of Object.entries(LATEST_PATCH)) {
    const minor = Number(minorText);
    for (let p = 0; p <= last; p++) {
      out.push(`v1.${minor}.${p}-rc1+k3s1`, `v1.${minor}.${p}+k3s1`);
      if (p % 3 === 0) out.push(`v1.${minor}.${p}+k3s2`);
    }
  }
  return out;
}

const available: AvailableVersions = {
  kubernetes: k3sTags(),
  rook: Array.from({ length: 9 }, (_, i) => Array.from({ length: 10 }, (_, p) => `v1.${12 + i}.${p}`)).flat(),
  ceph: ['v16.2.7', 'v16.2.15', 'v17.2.0', 'v17.2.8', 'v18.2.0', 'v18.2.4', 'v18.2.7', 'v19.2.0', 'v19.2.3', 'v20.2.0', 'v20.2.1', 'v20.2.2'],
};
const newest135 = available.kubernetes.filter((v) => v.startsWith('v1.35.') && !v.includes('-rc')).at(-1)!;

function cluster(agents: number): ClusterVersions {
  const servers = ['server-0', 'server-1', 'server-2'];
  return {
    apiServers: servers.map((name) => ({ name, version: 'v1.24.0+k3s1' })),
    kubelets: [
      ...servers.map((name) => ({ name, role: 'server' as const, version: 'v1.24.0+k3s1' })),
      ...Array.from({ length: agents }, (_, i) => ({ name: `agent-${i}`, role: 'agent' as const, version: 'v1.24.0+k3s1' })),
    ],
    distribution: 'k3s',
    rook: { operator: 'rook/ceph:v1.12.3' },
    ceph: { version: 'quay.io/ceph/ceph:v16.2.10' },
  };
}

function measure(label: string, c: ClusterVersions, runs: number): void {
  const first = performance.now();
  const r = computePath(c, { kubernetes: newest135 }, available);
  const cold = performance.now() - first;
  if (!r.ok) throw new Error(r.reasons.map((x) => x.message).join('; '));
  for (let i = 0; i < 3; i++) computePath(c, { kubernetes: newest135 }, available);
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    computePath(c, { kubernetes: newest135 }, available);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const median = times[Math.floor(times.length / 2)];
  console.log(`${label}: ${r.hops.length} hops to ${newest135}; first ${cold.toFixed(1)} ms, median warm ${median.toFixed(2)} ms, p90 ${times[Math.floor(times.length * 0.9)].toFixed(2)} ms over ${runs} runs (goal < 100 ms)`);
}

measure('3 servers + 2 agents', cluster(2), 50);
measure('3 servers + 997 agents (1,000 nodes)', cluster(997), 20);
