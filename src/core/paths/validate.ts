import { compareKube, minorKey, parseKubeVersion } from '../versions/kube';
import { parseRookVersion, compareRook } from '../versions/rook';
import { parseCephVersion, compareCeph, formatCeph } from '../versions/ceph';
import { cephStep, kubernetesStep, rookStep } from '../compat';
import { type VersionIndex, buildVersionIndex, nearest } from './versionIndex';
import { type ClusterState, checkState, defaultMovers, hasKubernetes, lowestApiServer, moveNodes, parseCluster, setCeph, setRook } from './state';
import { riskFor } from './riskMarks';
import type { AvailableVersions, ClusterVersions, Component, Finding, Phase, RiskEdge } from './types';

/** A hop as a person writes it in a plan file: `from` and `nodes` are optional. */
export interface HopInput {
  readonly component: Component;
  readonly phase?: Phase;
  readonly from?: string;
  readonly to: string;
  readonly nodes?: readonly string[];
}

export interface ValidateOptions {
  /** When given, every `to` must be one of these releases (`version.unknown` otherwise). */
  readonly available?: AvailableVersions;
  /** Evaluated risk edges; a hop taking one must be accepted by name in `acceptedRisks`. */
  readonly risks?: readonly RiskEdge[];
  readonly acceptedRisks?: readonly string[];
}

/**
 * Checks a user-written list of hops by simulating them on the cluster one by one. Every finding
 * carries `hopIndex` (the hop that breaks a rule); plan diagnostics map it to a range.
 * Codes: `version.invalid`, `version.unknown`, `version.downgrade`, `minor.skipped`, `patch.not-latest-first`,
 * `order.agents-before-servers`, `skew.*`, `rook.kubernetes-too-new|old`, `ceph.unsupported-by-rook`,
 * `risk.not-accepted`, `hop.no-op`, `hop.from-mismatch`, `cluster.*`.
 */
export function validateHops(current: ClusterVersions, hops: readonly HopInput[], options: ValidateOptions = {}): Finding[] {
  return simulateHops(current, hops, options).findings;
}

/** {@link validateHops}, plus the versions the cluster runs after the last hop (undefined when the cluster does not parse). */
export function simulateHops(current: ClusterVersions, hops: readonly HopInput[], options: ValidateOptions = {}): { findings: Finding[]; end: ClusterVersions | undefined } {
  const parsed = parseCluster(current);
  if (!parsed.state) return { findings: parsed.findings, end: undefined };
  const catalog = options.available ? buildVersionIndex(options.available, current.distribution) : undefined;
  const r = stepThrough(parsed.state, hops, catalog, options);
  return { findings: r.findings, end: toVersions(r.end, current) };
}

export function validateParsed(start: ClusterState, hops: readonly HopInput[], catalog: VersionIndex | undefined, options: ValidateOptions = {}): Finding[] {
  return stepThrough(start, hops, catalog, options).findings;
}

/** A parsed state back as the raw versions the engine takes (names, roles and distribution from `like`). */
function toVersions(s: ClusterState, like: ClusterVersions): ClusterVersions {
  return {
    apiServers: s.apiServers.map((a) => ({ name: a.name, version: a.version.raw })),
    kubelets: s.kubelets.map((k) => ({ name: k.name, role: k.role, version: k.version.raw })),
    distribution: like.distribution,
    ...(s.rook ? { rook: { operator: s.rook.raw } } : {}),
    ...(s.ceph ? { ceph: { version: formatCeph(s.ceph) } } : {}),
  };
}

function stepThrough(start: ClusterState, hops: readonly HopInput[], catalog: VersionIndex | undefined, options: ValidateOptions): { findings: Finding[]; end: ClusterState } {
  const out: Finding[] = [];
  let s = start;
  const accepted = new Set(options.acceptedRisks ?? []);
  const known = new Set(checkState(start).map((f) => `${f.code}|${f.message}`));
  hops.forEach((hop, hopIndex) => {
    const f = (code: string, message: string, severity: Finding['severity'] = 'error', subject?: string): void => {
      out.push({ code, severity, message, subject, hopIndex });
    };
    const before = s;
    if (hop.component === 'kubernetes') {
      const p = parseKubeVersion(hop.to);
      if (!p.ok) return f('version.invalid', p.error);
      if (!hasKubernetes(s)) return f('cluster.no-kubernetes', `no Kubernetes version of the cluster is known, so a Kubernetes hop cannot be checked: give the current version`);
      const to = p.value;
      if (catalog && !catalog.kubernetes.some((k) => compareKube(k, to) === 0)) {
        const near = nearest(catalog.kubernetes, to, compareKube, (k) => minorKey(k) === minorKey(to), (k) => k.raw);
        f('version.unknown', `Kubernetes ${hop.to} is not a known release${near.length ? `; nearest: ${near.join(', ')}` : ''}`);
      }
      const phases: ('servers' | 'agents')[] = hop.phase === 'servers' || hop.phase === 'agents' ? [hop.phase] : ['servers', 'agents'];
      let moved = 0;
      for (const phase of phases) {
        const role = phase === 'servers' ? 'server' : 'agent';
        const ofPhase = new Set([...s.kubelets.filter((k) => k.role === role).map((k) => k.name), ...(phase === 'servers' ? s.apiServers.map((a) => a.name) : [])]);
        const names = hop.nodes ? hop.nodes.filter((n) => ofPhase.has(n)) : defaultMovers(s, phase, to);
        if (phase === 'agents' && names.length > 0 && compareKube(to, lowestApiServer(s)) > 0) {
          f('order.agents-before-servers', `agents would move to ${to.raw} before every server has: upgrade the servers first (K3s docs, upgrades/automated.md)`);
        }
        const nameSet = new Set(names);
        const all = [...s.kubelets, ...(phase === 'servers' ? s.apiServers : [])].filter((n) => nameSet.has(n.name));
        const byMinor = new Map<string, { name: string; version: typeof to }>();
        for (const n of all) if (!byMinor.has(n.version.raw)) byMinor.set(n.version.raw, n);
        for (const n of byMinor.values()) {
          if (compareKube(n.version, to) > 0) {
            f('version.downgrade', `${to.raw} is older than ${n.version.raw} on ${n.name}: downgrades are not supported; K3s rolls back only by restoring a snapshot`, 'error', n.name);
            continue;
          }
          const v = kubernetesStep(n.version, to, n.name);
          if (!v.ok) f(v.code, v.reason, 'error', n.name);
          else if (catalog && to.minor > n.version.minor) {
            const latest = catalog.latestKube.get(minorKey(n.version));
            if (latest && compareKube(n.version, latest) < 0) f('patch.not-latest-first', `${n.name} on ${n.version.raw} should reach the latest v${minorKey(n.version)} patch, ${latest.raw}, before leaving v${minorKey(n.version)}`, 'warning', n.name);
          }
        }
        const older = new Set(all.filter((x) => compareKube(x.version, to) < 0).map((x) => x.name));
        const up = names.filter((n) => older.has(n));
        moved += up.length;
        s = moveNodes(s, new Set(up), to, phase === 'servers');
      }
      const newer = moved === 0 && !hop.nodes ? [...before.apiServers, ...before.kubelets].find((n) => compareKube(n.version, to) > 0) : undefined;
      if (newer) f('version.downgrade', `${to.raw} is older than ${newer.version.raw} on ${newer.name}: downgrades are not supported; K3s rolls back only by restoring a snapshot`, 'error', newer.name);
      else if (moved === 0) f('hop.no-op', `no node is older than ${hop.to}; this hop changes nothing`, 'warning');
      const lowest = [...before.kubelets, ...before.apiServers].reduce<typeof to | undefined>((lo, n) => (lo === undefined || compareKube(n.version, lo) < 0 ? n.version : lo), undefined);
      if (hop.from && lowest && hop.from !== lowest.raw && !before.kubelets.some((k) => k.version.raw === hop.from)) {
        f('hop.from-mismatch', `no node runs ${hop.from} at this point (oldest: ${lowest.raw})`, 'warning');
      }
    } else if (hop.component === 'rook') {
      const p = parseRookVersion(hop.to);
      if (!p.ok) return f('version.invalid', p.error);
      if (!s.rook) return f('rook.not-installed', 'no Rook operator runs in the cluster');
      if (catalog && !catalog.rook.some((r) => compareRook(r, p.value) === 0)) f('version.unknown', `Rook ${hop.to} is not a known release`);
      const v = rookStep(s.rook, p.value);
      if (!v.ok) f(v.code, v.reason, 'error', 'rook');
      if (compareRook(p.value, s.rook) === 0) f('hop.no-op', `Rook already runs ${hop.to}`, 'warning');
      s = setRook(s, p.value);
    } else {
      const p = parseCephVersion(hop.to);
      if (!p.ok) return f('version.invalid', p.error);
      if (!s.ceph) return f('ceph.not-installed', 'no Ceph version is known for the cluster');
      if (catalog && !catalog.ceph.some((c) => compareCeph(c, p.value) === 0)) f('version.unknown', `Ceph ${hop.to} is not a known release`);
      const v = cephStep(s.ceph, p.value);
      if (!v.ok) f(v.code, v.reason, 'error', 'ceph');
      if (compareCeph(p.value, s.ceph) === 0) f('hop.no-op', `Ceph already runs ${formatCeph(p.value)}`, 'warning');
      s = setCeph(s, p.value);
    }
    const risk = options.risks && riskFor({ component: hop.component, from: hop.from ?? fromOf(before, hop), to: hop.to }, options.risks);
    if (risk && !accepted.has(risk.name)) {
      f('risk.not-accepted', `${hop.component} → ${hop.to} is not recommended (${risk.name}): ${risk.message}; accept the risk by name to keep this hop`, 'error', risk.name);
    }
    for (const finding of checkState(s)) {
      const key = `${finding.code}|${finding.message}`;
      if (known.has(key)) continue; // already broken before the plan started: reported once, by the caller
      known.add(key);
      out.push({ ...finding, hopIndex });
    }
  });
  return { findings: out, end: s };
}

function fromOf(s: ClusterState, hop: HopInput): string | undefined {
  if (hop.component === 'rook') return s.rook?.raw;
  if (hop.component === 'ceph') return s.ceph ? formatCeph(s.ceph) : undefined;
  const nodes = hop.phase === 'agents' ? s.kubelets.filter((k) => k.role === 'agent') : [...s.apiServers, ...s.kubelets];
  let lo = nodes[0]?.version;
  for (const n of nodes) if (compareKube(n.version, lo) < 0) lo = n.version;
  return lo?.raw;
}
