import type { Event } from '../common/events';
import type { SnapshotResult } from '../core/cluster/snapshot';

/** What a retry needs from the cluster model (src/kube/clustersModel.ts). */
export interface RetryableClusters {
  refreshCluster(context: string): void;
  readonly onDidChangeCluster: Event<string>;
  snapshot(context: string): Promise<SnapshotResult>;
}

/** The model drops a cluster after a short debounce; past this, the retry reads whatever is there. */
const DROP_WAIT_MS = 2_000;

/**
 * Retry: asks the model to drop the cluster, waits until it has (the model debounces a burst of
 * retries into one read), then reads it again and resolves with the result, so that the caller can
 * show progress for exactly as long as the read takes.
 */
export async function retryRead(clusters: RetryableClusters, context: string, dropWaitMs = DROP_WAIT_MS): Promise<SnapshotResult> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(done, dropWaitMs);
    const sub = clusters.onDidChangeCluster((c) => {
      if (c === context) done();
    });
    function done(): void {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    }
    clusters.refreshCluster(context);
  });
  return clusters.snapshot(context);
}
