import * as vscode from 'vscode';
import { snapshotsGroupLine } from '../text/snapshotLines';
import type { ClusterScope, ExplorerDeps, ExplorerNode } from './base';
import { EtcdSnapshotNode } from './etcdSnapshotNode';
import { GroupNode } from './groupNode';
import { MessageNode } from './messageNode';
import { sectionChildren } from './sectionChildren';

/** K3s etcd snapshots (ETCDSnapshotFile), newest first; the group warns when none is recent enough to upgrade from. */
export class SnapshotsGroupNode extends GroupNode {
  constructor(parent: ExplorerNode, scope: ClusterScope, deps: ExplorerDeps) {
    super(parent, scope, 'snapshots', 'Snapshots', 'history', deps);
  }
  override getTreeItem(): vscode.TreeItem {
    const item = super.getTreeItem();
    const s = this.scope.settled()?.etcdSnapshots;
    if (s?.state === 'ok') {
      const line = snapshotsGroupLine(s.value, this.deps.now());
      item.description = line.description;
      item.tooltip = line.tooltip;
      if (line.warn) item.iconPath = new vscode.ThemeIcon('history', new vscode.ThemeColor('list.warningForeground'));
    }
    return item;
  }
  override async getChildren(): Promise<ExplorerNode[]> {
    const s = await this.snapshot();
    if (!s) return [];
    return sectionChildren(this, s.etcdSnapshots, 'No etcd snapshots (ETCDSnapshotFile not served)', (list) =>
      list.length ? list.map((x) => new EtcdSnapshotNode(this, x, this.deps.now)) : [new MessageNode(this, `${this.id}/none`, 'No snapshots', 'info')],
    );
  }
}
