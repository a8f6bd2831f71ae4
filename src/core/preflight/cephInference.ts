import type { ApiCephCluster, ApiDeployment } from '../cluster';
import type { CephStatusInput } from './inputs';

/**
 * Mon quorum and placement groups of a CephCluster from what the Kubernetes API holds, for when
 * `ceph status` cannot be run (that needs a toolbox pod and exec rights). What is inferred, exactly:
 *
 * - Health comes from Rook: the operator copies `ceph status`'s health into `status.ceph.health` and
 *   each health check into `status.ceph.details` (code → summary message, severity). It holds no PG
 *   table and no quorum list, and it is as old as the operator's last check.
 * - Expected mons: the cluster's mon Deployments (label `app=rook-ceph-mon`, `rook_cluster=<name>`,
 *   id from the `mon` or `ceph_daemon_id` label); when `spec.mon.count` asks for more, the missing ones
 *   are listed as `(mon k of n: no Deployment)`.
 * - Out of quorum: a mon whose Deployment has no ready replica (its pod is not serving); and with a
 *   `MON_DOWN` health check, every mon its summary leaves out of `quorum a,b,…` or names as `mon.x`.
 *   A `MON_DOWN` that names no mon leaves `mons` undefined: the check then fails on the health detail.
 * - Placement groups: active+clean unless a health check about PGs (PG_AVAILABILITY, PG_DEGRADED,
 *   PG_RECOVERY_FULL, PG_BACKFILL_FULL, PG_DAMAGED) says otherwise; its counts come from the summary
 *   (`5 pgs degraded, 2 pgs inactive`), or count 1 (at least one PG) when it gives none. The number of
 *   active+clean PGs is unknown, so none is listed.
 * - Before the operator reported any health, neither is inferred (the checks say "not read").
 */

export const CEPHCLUSTER_INFERENCE = 'inferred from the CephCluster status and its mon Deployments, not from `ceph status`';

/** Health checks that mean some placement group is not active+clean (Ceph's health-checks reference). */
export const PG_PROBLEM_CODES: readonly string[] = ['PG_AVAILABILITY', 'PG_DEGRADED', 'PG_RECOVERY_FULL', 'PG_BACKFILL_FULL', 'PG_DAMAGED'];

const MON_APP = 'rook-ceph-mon';

/** The mon ids of `cluster` among Rook's daemon Deployments of its namespace, sorted, with their readiness. */
export function monDeploymentsOf(cluster: ApiCephCluster, deployments: readonly ApiDeployment[]): { id: string; ready: boolean }[] {
  const ns = cluster.metadata?.namespace;
  const name = cluster.metadata?.name;
  const out: { id: string; ready: boolean }[] = [];
  for (const d of deployments) {
    const l = d.metadata?.labels ?? {};
    if (d.metadata?.namespace !== ns || l.app !== MON_APP) continue;
    if (l.rook_cluster !== undefined && l.rook_cluster !== name) continue;
    const id = l.mon ?? l.ceph_daemon_id;
    if (id) out.push({ id, ready: (d.status?.readyReplicas ?? 0) > 0 });
  }
  return out.sort((a, b) => a.id.localeCompare(b.id, undefined, { numeric: true }));
}

/** Every `N pg(s) <state>` of a health summary: `Degraded data redundancy: …, 5 pgs degraded` → degraded 5. */
export function pgCountsOf(message: string): { state: string; count: number }[] {
  return [...message.matchAll(/(\d+) pgs? ([a-z_+]+)/g)].map((m) => ({ state: m[2], count: Number(m[1]) }));
}

export function cephStatusFromCephCluster(cluster: ApiCephCluster, deployments: readonly ApiDeployment[]): CephStatusInput {
  const head = { namespace: cluster.metadata?.namespace ?? '', name: cluster.metadata?.name ?? '' };
  const ceph = cluster.status?.ceph;
  if (!ceph?.health) return head;
  const details = Object.entries(ceph.details ?? {});
  const mons = monsOf(cluster, deployments, details.find(([code]) => code === 'MON_DOWN')?.[1]?.message);
  const pgsByState = details
    .filter(([code]) => PG_PROBLEM_CODES.includes(code))
    .flatMap(([code, d]) => {
      const counts = pgCountsOf(d?.message ?? '');
      return counts.length ? counts : [{ state: `${code} (count not reported)`, count: 1 }];
    });
  return { ...head, ...(mons ? { mons } : {}), pgsByState, inferredFrom: CEPHCLUSTER_INFERENCE };
}

function monsOf(cluster: ApiCephCluster, deployments: readonly ApiDeployment[], monDown: string | undefined): CephStatusInput['mons'] {
  const found = monDeploymentsOf(cluster, deployments);
  const count = cluster.spec?.mon?.count;
  const expected = found.map((m) => m.id);
  const total = typeof count === 'number' && count > expected.length ? count : expected.length;
  for (let k = expected.length + 1; k <= total; k++) expected.push(`(mon ${k} of ${total}: no Deployment)`);
  if (!expected.length) return undefined;
  const out = new Set([...expected.filter((id) => !found.some((m) => m.id === id && m.ready))]);
  if (monDown !== undefined) {
    const quorum = /\bquorum ([\w-]+(?:,[\w-]+)*)/.exec(monDown)?.[1]?.split(',');
    const named = [...monDown.matchAll(/\bmon\.([\w-]+)/g)].map((m) => m[1]);
    if (quorum) for (const id of expected) if (!quorum.includes(id)) out.add(id);
    for (const id of named) out.add(id);
    if (!quorum && !named.length) return undefined;
  }
  return { expected, inQuorum: expected.filter((id) => !out.has(id)) };
}
