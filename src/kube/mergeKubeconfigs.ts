import type { Cluster, Context, User } from '@kubernetes/client-node';

/** What one kubeconfig file defines, as client-node reads it. */
export interface KubeconfigParts {
  readonly clusters: readonly Cluster[];
  readonly users: readonly User[];
  readonly contexts: readonly Context[];
  readonly currentContext: string | undefined;
}

/**
 * Merges kubeconfig files as kubectl does for `KUBECONFIG=a:b`: the first file to define a
 * cluster, user or context name wins (later definitions of that name are ignored, not an error),
 * and `current-context` comes from the first file that sets it. Order is kept: first file's
 * entries first.
 */
export function mergeKubeconfigs(files: readonly KubeconfigParts[]): { clusters: Cluster[]; users: User[]; contexts: Context[]; currentContext: string | undefined } {
  const firstWins = <T extends { readonly name: string }>(lists: (readonly T[])[]): T[] => {
    const seen = new Set<string>();
    const out: T[] = [];
    for (const list of lists) {
      for (const item of list) {
        if (seen.has(item.name)) continue;
        seen.add(item.name);
        out.push(item);
      }
    }
    return out;
  };
  return {
    clusters: firstWins(files.map((f) => f.clusters)),
    users: firstWins(files.map((f) => f.users)),
    contexts: firstWins(files.map((f) => f.contexts)),
    currentContext: files.map((f) => f.currentContext).find((c) => typeof c === 'string' && c !== ''),
  };
}
