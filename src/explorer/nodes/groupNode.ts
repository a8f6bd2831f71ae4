import * as vscode from 'vscode';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import { type ClusterScope, type ExplorerDeps, ExplorerNode } from './base';

/** A collapsible group under a context (Components, Snapshots, Plans); reads the cluster through its scope. */
export abstract class GroupNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    protected readonly scope: ClusterScope,
    key: string,
    private readonly label: string,
    private readonly icon: string,
    protected readonly deps: ExplorerDeps,
  ) {
    super(parent, `${parent.id}/${key}`);
  }
  protected snapshot(): Promise<ClusterSnapshot | undefined> {
    return this.scope.current();
  }
  getTreeItem(): vscode.TreeItem {
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(this.icon);
    item.contextValue = `upgradePlanner.group.${this.id.split('/').pop() ?? ''}`;
    return item;
  }
}
