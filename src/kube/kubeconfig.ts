import * as os from 'node:os';
import * as path from 'node:path';
import * as fs from 'node:fs';

/** One kubeconfig context as the explorer shows it; no credentials are carried here. */
export interface ContextInfo {
  readonly name: string;
  readonly cluster: string;
  readonly user: string;
  readonly server: string | undefined;
  readonly namespace: string | undefined;
  readonly isCurrent: boolean;
  /**
   * The cluster entry sets `insecure-skip-tls-verify: true`: the server's certificate is not checked
   * (anyone on the path can read the credentials). Optional for fakes; the loader always sets it.
   */
  readonly insecureSkipTlsVerify?: boolean;
}

export interface KubeconfigSource {
  /** The files that make up the merged kubeconfig, in kubectl's precedence order. */
  readonly files: readonly string[];
  /** Where the list of files came from, for messages. */
  readonly origin: 'setting' | 'KUBECONFIG' | 'default';
}

/**
 * Which kubeconfig files apply, as kubectl decides: an explicit setting wins, then every path in
 * `KUBECONFIG` (separated by the platform's delimiter), then `~/.kube/config`.
 */
export function resolveKubeconfigFiles(setting: string | undefined, env: NodeJS.ProcessEnv = process.env): KubeconfigSource {
  const expand = (p: string): string => (p.startsWith('~') ? path.join(os.homedir(), p.slice(1)) : p);
  if (setting && setting.trim() !== '') {
    return { files: [expand(setting.trim())], origin: 'setting' };
  }
  const fromEnv = (env.KUBECONFIG ?? '').split(path.delimiter).filter((p) => p.trim() !== '');
  if (fromEnv.length > 0) {
    return { files: fromEnv.map(expand), origin: 'KUBECONFIG' };
  }
  return { files: [path.join(os.homedir(), '.kube', 'config')], origin: 'default' };
}

export function existingFiles(source: KubeconfigSource): string[] {
  return source.files.filter((f) => {
    try {
      return fs.statSync(f).isFile();
    } catch {
      return false;
    }
  });
}
