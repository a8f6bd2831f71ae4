import * as vscode from 'vscode';
import type { RemovedApiVersionGroup } from '../text/removedApiRows';
import { ExplorerNode } from './base';
import { RemovedApiFindingNode } from './removedApiFindingNode';
import { toneColor } from './tone';

/** The findings removed in one Kubernetes minor (or deprecated with no removal planned). */
export class RemovedApiVersionNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    private readonly group: RemovedApiVersionGroup,
  ) {
    super(parent, `${parent.id}/${group.key}`);
  }
  getTreeItem(): vscode.TreeItem {
    const g = this.group;
    const item = new vscode.TreeItem(g.label, vscode.TreeItemCollapsibleState.Expanded);
    item.id = this.id;
    item.description = g.description;
    item.iconPath = new vscode.ThemeIcon('versions', toneColor(g.severity === 'error' ? 'error' : 'warn'));
    item.contextValue = 'upgradePlanner.removedApiVersion';
    return item;
  }
  override getChildren(): ExplorerNode[] {
    return this.group.rows.map((r) => new RemovedApiFindingNode(this, r));
  }
}
