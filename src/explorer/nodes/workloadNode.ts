import * as vscode from 'vscode';
import type { ReleaseNotesRow } from '../../commands/args';
import type { Section, WorkloadSummary } from '../../core/cluster/snapshot';
import { escapeMarkdown } from '../markdown';
import { type RowNotes, noNotes } from '../text/componentLines';
import { ExplorerNode } from './base';
import { ErrorNode } from './errorNode';

/** Release pages of the components deployed as Deployments, by Deployment name. */
const RELEASES_REPO: Readonly<Record<string, string>> = {
  'rook-ceph-operator': 'rook/rook',
  velero: 'vmware-tanzu/velero',
};
const DEFAULT_REPO = 'rancher/system-upgrade-controller';

/** A component deployed as a Deployment: present with its version (and what the rules say of it), absent, or unreadable. */
export class WorkloadNode extends ExplorerNode implements ReleaseNotesRow {
  constructor(
    parent: ExplorerNode,
    key: string,
    private readonly label: string,
    readonly section: Section<WorkloadSummary>,
    private readonly notes: (w: WorkloadSummary) => RowNotes = () => noNotes,
  ) {
    super(parent, `${parent.id}/${key}`);
  }
  get version(): string | undefined {
    return this.section.state === 'ok' ? this.section.value.version : undefined;
  }
  releaseNotesUrl(): string | undefined {
    const v = this.version;
    if (!v || this.section.state !== 'ok') return undefined;
    const repo = RELEASES_REPO[this.section.value.name] ?? DEFAULT_REPO;
    return `https://github.com/${repo}/releases/tag/${encodeURIComponent(v)}`;
  }
  getTreeItem(): vscode.TreeItem {
    const s = this.section;
    const item = new vscode.TreeItem(this.label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    if (s.state === 'ok') {
      const w = s.value;
      const notes = this.notes(w);
      const ready = w.readyReplicas >= w.replicas && w.replicas > 0;
      item.description = [w.version ?? w.image ?? '?', `${w.readyReplicas}/${w.replicas} ready`, ...notes.description].join(' · ');
      item.tooltip = new vscode.MarkdownString([escapeMarkdown(`${w.namespace}/${w.name}`), w.image ? escapeMarkdown(w.image) : '', ...notes.tooltip].filter(Boolean).join('\n\n'));
      item.iconPath = new vscode.ThemeIcon(notes.warn ? 'warning' : 'package', ready && !notes.warn ? undefined : new vscode.ThemeColor('list.warningForeground'));
      item.contextValue = 'upgradePlanner.component';
    } else if (s.state === 'absent') {
      item.description = 'not installed';
      item.tooltip = s.reason;
      item.iconPath = new vscode.ThemeIcon('circle-slash');
      item.contextValue = 'upgradePlanner.component.absent';
    } else {
      return new ErrorNode(this.parent, this.id, s.error, this.label).getTreeItem();
    }
    return item;
  }
}
