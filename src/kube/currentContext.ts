import * as fs from 'node:fs/promises';
import { parseDocument } from 'yaml';
import { type Result, ok, err, errorMessage } from '../common/result';
import { existingFiles, type KubeconfigSource } from './kubeconfig';

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
    const doc = parseDocument(await fs.readFile(file, 'utf8'));
    doc.set('current-context', context);
    await fs.writeFile(file, doc.toString());
    return ok(file);
  } catch (e) {
    return err(`Cannot set the current context in ${file}: ${errorMessage(e)}`);
  }
}
