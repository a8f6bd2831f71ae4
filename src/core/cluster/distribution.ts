import { type KubeVersion, parseKubeVersion } from '../versions';

export type DistributionName = 'K3s' | 'RKE2' | 'kubeadm' | 'EKS' | 'GKE' | 'AKS' | 'Kubernetes';

export interface DistributionInfo {
  readonly name: DistributionName;
  /** What gave it away, for the tooltip: `version suffix +k3s1`, `node label kubernetes.azure.com/cluster`. */
  readonly evidence: string;
}

/** What distribution detection needs from a node. */
export interface NodeMarks {
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  readonly providerID?: string;
}

const LABEL_HINTS: readonly { prefix: string; name: DistributionName }[] = [
  { prefix: 'kubernetes.azure.com/', name: 'AKS' },
  { prefix: 'eks.amazonaws.com/', name: 'EKS' },
  { prefix: 'cloud.google.com/gke-', name: 'GKE' },
];

/**
 * The distribution, from the API server's version suffix first (`+k3s1`, `+rke2r1`, `-eks-…`,
 * `-gke.…`), then node labels and annotations (AKS has no suffix; kubeadm annotates nodes with its
 * CRI socket). Plain upstream otherwise.
 */
export function detectDistribution(apiServerVersion: string, nodes: readonly NodeMarks[]): DistributionInfo {
  const parsed = parseKubeVersion(apiServerVersion);
  if (parsed.ok) {
    const byVersion = fromVersion(parsed.value);
    if (byVersion) return byVersion;
  }
  for (const node of nodes) {
    for (const key of Object.keys(node.labels)) {
      const hint = LABEL_HINTS.find((h) => key.startsWith(h.prefix));
      if (hint) return { name: hint.name, evidence: `node label ${key}` };
    }
    if (node.providerID?.startsWith('azure://')) return { name: 'AKS', evidence: 'node providerID azure://' };
    if (node.providerID?.startsWith('aws://') && node.labels['eks.amazonaws.com/nodegroup'] !== undefined) {
      return { name: 'EKS', evidence: 'node providerID aws://' };
    }
    if (node.providerID?.startsWith('k3s://')) return { name: 'K3s', evidence: 'node providerID k3s://' };
    if (Object.keys(node.annotations).some((a) => a.startsWith('k3s.io/'))) return { name: 'K3s', evidence: 'node annotation k3s.io/*' };
    if (Object.keys(node.annotations).some((a) => a.startsWith('rke2.io/'))) return { name: 'RKE2', evidence: 'node annotation rke2.io/*' };
    if (node.annotations['kubeadm.alpha.kubernetes.io/cri-socket'] !== undefined) {
      return { name: 'kubeadm', evidence: 'node annotation kubeadm.alpha.kubernetes.io/cri-socket' };
    }
  }
  return { name: 'Kubernetes', evidence: parsed.ok ? 'upstream version, no distribution marks' : `unrecognised version ${apiServerVersion}` };
}

function fromVersion(v: KubeVersion): DistributionInfo | undefined {
  switch (v.distribution) {
    case 'k3s':
      return { name: 'K3s', evidence: `version suffix +k3s${v.revision}` };
    case 'rke2':
      return { name: 'RKE2', evidence: `version suffix +rke2r${v.revision}` };
    case 'eks':
      return { name: 'EKS', evidence: `version suffix -${v.build ?? 'eks'}` };
    case 'gke':
      return { name: 'GKE', evidence: `version suffix -${v.build ?? 'gke'}` };
    case 'aks':
      return { name: 'AKS', evidence: 'version' };
    default:
      return undefined;
  }
}
