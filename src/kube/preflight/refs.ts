import type { ResourceRef } from '../client';

/** The collections preflight reads besides discovery's (kube/discovery.ts holds nodes, deployments, CephClusters). */
export const PDBS: ResourceRef = { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets' };
export const PODS: ResourceRef = { group: '', version: 'v1', resource: 'pods' };
export const REPLICA_SETS: ResourceRef = { group: 'apps', version: 'v1', resource: 'replicasets' };
export const SERVICE_ACCOUNTS: ResourceRef = { group: '', version: 'v1', resource: 'serviceaccounts' };

/** Pods that hold a budget or block a drain: the API server leaves out the finished ones. */
export const UNFINISHED_PODS = 'status.phase!=Succeeded,status.phase!=Failed';

/**
 * A name read from the cluster, safe to put into a path or a field selector: a DNS-1123 subdomain
 * (`a-z0-9`, `-`, `.`, at most 253), never `..` or anything with `/`, `,` or `=`.
 */
export function isObjectName(s: string | undefined): s is string {
  return typeof s === 'string' && s.length <= 253 && /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/.test(s);
}

/** A namespace name: a DNS-1123 label. */
export function isNamespaceName(s: string | undefined): s is string {
  return typeof s === 'string' && /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(s);
}
