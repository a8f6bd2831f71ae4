import { type Result, ok } from '../common/result';
import type { HelmCodec } from '../core/apis';
import type { ApiError } from '../core/cluster/errors';
import type { KubeClient } from './client';
import { type MetricRead, type TextGet, readDeprecatedApiMetric } from './deprecatedApiMetric';
import { nodeHelmCodec } from './helmCodec';
import { type CrdVersionsRead, type HelmReleasesRead, type LiveObjectsRead, readCrdVersions, readHelmReleases, readLiveObjects } from './removedApiSources';

/** Everything the cluster records about removed and deprecated APIs, before judging it against a target. */
export interface RemovedApiScan {
  readonly objects: LiveObjectsRead;
  readonly helm: HelmReleasesRead;
  /** undefined when the connection cannot GET non-resource paths. */
  readonly metric: MetricRead | undefined;
  /** CRD versions their owners deprecated or stopped serving; undefined in scans made before it was read. */
  readonly crds?: CrdVersionsRead;
  readonly ms: number;
}

export interface RemovedApiConnection {
  readonly client: KubeClient;
  /** GET of /metrics (Transport.get); optional. */
  readonly getText?: TextGet;
}

/** Live objects, Helm releases, CRD versions and the metric, in parallel; a cancelled read is `aborted`, anything else a problem. */
export async function readRemovedApiSources(conn: RemovedApiConnection, signal?: AbortSignal, codec: HelmCodec = nodeHelmCodec): Promise<Result<RemovedApiScan, ApiError>> {
  const started = Date.now();
  const [objects, helm, crds, metric] = await Promise.all([
    readLiveObjects(conn.client, signal),
    readHelmReleases(conn.client, codec, signal),
    readCrdVersions(conn.client, signal),
    conn.getText ? readDeprecatedApiMetric(conn.getText, signal) : Promise.resolve(undefined),
  ]);
  if (!objects.ok) return objects;
  if (!helm.ok) return helm;
  if (!crds.ok) return crds;
  if (metric && !metric.ok && metric.error.kind === 'aborted') return metric;
  const metricRead: MetricRead | undefined = metric === undefined ? undefined : metric.ok ? metric.value : { state: 'not-readable', reason: metric.error.message };
  return ok({ objects: objects.value, helm: helm.value, metric: metricRead, crds: crds.value, ms: Date.now() - started });
}
