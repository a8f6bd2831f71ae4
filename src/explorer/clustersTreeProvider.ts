import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { ContextInfo } from '../kube/kubeconfig';
import type { ClustersModel } from './clustersModel';

export type ClusterTreeNode =
  | { kind: 'context'; context: ContextInfo }
  | { kind: 'message'; label: string; detail?: string; command?: vscode.Command; icon: string };

/** Maps the model to tree items; errors and empty states are nodes, never pop-ups. */
export class ClustersTreeProvider extends Disposable implements vscode.TreeDataProvider<ClusterTreeNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ClusterTreeNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly model: ClustersModel) {
    super();
    this.register(model.onDidChange(() => this.changed.fire(undefined)));
  }

  async getChildren(element?: ClusterTreeNode): Promise<ClusterTreeNode[]> {
    if (element) {
      return [];
    }
    const r = await this.model.load();
    if (!r.ok) {
      return [{ kind: 'message', label: 'Cannot read kubeconfig — Retry', detail: r.error, icon: 'error', command: { command: 'upgradePlanner.refreshClusters', title: 'Retry' } }];
    }
    if (r.value.kind === 'none') {
      // The welcome view (viewsWelcome) explains what to do; no node needed.
      return [];
    }
    return r.value.contexts.map((context) => ({ kind: 'context', context }));
  }

  getParent(): undefined {
    return undefined;
  }

  getTreeItem(node: ClusterTreeNode): vscode.TreeItem {
    if (node.kind === 'message') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.tooltip = node.detail;
      item.command = node.command;
      return item;
    }
    const c = node.context;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.None);
    item.id = `context:${c.name}`;
    item.description = c.isCurrent ? `current · ${c.server ?? ''}` : c.server;
    item.iconPath = new vscode.ThemeIcon(c.isCurrent ? 'vm-active' : 'vm');
    item.contextValue = c.isCurrent ? 'context.current' : 'context';
    item.tooltip = new vscode.MarkdownString(`**${c.name}**\n\ncluster \`${c.cluster}\` · user \`${c.user}\`\n\n${c.server ?? ''}`);
    return item;
  }
}
