import type * as vscode from 'vscode';
import type { ClustersModel } from './explorer/clustersModel';

/** Everything the features share, built once by the composition root in extension.ts. */
export interface Services {
  readonly context: vscode.ExtensionContext;
  readonly log: vscode.LogOutputChannel;
  readonly clusters: ClustersModel;
}
