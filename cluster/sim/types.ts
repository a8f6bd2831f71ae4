// The few object shapes the simulator reads (only the fields it uses).
import type { KObject, LabelSelector } from './kube';

export interface Node extends KObject {
  spec?: { unschedulable?: boolean; taints?: { key: string; effect: string; value?: string }[] };
  status?: { nodeInfo?: { kubeletVersion?: string; kubeProxyVersion?: string }; conditions?: Condition[] };
}

export interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface Plan extends KObject {
  spec: {
    concurrency?: number;
    nodeSelector?: LabelSelector;
    version?: string;
    channel?: string;
    cordon?: boolean;
    drain?: DrainSpec;
    prepare?: { image?: string; args?: string[]; command?: string[] };
    upgrade: { image?: string; args?: string[]; command?: string[] };
    jobActiveDeadlineSecs?: number;
    serviceAccountName?: string;
    tolerations?: Record<string, unknown>[];
    window?: PlanWindow;
  };
  status?: { applying?: string[]; conditions?: Condition[]; latestHash?: string; latestVersion?: string };
}

/** The Plan's `spec.window` (kured's time window): weekday names or numbers, HH:MM times, an IANA zone (UTC when empty). */
export interface PlanWindow {
  days?: string[];
  startTime?: string;
  endTime?: string;
  timeZone?: string;
}

/** The Plan's `spec.drain`, as the CRD has it. */
export interface DrainSpec {
  /** Nanoseconds (integer) or a Go duration string ("30s", "5m"); absent or 0: no timeout. */
  timeout?: number | string;
  gracePeriod?: number;
  deleteLocalData?: boolean;
  deleteEmptydirData?: boolean;
  ignoreDaemonSets?: boolean;
  force?: boolean;
  disableEviction?: boolean;
  skipWaitForDeleteTimeout?: number;
  podSelector?: LabelSelector;
}

export interface Container {
  name: string;
  image?: string;
  command?: string[];
  args?: string[];
}

export interface Deployment extends KObject {
  spec: { replicas?: number; template: { metadata?: { labels?: Record<string, string> }; spec: { containers: Container[] } } };
}

export interface Job extends KObject {
  spec: { template: { spec: { containers: Container[]; nodeName?: string; nodeSelector?: Record<string, string> } } };
  status?: { conditions?: Condition[]; succeeded?: number; failed?: number };
}

export interface Pod extends KObject {
  spec: { nodeName?: string; containers: Container[]; volumes?: { name: string; emptyDir?: object }[] };
  status?: { phase?: string };
}

export interface CephCluster extends KObject {
  spec: { cephVersion?: { image?: string } };
  status?: {
    phase?: string;
    state?: string;
    message?: string;
    version?: { image?: string; version?: string };
    conditions?: (Condition & { lastHeartbeatTime?: string })[];
    ceph?: {
      health?: string;
      previousHealth?: string;
      lastChanged?: string;
      lastChecked?: string;
      details?: Record<string, { message: string; severity: string }>;
      versions?: Record<string, Record<string, number>>;
      [k: string]: unknown;
    };
    [k: string]: unknown;
  };
}

export interface VeleroBackup extends KObject {
  spec: { includedNamespaces?: string[]; storageLocation?: string; ttl?: string };
  status?: {
    phase?: string;
    version?: number;
    formatVersion?: string;
    startTimestamp?: string;
    completionTimestamp?: string;
    expiration?: string;
    errors?: number;
    warnings?: number;
    failureReason?: string;
    validationErrors?: string[];
    progress?: { itemsBackedUp?: number; totalItems?: number };
  };
}

export interface ConfigMap extends KObject {
  data?: Record<string, string>;
}

export interface Faults {
  stepDelayMs: number;
  stuckNodes: Set<string>;
  /** Nodes whose upgrade Job pod fails (after prepare, cordon and drain): the Job fails, the node keeps its version. */
  failUpgradeJobs: Set<string>;
  cephStuckWarn: boolean;
  failSnapshotJobs: boolean;
  /** How every new Velero Backup ends: Completed (default), PartiallyFailed or Failed. */
  veleroBackupOutcome: 'Completed' | 'PartiallyFailed' | 'Failed';
  /** Node name → the pressure conditions (MemoryPressure, DiskPressure, PIDPressure) held True on it. */
  nodePressure: Map<string, Set<string>>;
}
