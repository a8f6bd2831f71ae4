import * as vscode from 'vscode';
import { ExplorerNode } from './base';

/** A row that only says something (an empty state, a K3s embedded component), with an optional command. */
export class MessageNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode | undefined,
    id: string,
    private readonly label: string,
    private readonly icon: string,
    private readonly description?: string,
    private readonly command?: vscode.Command,
  ) {
    super(parent, id);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.description = this.description;
    item.tooltip = this.description ? `${this.label}\n${this.description}` : this.label;
    item.command = this.command;
    item.contextValue = 'upgradePlanner.message';
    return item;
  }
}
