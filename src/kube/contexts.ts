import type { KubeConfig } from '@kubernetes/client-node';
import { type Result, ok, err, errorMessage } from '../common/result';
import { type ContextInfo, type KubeconfigSource, existingFiles } from './kubeconfig';

export type KubeconfigLoad =
  | { kind: 'none'; source: KubeconfigSource }
  | { kind: 'loaded'; source: KubeconfigSource; kubeConfig: KubeConfig; contexts: ContextInfo[] };

/**
 * Loads and merges the kubeconfig files the way kubectl does (first file wins on conflicts).
 * The Kubernetes client is imported lazily so that activation stays cheap.
 */
export async function loadKubeconfig(source: KubeconfigSource): Promise<Result<KubeconfigLoad>> {
  const files = existingFiles(source);
  if (files.length === 0) {
    return ok({ kind: 'none', source });
  }
  try {
    const k8s = await import('@kubernetes/client-node');
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(files[0]);
    for (const file of files.slice(1)) {
      const other = new k8s.KubeConfig();
      other.loadFromFile(file);
      kc.mergeConfig(other, true);
    }
    const current = kc.getCurrentContext();
    const contexts = kc.getContexts().map((c): ContextInfo => ({
      name: c.name,
      cluster: c.cluster,
      user: c.user,
      server: kc.getCluster(c.cluster)?.server,
      namespace: c.namespace,
      isCurrent: c.name === current,
    }));
    return ok({ kind: 'loaded', source, kubeConfig: kc, contexts });
  } catch (e) {
    return err(`Cannot read kubeconfig (${files.join(', ')}): ${errorMessage(e)}`);
  }
}
