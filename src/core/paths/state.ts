import { type KubeVersion, compareKube, parseKubeVersion } from '../versions/kube';
import { type RookVersion, parseRookVersion } from '../versions/rook';
import { type CephVersion, parseCephVersion } from '../versions/ceph';
import { haApiServerSkew, kubeletSkew, rookSupportsCeph, rookSupportsKubernetes } from '../compat';
import type { ClusterVersions, Finding } from './types';

/** A cluster's versions, parsed: the simulation state the engine and the validator step through. */
export interface ClusterState {
  readonly apiServers: readonly { readonly name: string; readonly version: KubeVersion }[];
  readonly kubelets: readonly { readonly name: string; readonly role: 'server' | 'agent'; readonly version: KubeVersion }[];
  readonly rook: RookVersion | undefined;
  readonly ceph: CephVersion | undefined;
}

const error = (code: string, message: string, subject?: string): Finding => ({ code, severity: 'error', message, subject });

/** Parses every version of the cluster; unparseable versions are errors naming the node. */
export function parseCluster(c: ClusterVersions): { state: ClusterState | undefined; findings: Finding[] } {
  const findings: Finding[] = [];
  const kv = (name: string, v: string): KubeVersion | undefined => {
    const r = parseKubeVersion(v);
    if (!r.ok) findings.push(error('version.invalid', `${name}: ${r.error}`, name));
    return r.ok ? r.value : undefined;
  };
  const apiServers = c.apiServers.map((a) => ({ name: a.name, version: kv(a.name, a.version) }));
  const kubelets = c.kubelets.map((k) => ({ name: k.name, role: k.role, version: kv(k.name, k.version) }));
  // A cluster seen only through its storage (a plan that names Rook or Ceph alone) has no Kubernetes
  // versions; kubelets without an API server, though, cannot be judged.
  if (apiServers.length === 0 && kubelets.length > 0) findings.push(error('cluster.no-apiserver', 'the cluster reports kubelets but no API server version', 'cluster'));
  let rook: RookVersion | undefined;
  if (c.rook) {
    const r = parseRookVersion(c.rook.operator);
    if (r.ok) rook = r.value;
    else findings.push(error('version.invalid', `Rook operator: ${r.error}`, 'rook'));
  }
  let ceph: CephVersion | undefined;
  if (c.ceph) {
    const r = parseCephVersion(c.ceph.version);
    if (r.ok && r.value.minor !== undefined) ceph = r.value;
    else findings.push(error('version.invalid', `Ceph: ${r.ok ? `"${c.ceph.version}" is a floating tag; the running version is needed` : r.error}`, 'ceph'));
  }
  if (findings.length > 0) return { state: undefined, findings };
  return {
    state: {
      apiServers: apiServers.map((a) => ({ name: a.name, version: a.version! })),
      kubelets: kubelets.map((k) => ({ name: k.name, role: k.role, version: k.version! })),
      rook,
      ceph,
    },
    findings,
  };
}

/** Whether any Kubernetes version of the cluster is known (a storage-only view has none). */
export function hasKubernetes(s: ClusterState): boolean {
  return s.apiServers.length > 0;
}

/** Callers check {@link hasKubernetes} first. */
export function lowestApiServer(s: ClusterState): KubeVersion {
  return s.apiServers.reduce((lo, a) => (compareKube(a.version, lo) < 0 ? a.version : lo), s.apiServers[0].version);
}

export function highestApiServer(s: ClusterState): KubeVersion {
  return s.apiServers.reduce((hi, a) => (compareKube(a.version, hi) > 0 ? a.version : hi), s.apiServers[0].version);
}

/**
 * Every rule a cluster must satisfy between two hops: HA API servers within one minor, every kubelet
 * within skew, the API servers inside the Rook window, the running Ceph supported by the Rook operator.
 * Distinct minors are checked once, so a 1,000-node cluster costs a handful of predicate calls.
 */
export function checkState(s: ClusterState): Finding[] {
  const out: Finding[] = [];
  const apis = s.apiServers.map((a) => a.version);
  const ha = haApiServerSkew(apis);
  if (!ha.ok) out.push(error(ha.code, ha.reason, 'apiservers'));
  const seen = new Map<string, string[]>();
  for (const k of s.kubelets) {
    const key = `${k.version.major}.${k.version.minor}`;
    const names = seen.get(key);
    if (names) names.push(k.name);
    else seen.set(key, [k.name]);
  }
  for (const [key, names] of seen) {
    const [major, minor] = key.split('.').map(Number);
    const v = kubeletSkew(apis, { major, minor });
    if (!v.ok) out.push(error(v.code, `${names.length === 1 ? names[0] : `${names.length} nodes (${names.slice(0, 3).join(', ')}${names.length > 3 ? ', …' : ''})`}: ${v.reason}`, names[0]));
  }
  if (s.rook) {
    const minors = new Set(apis.map((a) => a.minor));
    for (const minor of minors) {
      const v = rookSupportsKubernetes(s.rook, { major: 1, minor });
      if (!v.ok) out.push({ code: v.code, severity: v.code === 'rook.unknown-release' ? 'warning' : 'error', message: v.reason, subject: 'rook' });
      if (v.code === 'rook.unknown-release') break;
    }
    if (s.ceph) {
      const c = rookSupportsCeph(s.rook, s.ceph);
      if (!c.ok && c.code !== 'rook.unknown-release') out.push(error(c.code, c.reason, 'ceph'));
    }
  }
  return out;
}

/** The nodes a Kubernetes hop of this phase moves when it does not name them: every node of the role older than `to`. */
export function defaultMovers(s: ClusterState, phase: 'servers' | 'agents', to: KubeVersion): string[] {
  const role = phase === 'servers' ? 'server' : 'agent';
  const names = s.kubelets.filter((k) => k.role === role && compareKube(k.version, to) < 0).map((k) => k.name);
  if (phase === 'servers') {
    const kubeletNames = new Set(names);
    for (const a of s.apiServers) if (compareKube(a.version, to) < 0 && !kubeletNames.has(a.name)) names.push(a.name);
  }
  return names;
}

/** Moves the named nodes (API servers and kubelets of that name) to `to`. Pure: returns a new state. */
export function moveNodes(s: ClusterState, names: ReadonlySet<string>, to: KubeVersion, movesApiServers: boolean): ClusterState {
  return {
    ...s,
    apiServers: movesApiServers ? s.apiServers.map((a) => (names.has(a.name) && compareKube(a.version, to) < 0 ? { name: a.name, version: to } : a)) : s.apiServers,
    kubelets: s.kubelets.map((k) => (names.has(k.name) ? { name: k.name, role: k.role, version: to } : k)),
  };
}

export function setRook(s: ClusterState, to: RookVersion): ClusterState {
  return { ...s, rook: to };
}

export function setCeph(s: ClusterState, to: CephVersion): ClusterState {
  return { ...s, ceph: to };
}

/** The rules the cluster breaks as it runs now (or why its versions cannot be read). */
export function checkCluster(c: ClusterVersions): Finding[] {
  const p = parseCluster(c);
  return p.state ? checkState(p.state) : p.findings;
}
