import type { ApiError } from './errors';
import type { DistributionInfo } from './distribution';
import type { SkewVerdict } from './skew';

/** A part of a snapshot that was read on its own and may have failed on its own. */
export type Section<T> =
  | { readonly state: 'ok'; readonly value: T }
  /** The resource kind is not served (CRD not installed) or the component is not deployed. */
  | { readonly state: 'absent'; readonly reason: string }
  /** It may exist, but could not be read (403, 5xx, …). */
  | { readonly state: 'error'; readonly error: ApiError };

/** A `node-role.kubernetes.io/<role>` suffix: control-plane, etcd, master, or any other. */
export type NodeRole = string;

export interface NodeCondition {
  readonly type: string;
  readonly status: string;
  readonly reason?: string;
}

export interface NodeSummary {
  readonly name: string;
  /** Roles from `node-role.kubernetes.io/*` labels; empty for a plain agent/worker. */
  readonly roles: readonly NodeRole[];
  /** Control-plane/server node (runs an API server in K3s/RKE2/kubeadm). */
  readonly isServer: boolean;
  readonly kubeletVersion: string;
  readonly ready: boolean;
  /** Conditions other than Ready that are True: MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable. */
  readonly pressures: readonly string[];
  readonly unschedulable: boolean;
  readonly skew: SkewVerdict;
  readonly osImage?: string;
  readonly containerRuntime?: string;
  readonly internalIP?: string;
}

export interface WorkloadSummary {
  readonly namespace: string;
  readonly name: string;
  readonly image: string | undefined;
  /** The version read from the image tag, `v0.14.0`. */
  readonly version: string | undefined;
  readonly readyReplicas: number;
  readonly replicas: number;
}

export interface CephClusterSummary {
  readonly namespace: string;
  readonly name: string;
  /** `18.2.4` from status.version.version, else the image tag. */
  readonly cephVersion: string | undefined;
  readonly image: string | undefined;
  /** HEALTH_OK / HEALTH_WARN / HEALTH_ERR, or undefined before the operator reported. */
  readonly health: string | undefined;
  readonly phase: string | undefined;
  readonly monCount: number | undefined;
  readonly message: string | undefined;
}

export interface EtcdSnapshotSummary {
  readonly name: string;
  readonly node: string | undefined;
  readonly createdAt: string | undefined;
  readonly sizeBytes: number | undefined;
  readonly location: string | undefined;
  readonly readyToUse: boolean | undefined;
}

export interface Components {
  readonly systemUpgradeController: Section<WorkloadSummary>;
  readonly rookOperator: Section<WorkloadSummary>;
  readonly cephClusters: Section<readonly CephClusterSummary[]>;
  readonly velero: Section<WorkloadSummary>;
}

/** One cluster as read at one moment: what the explorer, the status bar and the planner build on. */
export interface ClusterSnapshot {
  readonly context: string;
  readonly server: string | undefined;
  readonly takenAt: string;
  /**
   * The API server version the explorer reasons with, `v1.30.4+k3s1`: `/version`'s gitVersion, or
   * for K3s/RKE2 behind an endpoint that answers without the distribution suffix, the oldest server
   * node's version (those distributions embed the API server in the server binary).
   */
  readonly apiServerVersion: string;
  /** What `/version` answered. */
  readonly reportedApiServerVersion: string;
  readonly apiServerVersionSource: 'version-endpoint' | 'server-nodes';
  /**
   * The nodes are simulated (kwok's `kwok.x-k8s.io/node` annotation): then `/version` is answered by
   * a real kube-apiserver that need not be the version the simulated nodes report. The evidence, when so.
   */
  readonly simulatedNodes?: string;
  readonly distribution: DistributionInfo;
  readonly kubeSystemUID: Section<string>;
  readonly nodes: Section<readonly NodeSummary[]>;
  /** resourceVersion of the node list, to start a watch from. */
  readonly nodesResourceVersion: string | undefined;
  readonly components: Components;
  readonly etcdSnapshots: Section<readonly EtcdSnapshotSummary[]>;
}

/** Reading a cluster as a whole either gives a snapshot or fails before any section (unreachable, 401). */
export type SnapshotResult = { readonly ok: true; readonly value: ClusterSnapshot } | { readonly ok: false; readonly error: ApiError };
