import * as fs from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { type Result, ok, err, errorMessage } from '../common/result';
import { existingFiles, type KubeconfigSource } from './kubeconfig';
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
    const doc = parseDocument(await fs.readFile(file, 'utf8'));
    const bad = doc.errors[0];
    if (bad) {
      // The parser's message quotes the file around the error (keys, passwords): say where, not what.
      const at = bad.linePos?.[0];
      return err(`Cannot set the current context in ${file}: ${yamlErrorSentence(at?.line, at?.col, bad.code)}`);
    }
    doc.set('current-context', context);
    await fs.writeFile(file, doc.toString());
    return ok(file);
  } catch (e) {
    return err(`Cannot set the current context in ${file}: ${errorMessage(e).split('\n')[0]}`);
  }
}
