import type * as vscode from 'vscode';
import type { ReleaseDecorations } from '../../core/cluster/releaseDecorations';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import type { ClustersModel } from '../../kube/clustersModel';
import type { PlanFinder } from '../plans';

/** What nodes need to build their children. */
export interface ExplorerDeps {
  readonly model: ClustersModel;
  readonly releases: () => ReleaseDecorations;
  readonly plans: PlanFinder;
  /** The clock snapshot ages are measured against (stale etcd snapshots). */
  readonly now: () => Date;
}

/** The cluster a row belongs to, as the rows below a context read it (given to them, never cast from a parent). */
export interface ClusterScope {
  readonly contextName: string;
  /** The current snapshot, through the model (so that watch updates show); undefined when the read failed. */
  current(): Promise<ClusterSnapshot | undefined>;
  /** The last settled snapshot, without starting a read. */
  settled(): ClusterSnapshot | undefined;
}

/** One class per kind of row; children are built lazily when VS Code asks. */
export abstract class ExplorerNode {
  constructor(
    readonly parent: ExplorerNode | undefined,
    /** Stable id, so that expansion survives refreshes. */
    readonly id: string,
  ) {}
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): ExplorerNode[] | Promise<ExplorerNode[]> {
    return [];
  }
  /** The context this row belongs to, for commands invoked on it. */
  get contextName(): string | undefined {
    return this.parent?.contextName;
  }
}
