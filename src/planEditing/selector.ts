import type * as vscode from 'vscode';
import { isPlanFileName, looksLikePlan } from '../core/plans';

/**
 * Plans stay in the `yaml` language rather than a contributed `upgradeplan-yaml` id: a language of our
 * own would take the file away from Red Hat YAML (formatting, folding, its own schema support through
 * our `yamlValidation` contribution) and from any YAML tooling the user relies on. So the providers are
 * registered for `yaml` documents and decide per document: named `*.upgradeplan.yaml`, or a YAML file
 * whose header says `kind: UpgradePlan` with our apiVersion.
 */
export const PLAN_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
  { language: 'yaml', scheme: 'vscode-remote' },
];

export function isPlanDocument(doc: vscode.TextDocument): boolean {
  if (doc.languageId !== 'yaml') return false;
  if (isPlanFileName(doc.fileName)) return true;
  // Only the head is read: cheap on any file size.
  // (Range.union on the document's own ranges: a plain object is not a Range, and validateRange throws on one.)
  const head = doc.getText(doc.lineAt(0).range.union(doc.lineAt(Math.min(doc.lineCount, 60) - 1).range));
  return looksLikePlan(head);
}
