import * as vscode from 'vscode';
import type { Services } from '../services';
import type { ExplorerNode } from '../explorer/nodes/base';
import { ContextNode, VersionNode, KubeNodeNode } from '../explorer/nodes/contextNode';
import { CephClusterNode, WorkloadNode } from '../explorer/nodes/componentNodes';
import { versionsText } from '../explorer/versionsText';
import { defaultReleaseNotesUrl } from '../core/cluster/releaseInfo';
import { parseKubeVersion } from '../core/versions';
import type { CommandHandler } from './index';

/** A context name from a tree node, a `{ contextName }` object, a plain string, or the user. */
async function contextArg(s: Services, arg: unknown, placeHolder: string): Promise<string | undefined> {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const named = arg as { contextName?: unknown };
    if (typeof named.contextName === 'string') return named.contextName;
  }
  const r = await s.clusters.load();
  if (!r.ok || r.value.kind !== 'loaded') return undefined;
  const pick = await vscode.window.showQuickPick(
    r.value.contexts.map((c) => ({ label: c.name, description: c.isCurrent ? 'current' : c.server })),
    { placeHolder },
  );
  return pick?.label;
}

/** The explorer's commands; spread into commandTable (src/commands/index.ts). */
export const explorerCommands: Readonly<Record<string, CommandHandler>> = {
  'upgradePlanner.useContext': async (s, arg) => {
    const name = await contextArg(s, arg, 'Kube context to use');
    if (!name) return;
    const r = await s.clusters.useContext(name);
    if (!r.ok) {
      const choice = await vscode.window.showErrorMessage(r.error, 'Show Log');
      if (choice) s.log.show();
    }
  },
  'upgradePlanner.retryCluster': async (s, arg) => {
    const name = await contextArg(s, arg, 'Cluster to read again');
    if (name) s.clusters.refreshCluster(name);
  },
  'upgradePlanner.openReleaseNotes': async (s, arg) => {
    const node = arg as ExplorerNode | undefined;
    let url: string | undefined;
    if (node instanceof VersionNode) url = node.releaseNotesUrl;
    else if (node instanceof KubeNodeNode) {
      const v = parseKubeVersion(node.node.kubeletVersion);
      url = v.ok ? defaultReleaseNotesUrl(v.value) : undefined;
    } else if (node instanceof WorkloadNode || node instanceof CephClusterNode) {
      url = componentNotesUrl(node);
    } else {
      const name = await contextArg(s, arg, 'Cluster whose release notes to open');
      const snap = name ? await s.clusters.snapshot(name) : undefined;
      const v = snap?.ok ? parseKubeVersion(snap.value.apiServerVersion) : undefined;
      url = v?.ok ? defaultReleaseNotesUrl(v.value) : undefined;
    }
    if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
    else void vscode.window.showInformationMessage('No release notes known for this item.');
  },
  'upgradePlanner.createPlanFromCluster': async (s, arg) => {
    const contextName = await contextArg(s, arg instanceof ContextNode || (arg as ExplorerNode | undefined)?.contextName ? (arg as ExplorerNode).contextName : arg, 'Cluster to plan an upgrade for');
    if (!contextName) return;
    const all = await vscode.commands.getCommands(true);
    if (!all.includes('upgradePlanner.newPlanFromCluster')) {
      void vscode.window.showWarningMessage('Plan creation is not available in this build.');
      return;
    }
    await vscode.commands.executeCommand('upgradePlanner.newPlanFromCluster', { contextName });
  },
  'upgradePlanner.copyVersions': async (s, arg) => {
    const name = await contextArg(s, (arg as ExplorerNode | undefined)?.contextName ?? arg, 'Cluster whose versions to copy');
    if (!name) return;
    const snap = await s.clusters.snapshot(name);
    if (!snap.ok) {
      void vscode.window.showWarningMessage(`Cannot read ${name}; nothing copied.`);
      return;
    }
    await vscode.env.clipboard.writeText(versionsText(snap.value));
    vscode.window.setStatusBarMessage(`Copied the versions of ${name}`, 3000);
  },
};

function componentNotesUrl(node: WorkloadNode | CephClusterNode): string | undefined {
  if (node instanceof CephClusterNode) {
    return node.version ? `https://docs.ceph.com/en/latest/releases/` : undefined;
  }
  const v = node.version;
  if (!v || node.section.state !== 'ok') return undefined;
  const repo = node.section.value.name === 'rook-ceph-operator' ? 'rook/rook' : node.section.value.name === 'velero' ? 'vmware-tanzu/velero' : 'rancher/system-upgrade-controller';
  return `https://github.com/${repo}/releases/tag/${encodeURIComponent(v)}`;
}
