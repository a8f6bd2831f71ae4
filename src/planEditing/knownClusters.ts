import type { KnownClusters } from '../core/plans';
import type { ClustersModel } from '../kube/clustersModel';

/**
 * The clusters a plan may be pinned to: the kubeconfig's contexts with their servers, and the
 * kube-system namespace UIDs of the clusters the explorer has read (never a read of its own).
 */
export async function knownClustersOf(model: ClustersModel): Promise<KnownClusters | undefined> {
  const r = await model.load();
  if (!r.ok || r.value.kind === 'none') return undefined;
  const uids: Record<string, string> = {};
  for (const c of r.value.contexts) {
    const s = model.peek(c.name);
    if (s?.ok && s.value.kubeSystemUID.state === 'ok') uids[c.name] = s.value.kubeSystemUID.value;
  }
  return { contexts: r.value.contexts.map((c) => ({ name: c.name, ...(c.server ? { server: c.server } : {}) })), uids };
}
