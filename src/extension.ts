import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { ClustersModel } from './explorer/clustersModel';
import { ClustersTreeProvider } from './explorer/clustersTreeProvider';
import type { Services } from './services';

/** The composition root: builds the services and hands them to the features. Nothing runs at import time. */
export function activate(context: vscode.ExtensionContext): void {
  const log = vscode.window.createOutputChannel('Upgrade Planner', { log: true });
  context.subscriptions.push(log);

  const clusters = new ClustersModel(log);
  context.subscriptions.push(clusters);
  const services: Services = { context, log, clusters };

  const tree = new ClustersTreeProvider(clusters);
  context.subscriptions.push(tree, vscode.window.createTreeView('upgradePlanner.clusters', { treeDataProvider: tree, showCollapseAll: true }));
  context.subscriptions.push(...registerCommands(services));
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('upgradePlanner.kubeconfig')) {
        clusters.refresh();
      }
    }),
  );
  const manifest = context.extension.packageJSON as { version?: string };
  log.info(`Upgrade Planner ${manifest.version ?? ''} activated`);
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
