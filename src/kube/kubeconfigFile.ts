import * as fs from 'node:fs';
import type { KubeConfig } from '@kubernetes/client-node';
import { type Result, ok, err, errorMessage } from '../common/result';
import { formatBytes } from './limits';

/** A kubeconfig is a few KB; one holding many embedded certificates stays under 1 MB. */
export const KUBECONFIG_MAX_BYTES = 16 * 1024 * 1024;

/**
 * Reads one kubeconfig file with client-node (paths in it made absolute to its folder). A failure
 * is a sentence naming the file and, for a YAML error, the line and column: never the file's
 * content, which holds keys, tokens and passwords (js-yaml's message quotes the lines around the
 * error).
 */
export function readKubeconfigFile(k8s: { KubeConfig: new () => KubeConfig }, file: string): Result<KubeConfig> {
  try {
    const size = fs.statSync(file).size;
    if (size > KUBECONFIG_MAX_BYTES) {
      return err(`Cannot read kubeconfig ${file}: it is ${formatBytes(size)}, more than the ${formatBytes(KUBECONFIG_MAX_BYTES)} a kubeconfig can be`);
    }
    const kc = new k8s.KubeConfig();
    kc.loadFromFile(file);
    return ok(kc);
  } catch (e) {
    return err(`Cannot read kubeconfig ${file}: ${describeKubeconfigError(e)}`);
  }
}

/** `not valid YAML at line 12, column 4 (bad indentation of a mapping entry)`, or the error's first line. */
export function describeKubeconfigError(e: unknown): string {
  const yaml = e as { name?: unknown; reason?: unknown; mark?: { line?: unknown; column?: unknown } } | undefined;
  if (yaml?.name === 'YAMLException') {
    const line = typeof yaml.mark?.line === 'number' ? yaml.mark.line + 1 : undefined;
    const column = typeof yaml.mark?.column === 'number' ? yaml.mark.column + 1 : undefined;
    return yamlErrorSentence(line, column, typeof yaml.reason === 'string' ? yaml.reason : undefined);
  }
  const code = (e as { code?: unknown } | undefined)?.code;
  if (typeof code === 'string') return code === 'ENOENT' ? 'the file does not exist' : `the file cannot be read (${code})`;
  // client-node's own checks (`clusters[0].cluster.server is missing`) name fields, not values.
  const first = errorMessage(e).split('\n')[0] ?? '';
  return first.length > 200 ? `${first.slice(0, 200)}…` : first;
}

/**
 * The position of a YAML error; the parser's reason only when it is plain words (some reasons
 * quote a tag or alias from the file).
 */
export function yamlErrorSentence(line: number | undefined, column: number | undefined, reason: string | undefined): string {
  const where = line === undefined ? '' : column === undefined ? ` at line ${line}` : ` at line ${line}, column ${column}`;
  const why = reason && reason.length <= 120 && /^[A-Za-z][A-Za-z0-9 ,;()_-]*$/.test(reason) ? ` (${reason})` : '';
  return `not valid YAML${where}${why}`;
}
