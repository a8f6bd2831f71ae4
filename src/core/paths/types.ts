import type { Distribution } from '../versions';

/** The versions a cluster runs now, as discovery reports them (raw strings, parsed by the engine). */
export interface ClusterVersions {
  /** One entry per kube-apiserver (for K3s: per server node). */
  readonly apiServers: readonly { readonly name: string; readonly version: string }[];
  /** Every node's kubelet; K3s servers appear here too, with role `server`. */
  readonly kubelets: readonly { readonly name: string; readonly role: 'server' | 'agent'; readonly version: string }[];
  readonly distribution: Distribution;
  readonly rook?: { readonly operator: string };
  readonly ceph?: { readonly version: string };
}

/** What the user wants to reach; omitted components stay put unless another component forces them to move. */
export interface Target {
  readonly kubernetes?: string;
  readonly rook?: string;
  readonly ceph?: string;
}

/** Every release that may be used as a hop (e.g. all K3s tags, all Rook tags, all Ceph image tags). */
export interface AvailableVersions {
  readonly kubernetes: readonly string[];
  readonly rook: readonly string[];
  readonly ceph: readonly string[];
}

export type Component = 'kubernetes' | 'rook' | 'ceph';
export type Phase = 'servers' | 'agents' | 'operator' | 'cluster';

/** A risky edge whose rules were already evaluated (see core/risks); the engine only matches edges. */
export interface RiskEdge {
  readonly name: string;
  readonly component: Component;
  /** Regular expression matched against the hop's `from` version. */
  readonly from: string;
  /** Exact version the hop lands on. */
  readonly to: string;
  readonly message: string;
  readonly url?: string;
  readonly fixedIn?: string;
  /** Why it applies (rule that matched, or "could not be evaluated"). */
  readonly because?: string;
}

/** One upgrade step. */
export interface Hop {
  /** Stable within one result: `kubernetes-servers@v1.30.14+k3s1`. */
  readonly id: string;
  readonly component: Component;
  /**
   * `servers`/`agents` for Kubernetes (absent in a user-written hop: servers then agents), `operator`
   * for Rook, `cluster` for Ceph (the CephCluster image).
   */
  readonly phase?: Phase;
  readonly from: string;
  readonly to: string;
  /** Nodes that move (Kubernetes only). Absent in a user-written hop: every node of the phase older than `to`. */
  readonly nodes?: readonly string[];
  readonly reason: string;
  readonly notRecommended?: { readonly riskName: string; readonly message: string; readonly url?: string };
}

export type Severity = 'error' | 'warning' | 'info';

export interface Finding {
  /** Stable identifier, e.g. `skew.kubelet-too-old`, `minor.skipped`, `version.unknown`. */
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  /** What it is about: a node name, `rook`, `ceph`, `target.kubernetes`. */
  readonly subject?: string;
  /** Index of the offending hop (validateHops, and risk warnings of computePath). */
  readonly hopIndex?: number;
}

export type PathResult =
  | { readonly ok: true; readonly hops: readonly Hop[]; readonly warnings: readonly Finding[] }
  | { readonly ok: false; readonly reasons: readonly Finding[] };

export interface PathOptions {
  readonly risks?: readonly RiskEdge[];
}
