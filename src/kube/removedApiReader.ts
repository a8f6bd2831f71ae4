import { type Result, err, ok } from '../common/result';
import type { HelmCodec } from '../core/apis';
import type { ApiError } from '../core/cluster/errors';
import type { KubeClient } from './client';
import type { KubeconfigLoad } from './contexts';
import { type MetricRead, type TextGet, readDeprecatedApiMetric } from './deprecatedApiMetric';
import { nodeHelmCodec } from './helmCodec';
import { kubeLayer } from './lazy';
import { type HelmReleasesRead, type LiveObjectsRead, readHelmReleases, readLiveObjects } from './removedApiSources';

/** Everything the cluster records about removed and deprecated APIs, before judging it against a target. */
export interface RemovedApiScan {
  readonly objects: LiveObjectsRead;
  readonly helm: HelmReleasesRead;
  /** undefined when the connection cannot GET non-resource paths. */
  readonly metric: MetricRead | undefined;
  readonly ms: number;
}

export interface RemovedApiConnection {
  readonly client: KubeClient;
  /** GET of /metrics (Transport.get); optional. */
  readonly getText?: TextGet;
}

/** Live objects, Helm releases and the metric, in parallel; a cancelled read is `aborted`, anything else a problem. */
export async function readRemovedApiSources(conn: RemovedApiConnection, signal?: AbortSignal, codec: HelmCodec = nodeHelmCodec): Promise<Result<RemovedApiScan, ApiError>> {
  const started = Date.now();
  const [objects, helm, metric] = await Promise.all([
    readLiveObjects(conn.client, signal),
    readHelmReleases(conn.client, codec, signal),
    conn.getText ? readDeprecatedApiMetric(conn.getText, signal) : Promise.resolve(undefined),
  ]);
  if (!objects.ok) return objects;
  if (!helm.ok) return helm;
  if (metric && !metric.ok && metric.error.kind === 'aborted') return metric;
  const metricRead: MetricRead | undefined = metric === undefined ? undefined : metric.ok ? metric.value : { state: 'not-readable', reason: metric.error.message };
  return ok({ objects: objects.value, helm: helm.value, metric: metricRead, ms: Date.now() - started });
}

/**
 * Reads one context of the extension's kubeconfig with its own short-lived connection (through the lazily
 * loaded Kubernetes layer), closed when done. Only expanding the explorer's "Removed APIs" group starts it.
 */
export async function readRemovedApisOf(load: () => Promise<Result<KubeconfigLoad>>, context: string, signal?: AbortSignal): Promise<Result<RemovedApiScan, ApiError>> {
  const kc = await load();
  if (!kc.ok || kc.value.kind !== 'loaded') return err({ kind: 'failed', status: undefined, message: kc.ok ? 'no kubeconfig' : kc.error });
  let client: KubeClient | undefined;
  try {
    const layer = await kubeLayer();
    client = (await layer.connect(kc.value.kubeConfig, context)).client;
    const c = client;
    return await readRemovedApiSources({ client: c, getText: (path, sig, limits) => c.getText(path, sig, limits) }, signal);
  } catch (e) {
    return err({ kind: 'failed', status: undefined, message: e instanceof Error ? e.message : String(e) });
  } finally {
    client?.dispose();
  }
}
