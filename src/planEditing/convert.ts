import * as vscode from 'vscode';
import type { OffsetRange, PlanDiagnostic, PlanSeverity, TextEdit } from '../core/plans';

export function toRange(doc: vscode.TextDocument, r: OffsetRange): vscode.Range {
  return new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end));
}

const SEVERITY: Record<PlanSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

/** A VS Code diagnostic that remembers the plan diagnostic it came from, so that code actions find its fixes. */
export class PlanVsDiagnostic extends vscode.Diagnostic {
  constructor(doc: vscode.TextDocument, readonly plan: PlanDiagnostic) {
    super(toRange(doc, plan.range), plan.message, SEVERITY[plan.severity]);
    this.source = 'Upgrade Planner';
    this.code = plan.code;
  }
}

export function toWorkspaceEdit(doc: vscode.TextDocument, edits: readonly TextEdit[]): vscode.WorkspaceEdit {
  const we = new vscode.WorkspaceEdit();
  for (const e of edits) we.replace(doc.uri, toRange(doc, e.range), e.newText);
  return we;
}
