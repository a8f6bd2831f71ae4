import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { type CheckResult, type CheckStatus, describeRef } from '../core/preflight';
import { isPlanDocument } from '../planEditing/selector';
import type { PreflightReports, StoredReport } from './reports';

export const PREFLIGHT_VIEW_ID = 'upgradePlanner.preflight';
export const OVERRIDE_COMMAND = 'upgradePlanner.overrideCheck';

/** A check of the report (a row), or one line under it (an object it looked at, the fix). */
export class PreflightCheckNode {
  constructor(readonly uri: vscode.Uri, readonly check: CheckResult) {}
}

export class PreflightDetailNode {
  constructor(readonly parent: PreflightCheckNode, readonly label: string, readonly icon: string, readonly key: string) {}
}

export type PreflightNode = PreflightCheckNode | PreflightDetailNode;

const ICONS: Record<CheckStatus, [string, string]> = {
  pass: ['pass', 'testing.iconPassed'],
  warn: ['warning', 'list.warningForeground'],
  fail: ['error', 'list.errorForeground'],
  'not-checked': ['circle-slash', 'disabledForeground'],
};

const STATUS_TEXT: Record<CheckStatus, string> = { pass: 'passed', warn: 'warning', fail: 'failed', 'not-checked': 'not checked' };

/** Failed first, then warnings, not checked, passed: what needs a decision is on top. */
const ORDER: Record<CheckStatus, number> = { fail: 0, warn: 1, 'not-checked': 2, pass: 3 };

/** `14 passed · 2 warnings · 1 failed (blocking)`. */
export function summaryText(r: StoredReport): string {
  const s = r.report.summary;
  const parts = [`${s.pass} passed`, s.warn ? `${s.warn} warning${s.warn === 1 ? '' : 's'}` : '', s.fail ? `${s.fail} failed` : '', s['not-checked'] ? `${s['not-checked']} not checked` : ''].filter(Boolean);
  const verdict = r.report.blocking ? 'blocks the run' : s.overridden ? `${s.overridden} overridden, may run` : 'may run';
  return `${parts.join(' · ')} — ${verdict}`;
}

/**
 * The Preflight view beside the Checklist: the last preflight of the plan in the active editor, one row
 * per check (failed first), with the objects each looked at and its fix under it. A failed row offers
 * "Override…" (a reason is asked and recorded in the journal). Like the Checklist, it follows the plan
 * being edited; a plan without a report says how to get one.
 */
export class PreflightView extends Disposable implements vscode.TreeDataProvider<PreflightNode> {
  readonly view: vscode.TreeView<PreflightNode>;
  private plan: vscode.Uri | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<PreflightNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly reports: PreflightReports) {
    super();
    this.view = this.register(vscode.window.createTreeView(PREFLIGHT_VIEW_ID, { treeDataProvider: this, showCollapseAll: true }));
    this.register(vscode.window.onDidChangeActiveTextEditor((e) => this.follow(e?.document)));
    this.register(reports.onDidChange((uri) => {
      if (this.plan?.toString() !== uri.toString()) this.plan = uri;
      this.redraw();
    }));
    this.follow(vscode.window.activeTextEditor?.document);
    this.redraw();
  }

  /** Shows a plan's report (after a preflight started elsewhere than its editor). */
  show(uri: vscode.Uri): void {
    this.plan = uri;
    this.redraw();
  }

  private follow(doc: vscode.TextDocument | undefined): void {
    if (doc && isPlanDocument(doc) && doc.uri.toString() !== this.plan?.toString()) {
      this.plan = doc.uri;
      this.redraw();
    }
  }

  private redraw(): void {
    const stored = this.plan ? this.reports.get(this.plan) : undefined;
    const file = this.plan?.path.split('/').pop();
    this.view.description = stored ? `${file} · ${stored.live.context} · ${new Date(stored.report.at).toLocaleTimeString()}` : file;
    this.view.message = stored ? summaryText(stored) : this.plan ? 'No preflight of this plan yet: run "Preflight" from its CodeLens.' : 'Open a plan (*.upgradeplan.yaml) and run "Preflight" from its CodeLens.';
    this.changed.fire(undefined);
  }

  getChildren(node?: PreflightNode): PreflightNode[] {
    if (node instanceof PreflightDetailNode) return [];
    if (node) {
      const c = node.check;
      const out = c.objects.map((o, i) => new PreflightDetailNode(node, describeRef(o), 'symbol-object', `o${i}`));
      if (c.fixHint && c.status !== 'pass') out.push(new PreflightDetailNode(node, `Fix: ${c.fixHint}`, 'lightbulb', 'fix'));
      if (c.override) out.push(new PreflightDetailNode(node, `Overridden by ${c.override.by} at ${c.override.at}: ${c.override.reason}`, 'unlock', 'override'));
      return out;
    }
    const stored = this.plan ? this.reports.get(this.plan) : undefined;
    if (!stored) return [];
    return [...stored.report.checks].sort((a, b) => ORDER[a.status] - ORDER[b.status]).map((c) => new PreflightCheckNode(stored.uri, c));
  }

  getParent(node: PreflightNode): PreflightNode | undefined {
    return node instanceof PreflightDetailNode ? node.parent : undefined;
  }

  getTreeItem(node: PreflightNode): vscode.TreeItem {
    if (node instanceof PreflightDetailNode) {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
      item.id = `${node.parent.uri.toString()}#${node.parent.check.id}#${node.key}`;
      item.iconPath = new vscode.ThemeIcon(node.icon);
      item.tooltip = node.label;
      return item;
    }
    const c = node.check;
    const hasChildren = c.objects.length > 0 || (c.fixHint !== undefined && c.status !== 'pass') || c.override !== undefined;
    const item = new vscode.TreeItem(c.title, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `${node.uri.toString()}#${c.id}`;
    const overridden = c.status === 'fail' && c.override !== undefined;
    item.description = `${overridden ? 'failed, overridden' : STATUS_TEXT[c.status]} — ${c.reason}`;
    const [icon, color] = overridden ? ['unlock', 'list.warningForeground'] : ICONS[c.status];
    item.iconPath = new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
    item.contextValue = `upgradePlanner.preflightCheck.${c.status}${c.override ? '.overridden' : ''}`;
    const tip = new vscode.MarkdownString(undefined, false);
    tip.appendText(`${c.title} (${c.id})\n\n${STATUS_TEXT[c.status]}: ${c.reason}`);
    if (c.fixHint && c.status !== 'pass') tip.appendText(`\n\nFix: ${c.fixHint}`);
    if (c.override) tip.appendText(`\n\nOverridden by ${c.override.by} at ${c.override.at}: ${c.override.reason}`);
    item.tooltip = tip;
    return item;
  }
}
