import * as vscode from 'vscode';
import type { ReleaseNotesRow } from '../../commands/args';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import { parseKubeVersion } from '../../core/versions';
import { versionLine } from '../text/versionLine';
import { type ExplorerDeps, ExplorerNode } from './base';

/** Distribution and API server version, decorated with newer releases, CVE fixes and what blocks the next minor. */
export class VersionNode extends ExplorerNode implements ReleaseNotesRow {
  constructor(
    parent: ExplorerNode,
    readonly snapshot: ClusterSnapshot,
    private readonly deps: ExplorerDeps,
  ) {
    super(parent, `${parent.id}/version`);
  }

  releaseNotesUrl(): string | undefined {
    const v = parseKubeVersion(this.snapshot.apiServerVersion);
    return v.ok ? this.deps.releases().releaseNotesUrl(v.value) : undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.snapshot;
    const line = versionLine(s, this.deps.releases());
    const item = new vscode.TreeItem(`${s.distribution.name} ${s.apiServerVersion}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = line.description;
    item.iconPath = new vscode.ThemeIcon(line.icon, line.warn ? new vscode.ThemeColor('list.warningForeground') : undefined);
    item.tooltip = new vscode.MarkdownString(line.tooltip);
    item.contextValue = 'upgradePlanner.version';
    return item;
  }
}
