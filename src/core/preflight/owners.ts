import type { ApiOwnerReference, ApiPod, ApiReplicaSet, OwnedMeta } from './podObjects';

/**
 * Who runs a pod, as `kubectl drain` and the disruption controller see it: the pod's controller
 * (`ownerReferences[].controller`), and for a ReplicaSet the ReplicaSet's own controller (its
 * Deployment). StatefulSets, DaemonSets, Jobs and other controllers are named directly.
 */

export interface WorkloadRef {
  readonly kind: string;
  readonly name: string;
}

/** The controlling owner reference, if any (at most one per object). */
export function controllerOf(meta: OwnedMeta | undefined): ApiOwnerReference | undefined {
  return meta?.ownerReferences?.find((o) => o.controller === true && typeof o.kind === 'string' && typeof o.name === 'string');
}

/** ReplicaSets by `namespace/name`, to follow a pod's ReplicaSet to its Deployment. */
export type ReplicaSetIndex = ReadonlyMap<string, ApiReplicaSet>;

export function replicaSetIndex(replicaSets: readonly ApiReplicaSet[]): ReplicaSetIndex {
  const out = new Map<string, ApiReplicaSet>();
  for (const rs of replicaSets) {
    const { namespace, name } = rs.metadata ?? {};
    if (namespace && name) out.set(`${namespace}/${name}`, rs);
  }
  return out;
}

/** Whether following `pod` to its workload needs the ReplicaSets (its controller is one). */
export function needsReplicaSet(pod: ApiPod): boolean {
  return controllerOf(pod.metadata)?.kind === 'ReplicaSet';
}

/**
 * The workload of a pod: its controller, a ReplicaSet followed to its controlling Deployment (when the
 * ReplicaSet is in `replicaSets` and has one; a bare ReplicaSet is the workload itself). undefined for
 * a pod without a controller (a bare pod: drain refuses it without --force).
 * A ReplicaSet's owner is matched by uid as well as name when both carry one, so a pod of a
 * recreated ReplicaSet is not credited to an unrelated one of the same name.
 */
export function workloadOf(pod: ApiPod, replicaSets: ReplicaSetIndex | undefined): WorkloadRef | undefined {
  const owner = controllerOf(pod.metadata);
  if (!owner) return undefined;
  const direct = { kind: owner.kind as string, name: owner.name as string };
  if (owner.kind !== 'ReplicaSet' || !replicaSets) return direct;
  const rs = replicaSets.get(`${pod.metadata?.namespace ?? ''}/${owner.name as string}`);
  if (!rs || (owner.uid && rs.metadata?.uid && owner.uid !== rs.metadata.uid)) return direct;
  const up = controllerOf(rs.metadata);
  return up ? { kind: up.kind as string, name: up.name as string } : direct;
}
