import { type ClusterSnapshot, type NodeSummary } from '../cluster';
import { type ClusterVersions, checkCluster } from '../paths';
import { parseKubeVersion } from '../versions';
import { type CheckHead, sectionValue } from './common';
import { type CheckResult, objectRef } from './result';

const HEAD: CheckHead = { id: 'kubernetes.skew', title: 'Kubernetes version skew of the cluster as it runs' };

/**
 * The cluster's current Kubernetes versions as the path engine takes them: for K3s and RKE2 every
 * server node runs an API server of its own version; elsewhere the one `/version` answered.
 */
export function clusterVersionsOf(s: Pick<ClusterSnapshot, 'apiServerVersion' | 'distribution'>, nodes: readonly NodeSummary[]): ClusterVersions {
  const api = parseKubeVersion(s.apiServerVersion);
  const embedded = s.distribution.name === 'K3s' || s.distribution.name === 'RKE2';
  const servers = nodes.filter((n) => n.isServer);
  return {
    apiServers: embedded && servers.length ? servers.map((n) => ({ name: n.name, version: n.kubeletVersion })) : [{ name: 'the API server', version: s.apiServerVersion }],
    kubelets: nodes.map((n) => ({ name: n.name, role: n.isServer ? 'server' : 'agent', version: n.kubeletVersion })),
    distribution: api.ok ? api.value.distribution : 'kubernetes',
  };
}

/** Kubelets against the API servers and HA API servers within one minor, by the path engine's own rules (`checkCluster`). */
export function checkKubernetesSkew(s: Pick<ClusterSnapshot, 'apiServerVersion' | 'distribution' | 'nodes'>): CheckResult {
  const read = sectionValue(HEAD, s.nodes, 'the nodes');
  if ('result' in read) return read.result;
  const versions = clusterVersionsOf(s, read.value);
  const findings = checkCluster(versions).filter((f) => f.severity === 'error');
  const evidence = { apiServers: versions.apiServers.map((a) => `${a.name}=${a.version}`) };
  if (findings.some((f) => f.code === 'version.invalid')) {
    const f = findings.find((x) => x.code === 'version.invalid')!;
    return { ...HEAD, status: 'not-checked', reason: `a version cannot be read: ${f.message}`, objects: [], evidence };
  }
  if (findings.length === 0) {
    return { ...HEAD, status: 'pass', reason: `every kubelet is within the skew policy of ${versions.apiServers.length === 1 ? 'the API server' : 'the API servers'}`, objects: [], evidence };
  }
  const nodeNames = new Set(read.value.map((n) => n.name));
  return {
    ...HEAD,
    status: 'fail',
    reason: findings.map((f) => f.message).join('; '),
    objects: findings.flatMap((f) => (f.subject && nodeNames.has(f.subject) ? [objectRef('Node', f.subject)] : [])),
    fixHint: 'Bring the lagging nodes within the skew policy first (the plan\'s first hops must do this); the path engine refuses to move past a broken state.',
    evidence: { ...evidence, codes: findings.map((f) => f.code) },
  };
}
