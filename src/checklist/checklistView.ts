import * as vscode from 'vscode';
import { Debouncer } from '../common/debounce';
import { Disposable } from '../common/lifecycle';
import { BACKUP_ITEM, type ChecklistEntry, type ItemStatus, isTicked } from '../core/plans';
import { isPlanDocument } from '../planEditing/selector';
import { checklistOf } from './planEdits';

export const CHECKLIST_VIEW_ID = 'upgradePlanner.checklist';
/** The command a checkbox runs (src/commands/checklist.ts). */
export const TOGGLE_COMMAND = 'upgradePlanner.toggleChecklistItem';

/** One row: an entry of the plan's checklist. */
export class ChecklistNode {
  constructor(
    readonly uri: vscode.Uri,
    readonly entry: ChecklistEntry,
    readonly parent?: ChecklistNode,
  ) {}
}

const STATUS_TEXT: Record<ItemStatus, string> = {
  pending: 'pending', done: 'done', waived: 'waived', 'not-applicable': 'not applicable',
  verified: 'verified', overridden: 'overridden', stale: 'needs review again',
};

/** Codicon and theme colour per status (built when drawn: nothing touches the editor API at import time). */
const ICONS: Record<ItemStatus, readonly [string, string?]> = {
  pending: ['circle-large-outline'],
  done: ['pass'],
  waived: ['circle-slash'],
  'not-applicable': ['dash'],
  verified: ['verified-filled', 'testing.iconPassed'],
  overridden: ['warning', 'list.warningForeground'],
  stale: ['history', 'list.warningForeground'],
};

function iconOf(status: ItemStatus): vscode.ThemeIcon {
  const [id, color] = ICONS[status];
  return new vscode.ThemeIcon(id, color ? new vscode.ThemeColor(color) : undefined);
}

/**
 * The Checklist view beside the Clusters view: the checklist of the plan in the active editor (the last
 * one while another editor or a webview is active), with native checkboxes. A checkbox runs the toggle
 * command, which edits the plan file; the view follows the document, so undo and git see the same state.
 */
export class ChecklistView extends Disposable implements vscode.TreeDataProvider<ChecklistNode> {
  readonly view: vscode.TreeView<ChecklistNode>;
  private plan: vscode.Uri | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<ChecklistNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly refresh = this.register(new Debouncer(150, () => this.changed.fire(undefined)));

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.view = this.register(vscode.window.createTreeView(CHECKLIST_VIEW_ID, { treeDataProvider: this, manageCheckboxStateManually: true, showCollapseAll: false }));
    this.register(vscode.window.onDidChangeActiveTextEditor((e) => this.follow(e?.document)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (this.plan && e.document.uri.toString() === this.plan.toString()) this.refresh.schedule();
    }));
    this.register(vscode.languages.onDidChangeDiagnostics((e) => {
      if (this.plan && e.uris.some((u) => u.toString() === this.plan!.toString())) this.refresh.schedule();
    }));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => {
      if (this.plan && d.uri.toString() === this.plan.toString()) this.show(undefined);
    }));
    this.register(this.view.onDidChangeCheckboxState((e) => {
      for (const [node, state] of e.items) {
        // Redrawn after the command either way: a refused or cancelled tick shows the file's state again.
        void vscode.commands.executeCommand(TOGGLE_COMMAND, node, state === vscode.TreeItemCheckboxState.Checked).then(
          () => this.redraw(),
          (error: unknown) => {
            this.log.error(`Checklist: ${String(error)}`);
            this.redraw();
          },
        );
      }
    }));
    this.follow(vscode.window.activeTextEditor?.document);
  }

  /** The plan the view shows. */
  get current(): vscode.Uri | undefined {
    return this.plan;
  }

  private follow(doc: vscode.TextDocument | undefined): void {
    if (doc && isPlanDocument(doc) && doc.uri.toString() !== this.plan?.toString()) this.show(doc.uri);
  }

  private show(uri: vscode.Uri | undefined): void {
    this.plan = uri;
    this.view.description = uri ? uri.path.split('/').pop() : undefined;
    this.changed.fire(undefined);
  }

  private redraw(): void {
    this.changed.fire(undefined);
  }

  async getChildren(node?: ChecklistNode): Promise<ChecklistNode[]> {
    if (node) return (node.entry.children ?? []).map((c) => new ChecklistNode(node.uri, c, node));
    const uri = this.plan;
    if (!uri) return [];
    const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()) ?? (await vscode.workspace.openTextDocument(uri));
    return checklistOf(doc).map((e) => new ChecklistNode(uri, e));
  }

  getParent(node: ChecklistNode): ChecklistNode | undefined {
    return node.parent;
  }

  getTreeItem(node: ChecklistNode): vscode.TreeItem {
    const e = node.entry;
    const item = new vscode.TreeItem(e.title, e.children?.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None);
    item.id = `${node.uri.toString()}#${e.id}`;
    item.description = `${STATUS_TEXT[e.status]}${e.required ? '' : ' · optional'} — ${e.detail}`;
    item.iconPath = iconOf(e.status);
    item.contextValue = `upgradePlanner.checklist.${e.check}${e.wantsLink ? '.link' : ''}`;
    if (e.check !== 'computed') {
      item.checkboxState = {
        state: isTicked(e.status) ? vscode.TreeItemCheckboxState.Checked : vscode.TreeItemCheckboxState.Unchecked,
        tooltip: e.check === 'tool' ? 'Ticked by the tool when verified; a tick by hand is recorded as overridden' : 'Tick when done',
      };
    }
    const tip = new vscode.MarkdownString(undefined, false);
    tip.appendText(`${e.title}\n\n${STATUS_TEXT[e.status]}: ${e.detail}`);
    if (e.check === 'tool') {
      const how = e.id === BACKUP_ITEM ? 'run "Back Up Before Upgrading…" on the plan (it ticks this once every backup is verified)' : 'use "Mark reviewed" in the Release Notes of the plan';
      tip.appendText(`\n\nVerified by the tool: ${how}. A tick by hand is recorded as overridden.`);
    }
    if (e.check === 'computed') tip.appendText('\n\nComputed from the plan: accept each risky edge in acceptedRisks with a reason.');
    item.tooltip = tip;
    if (e.range) {
      item.command = { command: 'upgradePlanner.showReleaseNotes', title: 'Show Release Notes', arguments: [node.uri] };
    }
    return item;
  }
}
