import type { CephClusterSummary, ClusterSnapshot } from '../cluster';
import { type CheckHead, notChecked, plural, sectionValue } from './common';
import type { CephStatusInput, RookDaemonInput } from './inputs';
import { type CheckResult, nameList, objectRef } from './result';
import { deploymentReady, replicaText } from './workloads';

/** Ceph and Rook before the start: HEALTH_OK, mons in quorum, PGs active+clean, the operator ready, one `rook-version`. */

const HEALTH: CheckHead = { id: 'ceph.health', title: 'Ceph reports HEALTH_OK' };
const MONS: CheckHead = { id: 'ceph.mons', title: 'Every Ceph mon in quorum' };
const PGS: CheckHead = { id: 'ceph.pgs', title: 'Every placement group active+clean' };
const OPERATOR: CheckHead = { id: 'rook.operator', title: 'Rook operator ready' };
const VERSIONS: CheckHead = { id: 'rook.versions', title: 'Every Rook daemon on one rook-version' };

type Components = Pick<ClusterSnapshot, 'components'>;
const NO_CEPH = 'the cluster runs no CephCluster; nothing to check';

/** The CephClusters, none (an empty list: not applicable), or the not-checked result. */
function clustersOf(head: CheckHead, s: Components): { value: readonly CephClusterSummary[] } | { result: CheckResult } {
  const section = s.components.cephClusters;
  if (section.state === 'absent') return { value: [] };
  return sectionValue(head, section, 'the CephClusters');
}

const refOf = (c: { namespace: string; name: string }) => objectRef('CephCluster', c.name, c.namespace);
const keyOf = (c: { namespace: string; name: string }) => `${c.namespace}/${c.name}`;

export function checkCephHealth(s: Components): CheckResult {
  const read = clustersOf(HEALTH, s);
  if ('result' in read) return read.result;
  if (!read.value.length) return { ...HEALTH, status: 'pass', reason: NO_CEPH, objects: [] };
  const objects = read.value.map(refOf);
  const unknown = read.value.filter((c) => c.health === undefined);
  const bad = read.value.filter((c) => c.health !== undefined && c.health !== 'HEALTH_OK');
  const evidence = Object.fromEntries(read.value.map((c) => [keyOf(c), c.health ?? 'unknown']));
  if (bad.length) {
    return {
      ...HEALTH, status: 'fail', objects: bad.map(refOf), evidence,
      reason: bad.map((c) => `${keyOf(c)} is ${c.health}${c.message ? ` (${c.message})` : ''}`).join('; '),
      fixHint: 'Resolve what `ceph health detail` reports (Rook toolbox) before upgrading; an upgrade restarts every Ceph daemon.',
    };
  }
  if (unknown.length) return { ...notChecked(HEALTH, `the operator has not reported the health of ${nameList(unknown.map(keyOf))} yet`, 'Wait for the Rook operator to report, then run preflight again.', objects), evidence };
  return { ...HEALTH, status: 'pass', reason: `${nameList(read.value.map(keyOf))}: HEALTH_OK`, objects, evidence };
}

/** Mon quorum from `ceph status` (an input); without it, a MON_DOWN in the CephCluster's health details still fails. */
export function checkCephMons(s: Components, status: readonly CephStatusInput[] | undefined): CheckResult {
  const read = clustersOf(MONS, s);
  if ('result' in read) return read.result;
  if (!read.value.length) return { ...MONS, status: 'pass', reason: NO_CEPH, objects: [] };
  const problems: string[] = [];
  const unchecked: string[] = [];
  const evidence: Record<string, string> = {};
  const inferred = new Set<string>();
  for (const c of read.value) {
    const st = status?.find((x) => keyOf(x) === keyOf(c));
    const mons = st?.mons;
    if (!mons) {
      if (c.message?.includes('MON_DOWN')) problems.push(`${keyOf(c)}: ${c.message}`);
      else unchecked.push(keyOf(c));
      continue;
    }
    if (st.inferredFrom) inferred.add(st.inferredFrom);
    const inQuorum = new Set(mons.inQuorum);
    const out = mons.expected.filter((m) => !inQuorum.has(m));
    evidence[keyOf(c)] = `${mons.inQuorum.length}/${mons.expected.length} in quorum`;
    if (out.length) problems.push(`${keyOf(c)}: ${plural(out.length, 'mon')} out of quorum (${nameList(out)})`);
  }
  const objects = read.value.map(refOf);
  if (problems.length) return { ...MONS, status: 'fail', reason: `${problems.join('; ')}${inferredNote(inferred)}`, objects, evidence, fixHint: 'Bring every mon back into quorum first: the upgrade restarts mons one at a time and needs a majority throughout.' };
  if (unchecked.length) return { ...notChecked(MONS, `the mon quorum of ${nameList(unchecked)} was not read`, undefined, objects), evidence };
  return { ...MONS, status: 'pass', reason: `every mon in quorum (${Object.entries(evidence).map(([k, v]) => `${k}: ${v}`).join('; ')})${inferredNote(inferred)}`, objects, evidence };
}

/** ` (inferred from …)` when some figures were inferred rather than read from `ceph status`. */
function inferredNote(from: ReadonlySet<string>): string {
  return from.size ? ` (${[...from].join('; ')})` : '';
}

/** A PG is fine when its state has both `active` and `clean` (`active+clean+scrubbing` included). */
function activeClean(state: string): boolean {
  const parts = state.split('+');
  return parts.includes('active') && parts.includes('clean');
}

export function checkCephPgs(s: Components, status: readonly CephStatusInput[] | undefined): CheckResult {
  const read = clustersOf(PGS, s);
  if ('result' in read) return read.result;
  if (!read.value.length) return { ...PGS, status: 'pass', reason: NO_CEPH, objects: [] };
  const problems: string[] = [];
  const unchecked: string[] = [];
  const evidence: Record<string, string> = {};
  const inferred = new Set<string>();
  for (const c of read.value) {
    const st = status?.find((x) => keyOf(x) === keyOf(c));
    const pgs = st?.pgsByState;
    if (!pgs) {
      unchecked.push(keyOf(c));
      continue;
    }
    if (st.inferredFrom) inferred.add(st.inferredFrom);
    const total = pgs.reduce((n, p) => n + p.count, 0);
    const bad = pgs.filter((p) => p.count > 0 && !activeClean(p.state));
    // Inferred figures list only the PGs a health check names: there is no total to compare with.
    evidence[keyOf(c)] = pgs.map((p) => `${p.count} ${p.state}`).join(', ') || (st.inferredFrom ? 'no PG health check' : 'no PGs');
    if (bad.length) problems.push(`${keyOf(c)}: ${bad.map((p) => `${p.count} ${p.state}`).join(', ')}${st.inferredFrom ? '' : ` of ${total} PGs`}`);
  }
  const objects = read.value.map(refOf);
  if (problems.length) return { ...PGS, status: 'fail', reason: `${problems.join('; ')}${inferredNote(inferred)}`, objects, evidence, fixHint: 'Wait for recovery and backfill to finish (every PG active+clean) before upgrading.' };
  if (unchecked.length) return { ...notChecked(PGS, `the placement groups of ${nameList(unchecked)} were not read`, undefined, objects), evidence };
  if (inferred.size) return { ...PGS, status: 'pass', reason: `no health check reports a placement group other than active+clean${inferredNote(inferred)}`, objects, evidence };
  return { ...PGS, status: 'pass', reason: 'every placement group is active+clean', objects, evidence };
}

export function checkRookOperator(s: Components): CheckResult {
  const op = s.components.rookOperator;
  const clusters = s.components.cephClusters;
  const hasCeph = clusters.state === 'ok' && clusters.value.length > 0;
  if (op.state === 'absent') {
    return hasCeph
      ? { ...OPERATOR, status: 'fail', reason: `CephClusters exist but no Rook operator runs (${op.reason})`, objects: clusters.value.map(refOf), fixHint: 'Deploy the Rook operator (or scale it back up) before upgrading.' }
      : { ...OPERATOR, status: 'pass', reason: 'the cluster runs no Rook operator; nothing to check', objects: [] };
  }
  const read = sectionValue(OPERATOR, op, 'the Rook operator Deployment');
  if ('result' in read) return read.result;
  const d = read.value;
  const objects = [objectRef('Deployment', d.name, d.namespace)];
  const evidence = { image: d.image ?? '', replicas: replicaText(d) };
  if (!deploymentReady(d)) return { ...OPERATOR, status: 'fail', reason: `${d.namespace}/${d.name} is not ready (${replicaText(d)})`, objects, evidence, fixHint: 'Find out why the operator pod is not ready (`kubectl -n rook-ceph describe pod`) and fix it first.' };
  return { ...OPERATOR, status: 'pass', reason: `${[`${d.namespace}/${d.name}`, d.version].filter(Boolean).join(' ')} is ready`, objects, evidence };
}

/** Every Rook daemon Deployment carries the same `rook-version` label: an earlier upgrade finished. */
export function checkRookVersions(s: Components, daemons: readonly RookDaemonInput[] | undefined): CheckResult {
  const clusters = s.components.cephClusters;
  if (clusters.state === 'absent' || (clusters.state === 'ok' && clusters.value.length === 0)) {
    return { ...VERSIONS, status: 'pass', reason: NO_CEPH, objects: [] };
  }
  if (!daemons) return notChecked(VERSIONS, 'the Rook daemons\' rook-version labels were not read');
  if (!daemons.length) return notChecked(VERSIONS, 'no Rook daemon Deployment was found');
  const byVersion = new Map<string, string[]>();
  for (const d of daemons) {
    const v = d.rookVersion ?? '(no rook-version label)';
    byVersion.set(v, [...(byVersion.get(v) ?? []), `${d.namespace}/${d.name}`]);
  }
  const evidence = Object.fromEntries([...byVersion].map(([v, names]) => [v, names]));
  if (byVersion.size === 1 && !byVersion.has('(no rook-version label)')) {
    return { ...VERSIONS, status: 'pass', reason: `all ${plural(daemons.length, 'daemon')} on ${[...byVersion.keys()][0]}`, objects: [], evidence };
  }
  // The majority is the version the cluster is on; the others are the stragglers named.
  const sorted = [...byVersion].sort((a, b) => b[1].length - a[1].length);
  const stragglers = byVersion.size === 1 ? sorted : sorted.slice(1);
  const straggling = new Set(stragglers.flatMap(([, names]) => names));
  return {
    ...VERSIONS, status: 'fail', evidence,
    reason: `Rook daemons on ${byVersion.size} versions: ${sorted.map(([v, names]) => `${v} (${nameList(names, 3)})`).join('; ')}`,
    objects: daemons.filter((d) => straggling.has(`${d.namespace}/${d.name}`)).map((d) => objectRef('Deployment', d.name, d.namespace)),
    fixHint: 'Let the previous Rook upgrade finish (the operator rolls every daemon to its version) before starting another.',
  };
}
