import * as vscode from 'vscode';
import type { Services } from '../services';
import { explorerCommands } from './explorer';
import { planCommands } from './plans';

/** A command handler receives the shared services and the arguments VS Code passes. */
export type CommandHandler = (services: Services, ...args: unknown[]) => unknown;

/**
 * Every command of package.json `contributes.commands`, in one table. The editor tier checks
 * that this table and the manifest agree in both directions.
 */
export const commandTable: Readonly<Record<string, CommandHandler>> = {
  'upgradePlanner.refreshClusters': (s) => s.clusters.refresh(),
  'upgradePlanner.showLog': (s) => s.log.show(),
  'upgradePlanner.openKubeconfigSettings': () =>
    vscode.commands.executeCommand('workbench.action.openSettings', 'upgradePlanner.kubeconfig'),
  ...explorerCommands,
  ...planCommands,
};

export function registerCommands(services: Services): vscode.Disposable[] {
  return Object.entries(commandTable).map(([id, handler]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => handler(services, ...args)),
  );
}
