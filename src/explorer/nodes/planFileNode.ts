import * as vscode from 'vscode';
import type { PlanFile } from '../plans';
import { ExplorerNode } from './base';

/** A plan file pinned to the cluster; opens it. */
export class PlanFileNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    readonly plan: PlanFile,
  ) {
    super(parent, `${parent.id}/${plan.uri.toString()}`);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.plan.pin.name ?? vscode.workspace.asRelativePath(this.plan.uri), vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.resourceUri = this.plan.uri;
    item.description = vscode.workspace.asRelativePath(this.plan.uri);
    item.iconPath = new vscode.ThemeIcon('file-code');
    item.command = { command: 'vscode.open', title: 'Open Plan', arguments: [this.plan.uri] };
    item.contextValue = 'upgradePlanner.plan';
    return item;
  }
}
