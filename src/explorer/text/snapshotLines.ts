import type { EtcdSnapshotSummary } from '../../core/cluster/snapshot';
import { ETCD_SNAPSHOT_MAX_AGE_HOURS, snapshotAge, snapshotFreshness } from '../../core/cluster/snapshotAge';
import { formatBytes } from '../../core/cluster/summaries';

export interface SnapshotLine {
  readonly description: string;
  /** Plain text. */
  readonly tooltip: string;
  readonly warn: boolean;
}

const RULE = `An upgrade needs an etcd snapshot younger than ${ETCD_SNAPSHOT_MAX_AGE_HOURS} hours (preflight checks it).`;

/** The Snapshots group: how many, and whether the newest is recent enough to upgrade from. */
export function snapshotsGroupLine(list: readonly EtcdSnapshotSummary[], now: Date): SnapshotLine {
  if (!list.length) return { description: 'none', tooltip: `No etcd snapshots. ${RULE}`, warn: true };
  const f = snapshotFreshness(list, now);
  if (f.state === 'none') return { description: `${list.length} · none ready`, tooltip: `No snapshot is ready to use with a readable time. ${RULE}`, warn: true };
  const when = `newest ${f.age.text} old`;
  if (f.state === 'stale') {
    return {
      description: `${list.length} · ${when} — stale`,
      tooltip: `The newest snapshot, ${f.newest.name}, was taken ${f.newest.createdAt ?? '?'} (${f.age.text} ago). ${RULE} Take one (k3s etcd-snapshot save) before upgrading.`,
      warn: true,
    };
  }
  return { description: `${list.length} · ${when}`, tooltip: `The newest snapshot, ${f.newest.name}, was taken ${f.newest.createdAt ?? '?'} (${f.age.text} ago). ${RULE}`, warn: false };
}

/** One snapshot: node, time and age, size; stale or not ready shows as a warning. */
export function snapshotLine(s: EtcdSnapshotSummary, now: Date): SnapshotLine {
  const age = snapshotAge(s.createdAt, now);
  const when = s.createdAt ? `${s.createdAt}${age ? ` (${age.text} ago)` : ''}` : '';
  const description = [s.node ?? '', when, s.sizeBytes !== undefined ? formatBytes(s.sizeBytes) : '', age?.stale ? 'stale' : ''].filter(Boolean).join(' · ');
  const notes = [s.readyToUse === false ? 'Not ready to use.' : '', age?.stale ? `Stale: older than ${ETCD_SNAPSHOT_MAX_AGE_HOURS} hours.` : ''].filter(Boolean);
  return { description, tooltip: [s.name, s.location ?? '', ...notes].filter(Boolean).join('\n'), warn: s.readyToUse === false || age?.stale === true };
}
