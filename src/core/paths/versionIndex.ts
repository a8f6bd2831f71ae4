import { type Distribution, type KubeVersion, compareKube, parseKubeVersion, minorKey, upstreamOf } from '../versions/kube';
import { type RookVersion, compareRook, parseRookVersion } from '../versions/rook';
import { type CephVersion, compareCeph, parseCephVersion } from '../versions/ceph';
import type { AvailableVersions } from './types';

/** The available versions parsed, sorted and indexed by minor (the engine's index over the release catalog), built once per list. */
export interface VersionIndex {
  readonly kubernetes: readonly KubeVersion[];
  readonly rook: readonly RookVersion[];
  readonly ceph: readonly CephVersion[];
  /** Newest non-pre-release per Kubernetes minor key (`1.30`). */
  readonly latestKube: ReadonlyMap<string, KubeVersion>;
  /** Newest official release per Rook minor key. */
  readonly latestRook: ReadonlyMap<string, RookVersion>;
}

const cache = new WeakMap<AvailableVersions, Map<Distribution, VersionIndex>>();

/** Parses the lists (ignoring entries that are not versions, or of another distribution). Memoised per input object. */
export function buildVersionIndex(available: AvailableVersions, distribution: Distribution): VersionIndex {
  let byDist = cache.get(available);
  const hit = byDist?.get(distribution);
  if (hit) return hit;
  const kubernetes = available.kubernetes
    .map((v) => parseKubeVersion(v))
    .flatMap((r) => (r.ok && r.value.distribution === distribution ? [r.value] : []))
    .sort(compareKube);
  const rook = available.rook.map((v) => parseRookVersion(v)).flatMap((r) => (r.ok ? [r.value] : [])).sort(compareRook);
  const ceph = available.ceph
    .map((v) => parseCephVersion(v))
    .flatMap((r) => (r.ok && r.value.patch !== undefined ? [r.value] : []))
    .sort(compareCeph);
  const latestKube = new Map<string, KubeVersion>();
  for (const k of kubernetes) if (!k.prerelease) latestKube.set(minorKey(k), k);
  const latestRook = new Map<string, RookVersion>();
  for (const r of rook) if (!r.prerelease) latestRook.set(`${r.major}.${r.minor}`, r);
  const catalog: VersionIndex = { kubernetes, rook, ceph, latestKube, latestRook };
  if (!byDist) {
    byDist = new Map();
    cache.set(available, byDist);
  }
  byDist.set(distribution, catalog);
  return catalog;
}

/** Up to three listed versions around a missing one: the closest below, the closest above, the newest of its minor. */
export function nearest<T>(sorted: readonly T[], probe: T, cmp: (a: T, b: T) => number, sameLine: (a: T) => boolean, show: (v: T) => string): string[] {
  let i = 0;
  while (i < sorted.length && cmp(sorted[i], probe) < 0) i++;
  const picks = [sorted[i - 1], sorted[i], [...sorted].reverse().find(sameLine)].filter((x): x is T => x !== undefined);
  return [...new Set(picks.map(show))];
}

/**
 * Finds a Kubernetes target in the catalog: the exact release, or for a bare upstream version
 * (`v1.30.4` on a K3s cluster) the newest distribution revision of it.
 */
export function resolveKube(c: VersionIndex, wanted: KubeVersion): KubeVersion | undefined {
  const exact = c.kubernetes.find((k) => compareKube(k, wanted) === 0);
  if (exact) return exact;
  if (wanted.distribution === 'kubernetes' && wanted.revision === 0) {
    const up = upstreamOf(wanted);
    return [...c.kubernetes].reverse().find((k) => upstreamOf(k) === up);
  }
  return undefined;
}

export function resolveRook(c: VersionIndex, wanted: RookVersion): RookVersion | undefined {
  return c.rook.find((r) => compareRook(r, wanted) === 0);
}

/** Exact Ceph version; a target without a build date matches its newest build. */
export function resolveCeph(c: VersionIndex, wanted: CephVersion): CephVersion | undefined {
  const same = c.ceph.filter((x) => x.major === wanted.major && x.minor === wanted.minor && x.patch === wanted.patch);
  if (wanted.build && /^\d{8}$/.test(wanted.build)) return same.find((x) => x.build === wanted.build);
  return same[same.length - 1];
}
