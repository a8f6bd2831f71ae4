import * as path from 'node:path';
import * as vscode from 'vscode';
import { ReleaseCatalogService } from './releases/releaseCatalogService';
import { ChecklistView } from './checklist';
import { commandTable, registerCommands } from './commands';
import { planLensesOf } from './commands/planLenses';
import type { IDisposable } from './common/lifecycle';
import { Explorer, type ExplorerApi } from './explorer';
import { ClustersModel } from './kube/clustersModel';
import { type KubeconfigSource, resolveKubeconfigFiles } from './kube/kubeconfig';
import { kubeLayer } from './kube/lazy';
import { type PlanEditingApi, registerPlanEditing } from './planEditing';
import { registerRemovedApis } from './removedApis';
import { renderedItems } from './webviews/releaseNotes/panel';
import { registerReleaseNotesSerializer } from './webviews/releaseNotes/serializer';
import type { Services } from './services';
import { ContextStatusBar } from './statusBar/contextStatusBar';
import { DryRunDocuments } from './actions/dryRunDocuments';
import { PreflightReports } from './preflight/reports';
import { PreflightView } from './preflight/preflightView';
import { PreflightDiagnostics } from './preflight/preflightDiagnostics';
import { announceUnfinishedRuns, findUnfinishedRuns } from './run/unfinishedRuns';
import { RunView } from './run/runView';
import { phaseRows } from './core/run';

/** What the extension exports: a small read-only API the editor tier drives. */
export interface UpgradePlannerApi {
  readonly explorer: ExplorerApi;
  /** The newest K3s release the merged release catalog knows (bundled, mirror folder, online). */
  newestK3sRelease(): Promise<string | undefined>;
  /** Validates an open plan now (after the catalog and risk files have loaded) and returns its diagnostics. */
  planDiagnostics: PlanEditingApi['planDiagnostics'];
  /** Items the Release Notes page titled so showed, once its script ran and rendered the body. */
  releaseNotesRendered(title: string): number | undefined;
  /** The workspace's plans whose journal ends in an unfinished run (what activation announces). */
  unfinishedRuns(): Promise<{ plan: string; runId: string; resumeFrom: string | undefined }[]>;
  /** What the Run view shows for a plan: its last run's phases with their status, read from its journal. */
  runShown(plan: vscode.Uri): Promise<{ runId: string; phases: { id: string; status: string; nodes?: { node: string; step: string }[] }[] } | undefined>;
}

/** The composition root: builds the services and hands them to the features. Nothing runs at import time. */
export function activate(context: vscode.ExtensionContext): UpgradePlannerApi {
  const log = vscode.window.createOutputChannel('Upgrade Planner', { log: true });
  context.subscriptions.push(log);

  const catalog = new ReleaseCatalogService(context.extensionPath, context.globalState, log);
  const clusters = new ClustersModel(kubeconfigSource, kubeLayer, log, { watchFiles });
  context.subscriptions.push(
    catalog,
    clusters,
    clusters.onDidLoadKubeconfig((r) => {
      void vscode.commands.executeCommand('setContext', 'upgradePlanner.noKubeconfig', r.ok && r.value.kind === 'none');
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('upgradePlanner.kubeconfig')) clusters.refresh();
    }),
  );
  const planEditing = registerPlanEditing({ catalog, log, clusters }, planLensesOf(commandTable));
  context.subscriptions.push(...planEditing.disposables);
  const preflight = new PreflightReports();
  const dryRuns = new DryRunDocuments();
  context.subscriptions.push(preflight, dryRuns);
  const services: Services = { context, log, clusters, catalog, plans: planEditing.validator, preflight, dryRuns };

  const explorer = new Explorer(services);
  context.subscriptions.push(
    explorer,
    new ContextStatusBar(services),
    // Trust lets the workspace's kubeconfig setting apply and its plan files count: read both again.
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      log.info('Workspace trusted: reading the kubeconfig setting, the clusters and the plan files again');
      clusters.refresh();
      explorer.refreshPlans();
    }),
  );
  context.subscriptions.push(...registerCommands(services, commandTable));
  const runView = new RunView(log);
  context.subscriptions.push(new ChecklistView(log), new PreflightView(preflight), new PreflightDiagnostics(preflight), runView);
  context.subscriptions.push(...registerRemovedApis(services));
  context.subscriptions.push(registerReleaseNotesSerializer(services));
  // A run interrupted by a reload or a crash is offered to resume (read from the journals beside the plans).
  if (vscode.workspace.isTrusted) void announceUnfinishedRuns(log).catch((e: unknown) => log.error(`Unfinished runs: ${String(e)}`));
  const manifest = context.extension.packageJSON as { version?: string };
  log.info(`Upgrade Planner ${manifest.version ?? ''} activated`);
  return {
    explorer: explorer.api,
    newestK3sRelease: async () => (await catalog.load())?.newest()?.version,
    planDiagnostics: (uri) => planEditing.api.planDiagnostics(uri),
    releaseNotesRendered: renderedItems,
    unfinishedRuns: async () => (await findUnfinishedRuns()).map((r) => ({ plan: r.plan.toString(), runId: r.runId, resumeFrom: r.resumeFrom })),
    runShown: async (plan) => {
      await runView.show(plan);
      const st = runView.shown;
      return st ? { runId: st.runId, phases: phaseRows(st).map((r) => ({ id: r.id, status: r.status, ...(r.nodes.length ? { nodes: r.nodes.map((n) => ({ node: n.node, step: n.step })) } : {}) })) } : undefined;
    },
  };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}

/** The kubeconfig files that apply; a workspace may name one only when it is trusted. */
function kubeconfigSource(): KubeconfigSource {
  const setting = vscode.workspace.isTrusted ? vscode.workspace.getConfiguration('upgradePlanner').get<string>('kubeconfig') : undefined;
  return resolveKubeconfigFiles(setting);
}

/** Kubeconfig files may sit outside the workspace: one watcher per file, on its folder. */
function watchFiles(files: readonly string[], onChange: () => void): IDisposable {
  const watchers = files.map((file) => {
    const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
    w.onDidChange(onChange);
    w.onDidCreate(onChange);
    w.onDidDelete(onChange);
    return w;
  });
  return {
    dispose: () => {
      for (const w of watchers) w.dispose();
    },
  };
}
