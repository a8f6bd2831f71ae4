import { type ClusterSnapshot, ETCD_SNAPSHOT_MAX_AGE_HOURS, snapshotFreshness } from '../cluster';
import type { UpgradePlan } from '../plans/model';
import { type CheckHead, notChecked, sectionValue } from './common';
import { type CheckResult, nameList, objectRef } from './result';

const HEAD: CheckHead = { id: 'etcd.snapshot', title: 'A recent etcd snapshot on every server' };

/** Whether the plan takes an etcd snapshot itself before the first hop (`backups.etcdSnapshot`). */
export function planTakesEtcdSnapshot(plan: Pick<UpgradePlan, 'backups'> | undefined): boolean {
  const b = plan?.backups?.etcdSnapshot;
  return b !== undefined && b !== null && typeof b === 'object';
}

/**
 * Every server node has a ready `ETCDSnapshotFile` younger than `maxAgeHours` (the explorer's
 * staleness rule), or the plan takes one first. Without `ETCDSnapshotFile` (not K3s with embedded
 * etcd) the check can only warn.
 */
export function checkEtcdSnapshots(
  s: Pick<ClusterSnapshot, 'nodes' | 'etcdSnapshots'>,
  plan: Pick<UpgradePlan, 'backups'> | undefined,
  now: Date,
  maxAgeHours = ETCD_SNAPSHOT_MAX_AGE_HOURS,
): CheckResult {
  const planPath = ['backups', 'etcdSnapshot'];
  if (planTakesEtcdSnapshot(plan)) {
    return { ...HEAD, status: 'pass', reason: 'the plan takes an etcd snapshot before the first hop (backups.etcdSnapshot)', objects: [], planPath };
  }
  const hint = `Take a snapshot (Backups: etcd snapshot, or \`k3s etcd-snapshot save\` on a server), or add backups.etcdSnapshot to the plan so the run takes one first.`;
  if (s.etcdSnapshots.state === 'absent') {
    return { ...HEAD, status: 'warn', reason: `no etcd snapshots can be listed (${s.etcdSnapshots.reason}): this needs K3s with embedded etcd`, objects: [], planPath, fixHint: 'Back up the datastore your distribution\'s way before upgrading, then override this check with where the backup is.' };
  }
  const nodes = sectionValue(HEAD, s.nodes, 'the nodes');
  if ('result' in nodes) return nodes.result;
  const snaps = sectionValue(HEAD, s.etcdSnapshots, 'the etcd snapshots');
  if ('result' in snaps) return snaps.result;
  const servers = nodes.value.filter((n) => n.isServer).map((n) => n.name);
  if (!servers.length) return notChecked(HEAD, 'no server node is known, so no snapshot can be matched to one');
  const missing: string[] = [];
  const stale: string[] = [];
  const evidence: Record<string, string> = {};
  for (const server of servers) {
    const f = snapshotFreshness(snaps.value.filter((x) => x.node === server), now, maxAgeHours);
    if (f.state === 'none') {
      missing.push(server);
      evidence[server] = 'none';
    } else {
      evidence[server] = `${f.newest.name}, ${f.age.text} old`;
      if (f.state === 'stale') stale.push(`${server} (newest ${f.age.text} old)`);
    }
  }
  const objects = servers.map((n) => objectRef('Node', n));
  if (!missing.length && !stale.length) {
    return { ...HEAD, status: 'pass', reason: `every server has a snapshot younger than ${maxAgeHours} h`, objects, evidence, planPath };
  }
  const parts = [missing.length ? `no ready snapshot on ${nameList(missing)}` : '', stale.length ? `older than ${maxAgeHours} h on ${nameList(stale, 3)}` : ''].filter(Boolean);
  return { ...HEAD, status: 'fail', reason: parts.join('; '), objects, evidence, planPath, fixHint: hint };
}
