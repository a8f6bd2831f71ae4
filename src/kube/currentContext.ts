import * as fs from 'node:fs/promises';
import { type Result, ok, err, errorMessage } from '../common/result';
import { existingFiles, type KubeconfigSource } from './kubeconfig';
import { safeParseYaml } from '../core/yaml/safeParse';
import { KUBECONFIG_MAX_BYTES, yamlErrorSentence } from './kubeconfigFile';

/**
 * "Use Context": sets `current-context` in the file kubectl would write it to (the first existing
 * file of the merged list, as `kubectl config use-context` does), keeping comments and layout.
 */
export async function setCurrentContext(source: KubeconfigSource, context: string): Promise<Result<string>> {
  const file = existingFiles(source)[0];
  if (!file) {
    return err('No kubeconfig file to write the current context to');
  }
  try {
    if ((await fs.stat(file)).size > KUBECONFIG_MAX_BYTES) {
      return err(`Cannot set the current context in ${file}: the file is too large to be a kubeconfig`);
    }
    // Through the YAML gate: linear duplicate-key check, bounded nesting (a kubeconfig is untrusted input).
    const parsed = safeParseYaml(await fs.readFile(file, 'utf8'), { label: 'kubeconfig', maxBytes: KUBECONFIG_MAX_BYTES, maxDepth: 64, maxNodes: 500_000 });
    const bad = parsed.problems.find((p) => p.severity === 'error');
    const doc = parsed.docs[0];
    if (bad || !doc) {
      // The parser's message quotes the file around the error (keys, passwords): say where, not what.
      const at = bad ? parsed.lineCounter.linePos(bad.start) : undefined;
      return err(`Cannot set the current context in ${file}: ${yamlErrorSentence(at?.line, at?.col, bad?.code.replace(/^(yaml|limits)\./, '') ?? 'EMPTY')}`);
    }
    doc.set('current-context', context);
    await fs.writeFile(file, doc.toString());
    return ok(file);
  } catch (e) {
    return err(`Cannot set the current context in ${file}: ${errorMessage(e).split('\n')[0]}`);
  }
}
