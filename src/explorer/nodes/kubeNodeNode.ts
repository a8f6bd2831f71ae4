import * as vscode from 'vscode';
import type { ReleaseNotesRow } from '../../commands/args';
import type { DistributionName } from '../../core/cluster/distribution';
import { defaultReleaseNotesUrl } from '../../core/cluster/releaseDecorations';
import type { NodeSummary } from '../../core/cluster/snapshot';
import { parseKubeVersion } from '../../core/versions';
import { nodeLine } from '../text/nodeLines';
import { ExplorerNode } from './base';
import { toneColor } from './tone';

/** A Kubernetes node: role, kubelet version and skew, readiness and pressures. */
export class KubeNodeNode extends ExplorerNode implements ReleaseNotesRow {
  constructor(
    parent: ExplorerNode,
    readonly node: NodeSummary,
    private readonly distribution: DistributionName,
  ) {
    super(parent, `${parent.id}/${node.name}`);
  }

  releaseNotesUrl(): string | undefined {
    const v = parseKubeVersion(this.node.kubeletVersion);
    return v.ok ? defaultReleaseNotesUrl(v.value) : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const line = nodeLine(this.node, this.distribution);
    const item = new vscode.TreeItem(this.node.name, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = line.description;
    item.iconPath = new vscode.ThemeIcon(this.node.isServer ? 'server-process' : 'server', toneColor(line.tone));
    item.tooltip = new vscode.MarkdownString(line.tooltip);
    item.contextValue = 'upgradePlanner.node';
    return item;
  }
}
