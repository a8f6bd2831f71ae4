import * as vscode from 'vscode';
import type { ReleaseNotesRow } from '../../commands/args';
import { cephDisplay } from '../../core/cluster/cephDisplay';
import type { CephClusterSummary } from '../../core/cluster/snapshot';
import { cephReleaseName, parseCephVersion } from '../../core/versions';
import { escapeMarkdown } from '../markdown';
import type { RowNotes } from '../text/componentLines';
import { ExplorerNode } from './base';

/** A CephCluster resource: its Ceph version (`v18.2.4 (Reef)`), health, monitors, and what is newer. */
export class CephClusterNode extends ExplorerNode implements ReleaseNotesRow {
  constructor(
    parent: ExplorerNode,
    readonly ceph: CephClusterSummary,
    private readonly notes: RowNotes,
  ) {
    super(parent, `${parent.id}/ceph/${ceph.namespace}/${ceph.name}`);
  }
  get version(): string | undefined {
    return this.ceph.cephVersion;
  }
  releaseNotesUrl(): string | undefined {
    const v = this.version ? parseCephVersion(this.version) : undefined;
    if (!v) return undefined;
    const name = v.ok ? cephReleaseName(v.value.major) : undefined;
    return `https://docs.ceph.com/en/latest/releases/${name ? `${name}/` : ''}`;
  }
  getTreeItem(): vscode.TreeItem {
    const c = this.ceph;
    const item = new vscode.TreeItem(`CephCluster ${c.name}`, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.description = [`Ceph ${cephDisplay(c.cephVersion)}`, c.health ?? c.phase ?? 'no status', c.monCount !== undefined ? `${c.monCount} mons` : '', ...this.notes.description].filter(Boolean).join(' · ');
    const color = c.health === 'HEALTH_ERR' ? 'list.errorForeground' : c.health !== 'HEALTH_OK' || this.notes.warn ? 'list.warningForeground' : undefined;
    item.iconPath = new vscode.ThemeIcon('database', color ? new vscode.ThemeColor(color) : undefined);
    item.tooltip = new vscode.MarkdownString(
      [escapeMarkdown(`${c.namespace}/${c.name}`), c.image ? escapeMarkdown(c.image) : '', c.message ? escapeMarkdown(c.message) : '', ...this.notes.tooltip].filter(Boolean).join('\n\n'),
    );
    item.contextValue = 'upgradePlanner.component';
    return item;
  }
}
