import * as vscode from 'vscode';
import { type ApiError, describeApiError, permissionOf } from '../../core/cluster/errors';
import { errorDetail } from '../../core/cluster/errorText';
import { ExplorerNode } from './base';

/** A failure shown in place: the label says what, the description why (once); Retry where retrying can help. */
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
    const detail = errorDetail(e);
    item.description = e.kind === 'forbidden' ? `needs "${permissionOf(e)}"` : detail;
    item.tooltip = this.retryable ? `${describeApiError(e)}: ${detail}\nClick to read the cluster again.` : `${describeApiError(e)}\n${detail}`;
    item.contextValue = this.retryable ? 'upgradePlanner.error.retryable' : 'upgradePlanner.error';
    if (this.retryable && this.contextName) {
      item.command = { command: 'upgradePlanner.retryCluster', title: 'Retry', arguments: [this.contextName] };
    }
    return item;
  }
}
