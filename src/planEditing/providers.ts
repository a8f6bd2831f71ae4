import * as vscode from 'vscode';
import { planCompletions, planHover } from '../core/plans';
import { PlanVsDiagnostic, toRange, toWorkspaceEdit } from './convert';
import type { PlanReleaseData } from './releaseData';
import { isPlanDocument } from './selector';

const KIND = {
  property: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  version: vscode.CompletionItemKind.Constant,
} as const;

export class PlanCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly releases: PlanReleaseData) {}

  async provideCompletionItems(doc: vscode.TextDocument, position: vscode.Position, token: vscode.CancellationToken): Promise<vscode.CompletionItem[]> {
    if (!isPlanDocument(doc) || token.isCancellationRequested) return [];
    const { releases } = await this.releases.get();
    if (token.isCancellationRequested) return [];
    return planCompletions(doc.getText(), doc.offsetAt(position), releases).map((c) => {
      const item = new vscode.CompletionItem(c.label, KIND[c.kind]);
      item.insertText = c.insertText;
      item.range = toRange(doc, c.range);
      if (c.detail) item.detail = c.detail;
      if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
      if (c.sortText) item.sortText = c.sortText;
      if (c.preselect) item.preselect = true;
      if (c.kind === 'property' && c.insertText.endsWith('\n')) item.command = { command: 'editor.action.triggerSuggest', title: 'Suggest' };
      return item;
    });
  }
}

export class PlanHoverProvider implements vscode.HoverProvider {
  constructor(private readonly releases: PlanReleaseData) {}

  async provideHover(doc: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    if (!isPlanDocument(doc)) return undefined;
    const h = planHover(doc.getText(), doc.offsetAt(position), (await this.releases.get()).releases);
    if (!h) return undefined;
    // Release headlines come from upstream notes: no HTML, no command links.
    const md = new vscode.MarkdownString(h.markdown, false);
    md.isTrusted = false;
    md.supportHtml = false;
    return new vscode.Hover(md, toRange(doc, h.range));
  }
}

/** Quick fixes carried by the plan diagnostics: insert the missing hop, use the latest patch, remove an unknown key, accept a risk. */
export class PlanCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  /** Diagnostics reach code actions as copies, so the fixes are looked up in the diagnostics we published. */
  constructor(private readonly published: (uri: vscode.Uri) => readonly PlanVsDiagnostic[]) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    if (!isPlanDocument(doc)) return [];
    const out: vscode.CodeAction[] = [];
    const mine = this.published(doc.uri);
    for (const d of context.diagnostics) {
      const ours = d instanceof PlanVsDiagnostic ? d : mine.find((m) => m.message === d.message && m.range.isEqual(d.range) && codeOf(m.code) === codeOf(d.code));
      if (!ours) continue;
      for (const fix of ours.plan.fixes ?? []) {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        if (fix.edits.length || !fix.command) action.edit = toWorkspaceEdit(doc, fix.edits);
        // A fix that needs more than text (a registry read) runs its command with the plan.
        if (fix.command) action.command = { command: fix.command, title: fix.title, arguments: [doc.uri] };
        action.diagnostics = [d];
        action.isPreferred = fix.preferred ?? false;
        out.push(action);
      }
    }
    return out;
  }
}

function codeOf(code: vscode.Diagnostic['code']): string {
  return typeof code === 'object' ? String(code.value) : String(code);
}
