import type { ClusterSnapshot } from '../cluster';
import { type Finding, validateHops } from '../paths';
import { hopInput } from '../plans';
import type { UpgradePlan } from '../plans/model';
import { clusterVersionsOf } from '../preflight/skew';
import { compareCeph, parseCephVersion } from '../versions';

/**
 * Between hops: the rest of the plan checked against the cluster as it is now, by the path engine's own rules
 * (core/paths validateHops over core/compat: no minor skipped, no downgrade, kubelet skew, Rook's Kubernetes
 * window, the Ceph versions Rook supports). What the previous hops left, or somebody changed meanwhile, may no
 * longer fit: the run stops before the hop rather than start it. Errors only; `hopIndex` in the findings is the
 * plan's (0-based), as plan diagnostics number them.
 */
export function remainingHopsFindings(plan: Pick<UpgradePlan, 'hops'>, snapshot: ClusterSnapshot, fromHop: number): Finding[] {
  if (snapshot.nodes.state !== 'ok') return [];
  const versions = clusterVersionsOf(snapshot, snapshot.nodes.value);
  const op = snapshot.components.rookOperator;
  const rook = op.state === 'ok' && op.value.version ? op.value.version : undefined;
  const cc = snapshot.components.cephClusters;
  // The oldest Ceph the operator runs: the one each rule must hold for.
  const ceph = (cc.state === 'ok' ? cc.value : []).flatMap((c) => {
    const v = c.cephVersion ? parseCephVersion(c.cephVersion) : undefined;
    return v?.ok && c.cephVersion ? [{ raw: c.cephVersion, v: v.value }] : [];
  }).sort((a, b) => compareCeph(a.v, b.v))[0]?.raw;
  const rest = plan.hops.slice(fromHop);
  const findings = validateHops({ ...versions, ...(rook ? { rook: { operator: rook } } : {}), ...(ceph ? { ceph: { version: ceph } } : {}) }, rest.map(hopInput));
  return findings.filter((f) => f.severity === 'error').map((f) => (f.hopIndex === undefined ? f : { ...f, hopIndex: f.hopIndex + fromHop }));
}
