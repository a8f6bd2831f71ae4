/**
 * The few fields of API objects the explorer reads, as plain JSON shapes (our own types, so that
 * src/core stays free of @kubernetes/client-node). Everything is optional: servers and CRD
 * versions differ, and a missing field must degrade to "unknown", never throw.
 */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface ListMeta {
  resourceVersion?: string;
  continue?: string;
}

export interface KubeList<T> {
  metadata?: ListMeta;
  items?: T[];
}

export interface ApiNode {
  metadata?: ObjectMeta;
  spec?: { unschedulable?: boolean; providerID?: string };
  status?: {
    conditions?: { type?: string; status?: string; reason?: string }[];
    nodeInfo?: { kubeletVersion?: string; osImage?: string; containerRuntimeVersion?: string };
    addresses?: { type?: string; address?: string }[];
  };
}

export interface ApiDeployment {
  metadata?: ObjectMeta;
  spec?: { replicas?: number; template?: { spec?: { containers?: { name?: string; image?: string }[] } } };
  status?: { readyReplicas?: number; replicas?: number };
}

export interface ApiCephCluster {
  metadata?: ObjectMeta;
  spec?: { cephVersion?: { image?: string }; mon?: { count?: number } };
  status?: {
    phase?: string;
    message?: string;
    version?: { version?: string; image?: string };
    ceph?: { health?: string; details?: Record<string, { message?: string; severity?: string }> };
  };
}

export interface ApiEtcdSnapshotFile {
  metadata?: ObjectMeta;
  spec?: { snapshotName?: string; nodeName?: string; location?: string };
  status?: { creationTime?: string; size?: string | number; readyToUse?: boolean };
}

export interface ApiVersionInfo {
  gitVersion?: string;
}

/** A watch event line from `?watch=true`. */
export interface WatchEvent<T> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';
  object: T;
}
