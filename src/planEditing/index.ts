import * as vscode from 'vscode';
import type { Services } from '../services';
import { LENS_NOT_READY, PlanCodeLensProvider, lensNotReady } from './codeLens';
import { PlanDiagnostics } from './diagnostics';
import { PlanCodeActionProvider, PlanCompletionProvider, PlanHoverProvider } from './providers';
import { PlanReleaseData } from './releaseData';
import { PLAN_SELECTOR } from './selector';
import { knownClustersOf } from './knownClusters';
import { WorkspaceRisks } from './workspaceRisks';

/**
 * Plan editing without Red Hat YAML: diagnostics, completion, hover, quick fixes, CodeLens. With Red Hat
 * YAML installed it also validates plans through our `yamlValidation` contribution; both coexist.
 */
export function registerPlanEditing(services: Services): vscode.Disposable[] {
  const releases = new PlanReleaseData(services.catalog);
  const risks = new WorkspaceRisks(services.log);
  const diagnostics = new PlanDiagnostics(releases, services.log, risks);
  void risks.load();
  // "Pinned to another cluster" needs the kubeconfig's contexts and the kube-system UIDs read so far:
  // follow the explorer's model instead of reading clusters again.
  const updateClusters = (): void => void knownClustersOf(services.clusters).then((k) => diagnostics.setKnownClusters(k));
  const lenses = new PlanCodeLensProvider();
  void releases.load();
  const lensRefresh = setTimeout(() => void lenses.refreshAvailable(), 2000);
  return [
    risks,
    services.clusters.onDidChange(updateClusters),
    services.clusters.onDidRead(updateClusters),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (d.uri.path.endsWith('.upgradeplan.yaml')) updateClusters();
    }),
    releases,
    diagnostics,
    lenses,
    vscode.languages.registerCompletionItemProvider(PLAN_SELECTOR, new PlanCompletionProvider(releases), ':', ' ', '-'),
    vscode.languages.registerHoverProvider(PLAN_SELECTOR, new PlanHoverProvider(releases)),
    vscode.languages.registerCodeActionsProvider(PLAN_SELECTOR, new PlanCodeActionProvider((uri) => diagnostics.published(uri)), {
      providedCodeActionKinds: PlanCodeActionProvider.kinds,
    }),
    vscode.languages.registerCodeLensProvider(PLAN_SELECTOR, lenses),
    vscode.commands.registerCommand(LENS_NOT_READY, lensNotReady),
    // Other features register their commands after us: refresh the lenses once they are all up.
    vscode.extensions.onDidChange(() => void lenses.refreshAvailable()),
    { dispose: () => clearTimeout(lensRefresh) },
  ];
}
