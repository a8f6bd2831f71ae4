import type * as vscode from 'vscode';
import type { DryRunDocuments } from './actions/dryRunDocuments';
import type { ReleaseCatalogService } from './releases/releaseCatalogService';
import type { ClustersModel } from './kube/clustersModel';
import type { PlanValidation } from './core/plans';
import type { PreflightReports } from './preflight/reports';

/** Everything the features share, built once by the composition root in extension.ts. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The one cluster state: kubeconfig contexts and cluster snapshots (explorer, status bar, plans, commands). */
  readonly clusters: ClustersModel;
  /** The release catalog (bundled, mirror folder, online), loaded on first use. */
  readonly catalog: ReleaseCatalogService;
  /** Plans as the editor validates them (for preflight, backups and runs). */
  readonly plans: PlanValidator;
  /** The last preflight report of each plan. */
  readonly preflight: PreflightReports;
  /** The diff editor's documents for dry runs (current object ↔ the API server's dry-run answer). */
  readonly dryRuns: DryRunDocuments;
}

/** What actions on a plan (preflight, backups, a run) need from plan editing: the plan as the editor validates it. */
export interface PlanValidator {
  /** Validates the document now (with the release catalog and the workspace's risk files), as the editor shows it. */
  validate(doc: vscode.TextDocument): Promise<PlanValidation | undefined>;
}
