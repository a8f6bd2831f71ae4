import type { ObjectMeta } from '../cluster';
import type { LabelSelector } from '../cluster/labelSelector';

/**
 * The few fields of pods, ReplicaSets and PodDisruptionBudgets that preflight reads, as plain JSON
 * shapes (like core/cluster/apiObjects). Everything optional: a missing field degrades to "unknown".
 */

export interface ApiOwnerReference {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly controller?: boolean;
}

export interface OwnedMeta extends ObjectMeta {
  ownerReferences?: ApiOwnerReference[];
}

export interface ApiPod {
  metadata?: OwnedMeta;
  spec?: { nodeName?: string };
  status?: { phase?: string };
}

export interface ApiReplicaSet {
  metadata?: OwnedMeta;
}

export interface ApiPodDisruptionBudget {
  metadata?: ObjectMeta;
  spec?: { selector?: LabelSelector | null; minAvailable?: number | string; maxUnavailable?: number | string };
  status?: { disruptionsAllowed?: number; currentHealthy?: number; desiredHealthy?: number; expectedPods?: number };
}
