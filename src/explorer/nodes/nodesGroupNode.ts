import * as vscode from 'vscode';
import { nodesGroupLine } from '../text/nodeLines';
import { type ClusterScope, ExplorerNode } from './base';
import { KubeNodeNode } from './kubeNodeNode';
import { sectionChildren } from './sectionChildren';
import { toneColor } from './tone';

/** The cluster's nodes, kept live by the model's node watch while the view is visible. */
export class NodesGroupNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    private readonly scope: ClusterScope,
  ) {
    super(parent, `${parent.id}/nodes`);
  }

  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('Nodes', vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon('server');
    const nodes = this.scope.settled()?.nodes;
    if (nodes?.state === 'ok') {
      const line = nodesGroupLine(nodes.value);
      item.description = line.description;
      item.tooltip = line.tooltip;
      item.iconPath = new vscode.ThemeIcon(line.tone === 'ok' ? 'server' : 'warning', toneColor(line.tone));
    }
    item.contextValue = 'upgradePlanner.nodes';
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    const s = await this.scope.current();
    if (!s) return [];
    return sectionChildren(this, s.nodes, 'Nodes not readable', (nodes) => nodes.map((n) => new KubeNodeNode(this, n, s.distribution.name)));
  }
}
