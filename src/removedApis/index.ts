import * as vscode from 'vscode';
import type { Services } from '../services';
import { RemovedApiDiagnostics } from './diagnostics';
import { RemovedApiPlanDiagnostics } from './planDiagnostics';
import { ManifestScanner } from './manifestScanner';
import { RemovedApiCodeActions, RemovedApiHover } from './providers';
import { TargetVersions } from './targetVersions';

/** Manifests open in the editor: YAML and JSON files. */
export const MANIFEST_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'json', scheme: 'file' },
  { language: 'jsonc', scheme: 'file' },
  { language: 'yaml', scheme: 'vscode-remote' },
  { language: 'json', scheme: 'vscode-remote' },
];

/**
 * Removed and deprecated Kubernetes APIs in the workspace's manifests (issue 13): diagnostics at each apiVersion,
 * judged against the plans' target; a quick fix where the rewrite is mechanical; a hover listing field changes;
 * and on each plan, one diagnostic at its target naming the manifests that target breaks.
 * The workspace scan starts in the background once the target is known.
 */
export function registerRemovedApis(services: Services): vscode.Disposable[] {
  const targets = new TargetVersions(services);
  const scanner = new ManifestScanner(services.log);
  const diagnostics = new RemovedApiDiagnostics(scanner, targets);
  void targets
    .start()
    .then(() => scanner.scanAll())
    .catch((e: unknown) => services.log.error(`Removed APIs: the workspace scan failed: ${e instanceof Error ? e.message : String(e)}`));
  return [
    targets,
    scanner,
    diagnostics,
    new RemovedApiPlanDiagnostics(scanner),
    vscode.languages.registerCodeActionsProvider(MANIFEST_SELECTOR, new RemovedApiCodeActions(scanner, targets), { providedCodeActionKinds: RemovedApiCodeActions.kinds }),
    vscode.languages.registerHoverProvider(MANIFEST_SELECTOR, new RemovedApiHover(scanner, targets)),
  ];
}
