// A plan of the editor tier's own cluster, as a user starts one: New Plan from Cluster on the kubeconfig's current
// context (the tier's k3s-demo cluster) to v1.31.10+k3s1, written into `folder` and saved.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { parse } from 'yaml';

/** The current context of the kubeconfig the tier passes in KUBECONFIG. */
export function currentContext(): string {
  const kc = parse(readFileSync(process.env.KUBECONFIG ?? '', 'utf8')) as { 'current-context': string };
  return kc['current-context'];
}

/** New Plan from Cluster on the current context, to v1.31.10+k3s1, in `folder`; saved. */
export async function newClusterPlan(folder: vscode.Uri): Promise<vscode.Uri> {
  const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('upgradePlanner.newPlanFromCluster', { contextName: currentContext(), target: 'v1.31.10+k3s1', folder });
  assert.ok(uri, 'New Plan from Cluster wrote a plan pinned to the cluster');
  await vscode.workspace.save(uri);
  return uri;
}
