import type { EtcdSnapshotSummary } from './snapshot';

/**
 * How recent an etcd snapshot must be to count before an upgrade: the explorer marks older ones
 * stale, and preflight's "a recent etcd snapshot" check uses the same default.
 */
export const ETCD_SNAPSHOT_MAX_AGE_HOURS = 24;

const HOUR_MS = 3_600_000;

export interface SnapshotAge {
  /** Milliseconds since the snapshot was taken (negative: the clocks disagree). */
  readonly ageMs: number;
  /** `5 h`, `3 days`, `2 years`. */
  readonly text: string;
  readonly stale: boolean;
}

/** The age of a snapshot at `now`; undefined when it has no readable creation time. */
export function snapshotAge(createdAt: string | undefined, now: Date, maxAgeHours = ETCD_SNAPSHOT_MAX_AGE_HOURS): SnapshotAge | undefined {
  const t = createdAt ? Date.parse(createdAt) : Number.NaN;
  if (Number.isNaN(t)) return undefined;
  const ageMs = now.getTime() - t;
  return { ageMs, text: formatAge(ageMs), stale: ageMs > maxAgeHours * HOUR_MS };
}

/** A coarse, readable age: minutes, hours, days, months or years, whichever is the largest whole unit. */
export function formatAge(ms: number): string {
  if (ms < 0) return 'in the future';
  const units: [number, string][] = [
    [365 * 24 * HOUR_MS, 'year'],
    [30 * 24 * HOUR_MS, 'month'],
    [24 * HOUR_MS, 'day'],
    [HOUR_MS, 'hour'],
    [60_000, 'minute'],
  ];
  for (const [size, name] of units) {
    const n = Math.floor(ms / size);
    if (n >= 1) return `${n} ${name}${n === 1 ? '' : 's'}`;
  }
  return 'less than a minute';
}

/** Whether a cluster has a snapshot recent enough to upgrade from: the newest one decides. */
export type SnapshotFreshness =
  | { readonly state: 'fresh'; readonly newest: EtcdSnapshotSummary; readonly age: SnapshotAge }
  | { readonly state: 'stale'; readonly newest: EtcdSnapshotSummary; readonly age: SnapshotAge }
  | { readonly state: 'none' };

export function snapshotFreshness(snapshots: readonly EtcdSnapshotSummary[], now: Date, maxAgeHours = ETCD_SNAPSHOT_MAX_AGE_HOURS): SnapshotFreshness {
  let best: { newest: EtcdSnapshotSummary; age: SnapshotAge } | undefined;
  for (const s of snapshots) {
    if (s.readyToUse === false) continue;
    const age = snapshotAge(s.createdAt, now, maxAgeHours);
    if (age && (!best || age.ageMs < best.age.ageMs)) best = { newest: s, age };
  }
  if (!best) return { state: 'none' };
  return { state: best.age.stale ? 'stale' : 'fresh', ...best };
}
