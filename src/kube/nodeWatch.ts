import type { Logger } from '../common/logger';
import { sleep } from '../common/sleep';
import type { ApiNode, WatchEvent } from '../core/cluster/apiObjects';
import { describeApiError } from '../core/cluster/errors';
import type { NodeSummary } from '../core/cluster/snapshot';
import { summarizeNode } from '../core/cluster/summaries';
import type { KubeClient } from './client';

const NODES = { group: '', version: 'v1', resource: 'nodes' } as const;

/** How often a watch may restart, and how long to wait after failures (doubling up to `maxBackoffMs`). */
export interface WatchPacing {
  readonly minRunMs: number;
  readonly firstBackoffMs: number;
  readonly maxBackoffMs: number;
}

export const DEFAULT_PACING: WatchPacing = { minRunMs: 1000, firstBackoffMs: 2000, maxBackoffMs: 30_000 };

export interface NodeWatch {
  readonly context: string;
  readonly client: KubeClient;
  /** Where the list the snapshot was read from ended: the watch starts there. */
  readonly resourceVersion: string | undefined;
  /** For each node's kubelet skew against the API server. */
  readonly apiServerVersion: string;
  /** The nodes as listed, kept up to date in place by the watch, by name. */
  readonly nodes: Map<string, NodeSummary>;
  /** Ends the watch. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** After each change to `nodes`; a burst of events calls it once per event (the caller debounces). */
  readonly onChange: () => void;
  /** The resourceVersion is too old (410 Gone): the watch has ended and the caller relists. */
  readonly onExpired: () => void;
  readonly pacing?: WatchPacing;
}

/**
 * Watches a cluster's nodes until `signal` aborts. The server ends each watch after its timeout: the
 * next one resumes from the last resourceVersion seen, never in a tight loop; failures back off.
 */
export async function watchNodes(w: NodeWatch): Promise<void> {
  const pacing = w.pacing ?? DEFAULT_PACING;
  let rv = w.resourceVersion;
  let failures = 0;
  while (!w.signal.aborted) {
    const started = Date.now();
    const r = await w.client.watch<ApiNode>(NODES, rv, (e) => {
      if (applyNodeEvent(w.nodes, w.apiServerVersion, e)) w.onChange();
    }, w.signal);
    if (r.ok) {
      rv = r.value;
      failures = 0;
      const ran = Date.now() - started;
      if (ran < pacing.minRunMs) await sleep(pacing.minRunMs - ran, w.signal);
      continue;
    }
    if (r.error.kind === 'aborted' || w.signal.aborted) return;
    if (r.error.kind === 'failed' && r.error.status === 410) {
      w.onExpired();
      return;
    }
    failures++;
    w.log.debug(`${w.context}: node watch ended (${describeApiError(r.error)}); retrying`);
    await sleep(Math.min(pacing.maxBackoffMs, pacing.firstBackoffMs * 2 ** (failures - 1)), w.signal);
  }
}

/** Applies one watch event to the nodes by name; false when the event names no node. */
export function applyNodeEvent(nodes: Map<string, NodeSummary>, apiServerVersion: string, e: WatchEvent<ApiNode>): boolean {
  const name = e.object.metadata?.name;
  if (!name) return false;
  if (e.type === 'DELETED') nodes.delete(name);
  else nodes.set(name, summarizeNode(e.object, apiServerVersion));
  return true;
}
