import * as vscode from 'vscode';
import type { Services } from '../services';
import { checklistCommands } from './checklist';
import { explorerCommands } from './explorer';
import { planCommands } from './plans';
import { preflightCommands } from './preflight';
import { backupCommands } from './backups';
import { runCommands } from './run';
import { wayBackCommands } from './wayBack';
import { gitopsCommands } from './gitops';
import { integrityCommands } from './integrity';
import { imageCommands } from './images';
import { releaseNotesCommands } from './releaseNotes';
import type { CommandTable } from './types';

/**
 * Every command of package.json `contributes.commands`, in one table. The editor tier checks
 * that this table and the manifest agree in both directions. A plan action carries its CodeLens
 * (`planLens`), so the lens comes and goes with the command (see planLenses.ts).
 */
export const commandTable: CommandTable = {
  'upgradePlanner.refreshClusters': { run: (s) => s.clusters.refresh() },
  'upgradePlanner.showLog': { run: (s) => s.log.show() },
  'upgradePlanner.openKubeconfigSettings': {
    run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'upgradePlanner.kubeconfig'),
  },
  ...explorerCommands,
  ...planCommands,
  ...preflightCommands,
  ...backupCommands,
  ...runCommands,
  ...wayBackCommands,
  ...gitopsCommands,
  ...integrityCommands,
  ...imageCommands,
  ...releaseNotesCommands,
  ...checklistCommands,
};

export function registerCommands(services: Services, table: CommandTable = commandTable): vscode.Disposable[] {
  return Object.entries(table).map(([id, entry]) =>
    vscode.commands.registerCommand(id, (...args: unknown[]) => entry.run(services, ...args)),
  );
}
