import type * as vscode from 'vscode';
import type { ReleaseCatalogService } from './releases/releaseCatalogService';
import type { ClustersModel } from './kube/clustersModel';

/** Everything the features share, built once by the composition root in extension.ts. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  /** The one cluster state: kubeconfig contexts and cluster snapshots (explorer, status bar, plans, commands). */
  readonly clusters: ClustersModel;
  /** The release catalog (bundled, mirror folder, online), loaded on first use. */
  readonly catalog: ReleaseCatalogService;
}
