import * as vscode from 'vscode';
import type { PlanValidator, Services } from '../services';
import { type PlanLens, PlanCodeLensProvider } from './codeLens';
import { PlanDiagnostics } from './diagnostics';
import { PlanCodeActionProvider, PlanCompletionProvider, PlanHoverProvider } from './providers';
import { PlanReleaseData } from './releaseData';
import { PLAN_SELECTOR } from './selector';
import { knownClustersOf } from './knownClusters';
import { WorkspaceRisks } from './workspaceRisks';
import { isPlanFile } from '../workspace/planFiles';

/**
 * Plan editing without Red Hat YAML: diagnostics, completion, hover, quick fixes, CodeLens. With Red Hat
 * YAML installed it also validates plans through our `yamlValidation` contribution; both coexist.
 */
/** What plan editing offers the editor tier: the diagnostics of an open plan, once validation has run. */
export interface PlanEditingApi {
  planDiagnostics(uri: vscode.Uri): Promise<{ code: string; severity: string; message: string }[]>;
}

export function registerPlanEditing(services: Pick<Services, 'catalog' | 'log' | 'clusters'>, planLenses: readonly PlanLens[]): { disposables: vscode.Disposable[]; api: PlanEditingApi; validator: PlanValidator } {
  const releases = new PlanReleaseData(services.catalog);
  const risks = new WorkspaceRisks(services.log);
  const diagnostics = new PlanDiagnostics(releases, services.log, risks);
  void risks.load();
  // "Pinned to another cluster" needs the kubeconfig's contexts and the kube-system UIDs read so far:
  // follow the extension's cluster model instead of reading clusters again.
  const updateClusters = (): void => void knownClustersOf(services.clusters).then((k) => diagnostics.setKnownClusters(k));
  const api: PlanEditingApi = {
    async planDiagnostics(uri) {
      const doc = await vscode.workspace.openTextDocument(uri);
      await risks.load();
      return (await diagnostics.validateNow(doc)).map((d) => ({
        code: typeof d.code === 'object' ? String(d.code.value) : String(d.code ?? ''),
        severity: vscode.DiagnosticSeverity[d.severity],
        message: d.message,
      }));
    },
  };
  const validator: PlanValidator = {
    async validate(doc) {
      await risks.load();
      return (await diagnostics.validation(doc))?.core;
    },
  };
  const disposables = [
    risks,
    services.clusters.onDidChange(updateClusters),
    services.clusters.onDidRead(updateClusters),
    vscode.workspace.onDidOpenTextDocument((d) => {
      if (isPlanFile(d.uri)) updateClusters();
    }),
    diagnostics,
    vscode.languages.registerCompletionItemProvider(PLAN_SELECTOR, new PlanCompletionProvider(releases), ':', ' ', '-'),
    vscode.languages.registerHoverProvider(PLAN_SELECTOR, new PlanHoverProvider(releases)),
    vscode.languages.registerCodeActionsProvider(PLAN_SELECTOR, new PlanCodeActionProvider((uri) => diagnostics.published(uri)), {
      providedCodeActionKinds: PlanCodeActionProvider.kinds,
    }),
    vscode.languages.registerCodeLensProvider(PLAN_SELECTOR, new PlanCodeLensProvider(planLenses)),
  ];
  return { disposables, api, validator };
}
