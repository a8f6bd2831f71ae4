import { type Result, err } from '../common/result';
import type { ApiError } from '../core/cluster/errors';
import type { KubeClient } from './client';
import type { KubeconfigLoad } from './contexts';
import { kubeLayer } from './lazy';
import { type RemovedApiScan, readRemovedApiSources } from './removedApiScan';

export type { RemovedApiConnection, RemovedApiScan } from './removedApiScan';
export { readRemovedApiSources } from './removedApiScan';

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
