import * as vscode from 'vscode';
import { errorMessage } from '../common/result';
import { type PlanTarget, snapshotPlanTargetReader } from '../kube/planTargetReader';
import { buildPlan, parseNewPlanArgs, pickTarget, writePlan } from '../planEditing/newPlan';
import { PlanReleaseData } from '../planEditing/releaseData';
import type { Services } from '../services';
import type { CommandTable } from './types';

/**
 * New Plan from Cluster…: from the palette (asks for the context) or the explorer (`{ contextName }`).
 * Reads the cluster, asks for the target among the catalog's recommended versions, writes a complete
 * plan pinned to the cluster with the computed hops and the default checklist. Returns the plan's URI.
 */
export async function newPlanFromCluster(s: Services, arg: unknown): Promise<vscode.Uri | undefined> {
  const args = parseNewPlanArgs(arg);
  const { releases, risks } = await new PlanReleaseData(s.catalog).get();
  try {
    let cluster: PlanTarget | undefined = args.cluster;
    if (!cluster) {
      const loaded = await s.clusters.load();
      if (!loaded.ok || loaded.value.kind === 'none') {
        void vscode.window.showWarningMessage(loaded.ok ? 'No kubeconfig found: a plan is written for a cluster of your kubeconfig.' : loaded.error);
        return undefined;
      }
      const contexts = loaded.value.contexts;
      const contextName = args.contextName ?? (await vscode.window.showQuickPick(
        contexts.map((c) => ({ label: c.name, description: [c.isCurrent ? 'current' : undefined, c.server].filter(Boolean).join(' · ') })),
        { title: 'New Upgrade Plan', placeHolder: 'Cluster to plan an upgrade for' },
      ))?.label;
      if (!contextName) return undefined;
      if (!contexts.some((c) => c.name === contextName)) {
        void vscode.window.showWarningMessage(`No context "${contextName}" in the kubeconfig.`);
        return undefined;
      }
      const read = await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Reading ${contextName}…` },
        () => snapshotPlanTargetReader(s.clusters).read(contextName),
      );
      if (!read.ok) {
        s.log.warn(read.error);
        const choice = await vscode.window.showErrorMessage(`${read.error}. No plan was written.`, 'Show Log');
        if (choice) s.log.show();
        return undefined;
      }
      cluster = read.value;
    }
    const target = args.target ?? (await pickTarget(releases, cluster.apiServerVersion));
    if (!target) return undefined;
    const plan = buildPlan(cluster, target, releases, new Date().toISOString().slice(0, 10), risks);
    if (!plan.ok) {
      void vscode.window.showErrorMessage(plan.error);
      return undefined;
    }
    return await writePlan(plan.value.text, plan.value.name, args.folder, s.log);
  } catch (e) {
    s.log.error(`New plan: ${errorMessage(e)}`);
    void vscode.window.showErrorMessage(`Could not write the plan: ${errorMessage(e)}`);
    return undefined;
  }
}

/** The plan commands, spread into the command table (src/commands/index.ts). */
export const planCommands: CommandTable = {
  'upgradePlanner.newPlanFromCluster': { run: (s, arg) => newPlanFromCluster(s, arg) },
};
