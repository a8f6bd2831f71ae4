import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { parsePlan } from '../core/plans';
import { preflightDiagnostics } from '../core/preflight';
import type { PreflightReports } from './reports';

export const PREFLIGHT_DIAGNOSTIC_SOURCE = 'Upgrade Planner preflight';

const SEVERITY = { error: vscode.DiagnosticSeverity.Error, warning: vscode.DiagnosticSeverity.Warning, info: vscode.DiagnosticSeverity.Information, hint: vscode.DiagnosticSeverity.Hint } as const;

/**
 * The last preflight of each plan as diagnostics on the plan file, in their own collection (the plan's
 * validation replaces its own diagnostics on every edit; these stay until the next preflight). Each
 * sits on the line of the plan the check concerns.
 */
export class PreflightDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('upgrade-planner-preflight'));

  constructor(reports: PreflightReports) {
    super();
    this.register(reports.onDidChange((uri) => {
      const stored = reports.get(uri);
      if (stored) void this.publish(uri, stored.report);
    }));
  }

  private async publish(uri: vscode.Uri, report: Parameters<typeof preflightDiagnostics>[0]): Promise<void> {
    const doc = await vscode.workspace.openTextDocument(uri);
    const text = doc.getText();
    const diags = preflightDiagnostics(report, parsePlan(text).doc).map((d) => {
      const v = new vscode.Diagnostic(new vscode.Range(doc.positionAt(d.range.start), doc.positionAt(d.range.end)), d.message, SEVERITY[d.severity]);
      v.source = PREFLIGHT_DIAGNOSTIC_SOURCE;
      v.code = d.code;
      return v;
    });
    this.collection.set(uri, diags);
  }
}
