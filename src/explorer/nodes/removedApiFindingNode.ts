import * as vscode from 'vscode';
import type { RemovedApiRow } from '../text/removedApiRows';
import { ExplorerNode } from './base';
import { toneColor } from './tone';

/** One object, Helm release or API server call using a removed or deprecated API, with its replacement. */
export class RemovedApiFindingNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    private readonly row: RemovedApiRow,
  ) {
    super(parent, `${parent.id}/${row.key}`);
  }
  getTreeItem(): vscode.TreeItem {
    const r = this.row;
    const item = new vscode.TreeItem(r.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = r.description;
    item.tooltip = r.tooltip;
    item.iconPath = new vscode.ThemeIcon(r.severity === 'error' ? 'error' : 'warning', toneColor(r.severity === 'error' ? 'error' : 'warn'));
    item.contextValue = 'upgradePlanner.removedApi';
    return item;
  }
}
