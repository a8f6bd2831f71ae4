import * as vscode from 'vscode';
import { type LocatedFinding, findingsOf } from './fileScan';
import { RemovedApiDiagnostic, rangeOf } from './diagnostics';
import type { ManifestScanner } from './manifestScanner';
import { hoverMarkdown } from './messages';
import type { TargetVersions } from './targetVersions';

/** The findings of a document's current text against the current target (scanned now if the text is newer). */
function findingsIn(doc: vscode.TextDocument, scanner: ManifestScanner, targets: TargetVersions): LocatedFinding[] {
  const j = targets.current();
  return j ? findingsOf(scanner.refsOf(doc).refs, j) : [];
}

/**
 * Rewrites the apiVersion where the migration is mechanical. Offered, never applied on its own: the user picks it
 * (also in an untrusted workspace, where it is an ordinary edit of an open file).
 */
export class RemovedApiCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];
  constructor(private readonly scanner: ManifestScanner, private readonly targets: TargetVersions) {}

  provideCodeActions(doc: vscode.TextDocument, range: vscode.Range | vscode.Selection, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const j = this.targets.current();
    if (!j) return [];
    const actions: vscode.CodeAction[] = [];
    for (const found of findingsIn(doc, this.scanner, this.targets)) {
      const at = rangeOf(found.ref);
      if (!found.edit || !at.intersection(range)) continue;
      const action = new vscode.CodeAction(`Change apiVersion to ${found.edit.newText}`, vscode.CodeActionKind.QuickFix);
      action.edit = new vscode.WorkspaceEdit();
      action.edit.replace(doc.uri, at, found.edit.newText);
      action.diagnostics = context.diagnostics.filter((d) => d.range.isEqual(at) && (d instanceof RemovedApiDiagnostic || d.source === 'Upgrade Planner'));
      action.isPreferred = true;
      actions.push(action);
    }
    return actions;
  }
}

/** On a flagged apiVersion value: its lifecycle, the target it was judged against, and what else must change. */
export class RemovedApiHover implements vscode.HoverProvider {
  constructor(private readonly scanner: ManifestScanner, private readonly targets: TargetVersions) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const j = this.targets.current();
    if (!j) return undefined;
    const found = findingsIn(doc, this.scanner, this.targets).find((f) => rangeOf(f.ref).contains(position));
    if (!found) return undefined;
    const md = new vscode.MarkdownString(hoverMarkdown(found.finding, j, found.ref.bestEffort));
    md.isTrusted = false;
    md.supportHtml = false;
    return new vscode.Hover(md, rangeOf(found.ref));
  }
}
