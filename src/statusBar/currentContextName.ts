import * as fs from 'node:fs/promises';
import type { KubeconfigSource } from '../kube/kubeconfig';
import { KUBECONFIG_MAX_BYTES } from '../kube/kubeconfigFile';

/**
 * The current context's name without loading the Kubernetes client: the first file of the merged
 * list that sets `current-context` wins, as kubectl merges. Cheap enough for the status bar at start-up.
 */
export async function currentContextName(source: KubeconfigSource): Promise<string | undefined> {
  for (const file of source.files) {
    // Only regular files of a kubeconfig's size: a FIFO would hang the read, a huge file would be read whole.
    const st = await fs.stat(file).catch(() => undefined);
    if (!st?.isFile() || st.size > KUBECONFIG_MAX_BYTES) continue;
    const text = await fs.readFile(file, 'utf8').catch(() => undefined);
    const m = text ? /^current-context:[ \t]*(?:"([^"]*)"|'([^']*)'|([^\s#]*))/m.exec(text) : null;
    const name = m ? (m[1] ?? m[2] ?? m[3] ?? '') : '';
    if (name) return name;
  }
  return undefined;
}
