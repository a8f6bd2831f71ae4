import * as vscode from 'vscode';
import { type ApiError, describeApiError, permissionOf } from '../../core/cluster/errors';
import type { ReleaseInfo } from '../../core/cluster/releaseInfo';
import type { Section } from '../../core/cluster/snapshot';
import type { ClustersModel } from '../clustersModel';
import type { PlanFinder } from '../plans';

/** What nodes need to build their children. */
export interface ExplorerDeps {
  readonly model: ClustersModel;
  readonly releases: () => ReleaseInfo;
  readonly plans: PlanFinder;
}

/** One class per kind of row; children are built lazily when VS Code asks. */
export abstract class ExplorerNode {
  constructor(
    readonly parent: ExplorerNode | undefined,
    /** Stable id, so that expansion survives refreshes. */
    readonly id: string,
  ) {}
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): ExplorerNode[] | Promise<ExplorerNode[]> {
    return [];
  }
  /** The context this row belongs to, for commands invoked on it. */
  get contextName(): string | undefined {
    return this.parent?.contextName;
  }
}

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

/** A failure shown in place: the label says what, the description why; Retry where retrying can help. */
export class ErrorNode extends ExplorerNode {
  constructor(
    parent: ExplorerNode | undefined,
    id: string,
    readonly error: ApiError,
    private readonly what?: string,
  ) {
    super(parent, id);
  }
  get retryable(): boolean {
    return this.error.kind === 'unreachable' || this.error.kind === 'failed' || this.error.kind === 'unauthorized' || this.error.kind === 'aborted';
  }
  getTreeItem(): vscode.TreeItem {
    const e = this.error;
    const head = this.what ? `${this.what}: ` : '';
    const label = e.kind === 'unreachable' ? `${head}Cannot reach cluster — Retry` : `${head}${describeApiError(e)}`;
    const item = new vscode.TreeItem(label, vscode.TreeItemCollapsibleState.None);
    item.id = this.id;
    item.iconPath = new vscode.ThemeIcon(e.kind === 'forbidden' ? 'lock' : 'error', new vscode.ThemeColor(e.kind === 'forbidden' ? 'list.warningForeground' : 'list.errorForeground'));
    item.description = e.kind === 'forbidden' ? `needs "${permissionOf(e)}"` : e.message;
    item.tooltip = e.message;
    item.contextValue = this.retryable ? 'upgradePlanner.error.retryable' : 'upgradePlanner.error';
    if (this.retryable && this.contextName) {
      item.command = { command: 'upgradePlanner.retryCluster', title: 'Retry', arguments: [this.contextName] };
    }
    return item;
  }
}

/** Maps a section to its children: the value's rows, an "absent" row, or an error row. */
export function sectionChildren<T>(
  parent: ExplorerNode,
  section: Section<T>,
  absentLabel: string,
  ok: (value: T) => ExplorerNode[],
): ExplorerNode[] {
  switch (section.state) {
    case 'ok':
      return ok(section.value);
    case 'absent':
      return [new MessageNode(parent, `${parent.id}/absent`, absentLabel, 'circle-slash', section.reason)];
    case 'error':
      return [new ErrorNode(parent, `${parent.id}/error`, section.error)];
  }
}
