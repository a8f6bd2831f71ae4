import * as vscode from 'vscode';
import type { Services } from '../services';
import { LENS_NOT_READY, PlanCodeLensProvider, lensNotReady } from './codeLens';
import { PlanDiagnostics } from './diagnostics';
import { PlanCodeActionProvider, PlanCompletionProvider, PlanHoverProvider } from './providers';
import { PlanReleaseData } from './releaseData';
import { PLAN_SELECTOR } from './selector';

/**
 * Plan editing without Red Hat YAML: diagnostics, completion, hover, quick fixes, CodeLens. With Red Hat
 * YAML installed it also validates plans through our `yamlValidation` contribution; both coexist.
 */
export function registerPlanEditing(services: Services): vscode.Disposable[] {
  const releases = new PlanReleaseData(services.catalog);
  const diagnostics = new PlanDiagnostics(releases, services.log);
  const lenses = new PlanCodeLensProvider();
  void releases.load();
  const lensRefresh = setTimeout(() => void lenses.refreshAvailable(), 2000);
  return [
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
