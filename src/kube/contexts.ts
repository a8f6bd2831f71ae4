import type { KubeConfig } from '@kubernetes/client-node';
import { type Result, ok, err, errorMessage } from '../common/result';
import { type ContextInfo, type KubeconfigSource, existingFiles } from './kubeconfig';
import { readKubeconfigFile } from './kubeconfigFile';
import { mergeKubeconfigs } from './mergeKubeconfigs';

export type KubeconfigLoad =
  | { kind: 'none'; source: KubeconfigSource }
  | { kind: 'loaded'; source: KubeconfigSource; kubeConfig: KubeConfig; contexts: ContextInfo[] };

/**
 * Loads and merges the kubeconfig files the way kubectl does (first file wins on names shared
 * between files; current-context from the first file that sets it). Errors name the file and the
 * line, never its content. The Kubernetes client is imported lazily so that activation stays cheap.
 */
export async function loadKubeconfig(source: KubeconfigSource): Promise<Result<KubeconfigLoad>> {
  const files = existingFiles(source);
  if (files.length === 0) {
    return ok({ kind: 'none', source });
  }
  let k8s: typeof import('@kubernetes/client-node');
  try {
    k8s = await import('@kubernetes/client-node');
  } catch (e) {
    return err(`Cannot load the Kubernetes client: ${errorMessage(e)}`);
  }
  const parts: KubeConfig[] = [];
  for (const file of files) {
    const one = readKubeconfigFile(k8s, file);
    if (!one.ok) return one;
    parts.push(one.value);
  }
  const kc = new k8s.KubeConfig();
  kc.loadFromOptions(mergeKubeconfigs(parts.map((p) => ({ clusters: p.getClusters(), users: p.getUsers(), contexts: p.getContexts(), currentContext: p.getCurrentContext() }))));
  const current = kc.getCurrentContext();
  const contexts = kc.getContexts().map((c): ContextInfo => {
    const cluster = kc.getCluster(c.cluster);
    return {
      name: c.name,
      cluster: c.cluster,
      user: c.user,
      server: cluster?.server,
      namespace: c.namespace,
      isCurrent: c.name === current,
      insecureSkipTlsVerify: cluster?.skipTLSVerify === true,
    };
  });
  return ok({ kind: 'loaded', source, kubeConfig: kc, contexts });
}
