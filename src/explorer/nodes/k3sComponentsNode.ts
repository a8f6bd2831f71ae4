import * as vscode from 'vscode';
import { ExplorerNode } from './base';
import { MessageNode } from './messageNode';

/** The components a K3s release embeds, from the release catalog (nothing until it knows the version). */
export class K3sComponentsNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    private readonly version: string,
    private readonly components: readonly { name: string; version: string }[],
  ) {
    super(parent, `${parent.id}/k3s`);
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem('K3s embedded components', this.components.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = this.components.length ? `${this.components.length} in ${this.version}` : `no release data for ${this.version}`;
    item.iconPath = new vscode.ThemeIcon('layers');
    item.contextValue = 'upgradePlanner.k3sComponents';
    return item;
  }
  override getChildren(): ExplorerNode[] {
    return this.components.map((c) => new MessageNode(this, `${this.id}/${c.name}`, c.name, 'symbol-misc', c.version));
  }
}
