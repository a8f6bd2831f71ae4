import type * as vscode from 'vscode';
import { Emitter } from '../common/events';
import { Disposable } from '../common/lifecycle';
import type { LiveCluster, PreflightReport } from '../core/preflight';

/** The last preflight of one plan: on which cluster, and what it found (overrides included). */
export interface StoredReport {
  readonly uri: vscode.Uri;
  readonly planName: string;
  readonly live: LiveCluster;
  readonly report: PreflightReport;
}

/**
 * The last preflight report per plan file, for the Preflight view, the plan's diagnostics and (later)
 * the run, which refuses to start while the report is blocking. Kept for the session; the journal
 * beside the plan holds every report for good.
 */
export class PreflightReports extends Disposable {
  private readonly reports = new Map<string, StoredReport>();
  private readonly changed = this.register(new Emitter<vscode.Uri>());
  /** A plan's report was set or changed (an override). */
  readonly onDidChange = this.changed.event;

  get(uri: vscode.Uri): StoredReport | undefined {
    return this.reports.get(uri.toString());
  }

  set(stored: StoredReport): void {
    this.reports.set(stored.uri.toString(), stored);
    this.changed.fire(stored.uri);
  }

  all(): StoredReport[] {
    return [...this.reports.values()];
  }
}
