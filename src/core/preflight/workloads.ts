import type { WorkloadSummary } from '../cluster';

/** A Deployment is ready when it wants replicas and has them all. */
export function deploymentReady(w: WorkloadSummary): boolean {
  return w.replicas > 0 && w.readyReplicas >= w.replicas;
}

export function replicaText(w: WorkloadSummary): string {
  return `${w.readyReplicas}/${w.replicas} replicas ready`;
}
