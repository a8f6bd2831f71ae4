import * as vscode from 'vscode';
import { ReleaseCatalogService } from './catalog/releaseCatalogService';
import { registerCommands } from './commands';
import { Explorer, type ExplorerApi } from './explorer';
import { registerPlanEditing } from './planEditing';
import type { Services } from './services';

/** The composition root: builds the services and hands them to the features. Nothing runs at import time. */
/** What the extension exports: a small read-only API the editor tier drives. */
export interface UpgradePlannerApi {
  readonly explorer: ExplorerApi;
  /** The newest K3s release the merged release catalog knows (bundled, mirror folder, online). */
  newestK3sRelease(): Promise<string | undefined>;
}

export function activate(context: vscode.ExtensionContext): UpgradePlannerApi {
  const log = vscode.window.createOutputChannel('Upgrade Planner', { log: true });
  context.subscriptions.push(log);

  const catalog = new ReleaseCatalogService(context.extensionPath, context.globalState, log);
  const explorer = new Explorer(log, catalog);
  context.subscriptions.push(catalog, explorer);
  const services: Services = { context, log, clusters: explorer.model, catalog };

  context.subscriptions.push(...registerCommands(services));
  context.subscriptions.push(...registerPlanEditing(services));
  const manifest = context.extension.packageJSON as { version?: string };
  log.info(`Upgrade Planner ${manifest.version ?? ''} activated`);
  return { explorer: explorer.api, newestK3sRelease: async () => (await catalog.load())?.newest()?.version };
}

export function deactivate(): void {
  // Everything is owned by context.subscriptions.
}
