import * as vscode from 'vscode';
import type { EtcdSnapshotSummary } from '../../core/cluster/snapshot';
import { snapshotLine } from '../text/snapshotLines';
import { ExplorerNode } from './base';

/** One K3s etcd snapshot: node, time and age, size; stale (older than preflight accepts) or not ready is a warning. */
export class EtcdSnapshotNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode,
    readonly snap: EtcdSnapshotSummary,
    private readonly now: () => Date,
  ) {
    super(parent, `${parent.id}/${snap.name}`);
  }
  getTreeItem(): vscode.TreeItem {
    const line = snapshotLine(this.snap, this.now());
    const item = new vscode.TreeItem(this.snap.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = line.description;
    item.tooltip = line.tooltip;
    item.iconPath = new vscode.ThemeIcon('archive', line.warn ? new vscode.ThemeColor('list.warningForeground') : undefined);
    item.contextValue = 'upgradePlanner.etcdSnapshot';
    return item;
  }
}
