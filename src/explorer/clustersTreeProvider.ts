import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { ClustersModel } from './clustersModel';
import { type ExplorerDeps, type ExplorerNode, MessageNode } from './nodes/base';
import { ContextNode } from './nodes/contextNode';

/**
 * Maps the model to tree nodes; refreshes are targeted at the node that changed: a cluster's row
 * on re-read, its Nodes group on watch events. Errors and empty states are nodes, never pop-ups.
 */
export class ClustersTreeProvider extends Disposable implements vscode.TreeDataProvider<ExplorerNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ExplorerNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private roots = new Map<string, ContextNode>();

  constructor(
    private readonly model: ClustersModel,
    private readonly deps: ExplorerDeps,
  ) {
    super();
    this.register(
      model.onDidChange(() => {
        this.roots.clear();
        this.changed.fire(undefined);
      }),
    );
    this.register(
      model.onDidChangeCluster((ctx) => {
        const root = this.roots.get(ctx);
        root?.invalidate();
        this.changed.fire(root);
      }),
    );
    this.register(model.onDidRead((ctx) => this.changed.fire(this.roots.get(ctx))));
    this.register(
      model.onDidChangeNodes((ctx) => {
        const group = this.roots.get(ctx)?.nodesGroup;
        if (group) this.changed.fire(group);
      }),
    );
  }

  /** Re-renders every row from the cached snapshots (new release data, say); reads nothing. */
  rerender(): void {
    for (const root of this.roots.values()) root.invalidate();
    this.changed.fire(undefined);
  }

  /** Plan files changed: re-list every expanded Plans group, nothing else. */
  refreshPlans(): void {
    for (const root of this.roots.values()) {
      if (root.plansGroup) this.changed.fire(root.plansGroup);
    }
  }

  /** The row of a context, once the roots were listed (for reveal and tests). */
  contextNode(name: string): ContextNode | undefined {
    return this.roots.get(name);
  }

  async getChildren(element?: ExplorerNode): Promise<ExplorerNode[]> {
    if (element) {
      return element.getChildren();
    }
    const r = await this.model.load();
    if (!r.ok) {
      return [new MessageNode(undefined, 'kubeconfig-error', 'Cannot read kubeconfig — Retry', 'error', r.error, { command: 'upgradePlanner.refreshClusters', title: 'Retry' })];
    }
    if (r.value.kind === 'none') {
      // The welcome view (viewsWelcome on upgradePlanner.noKubeconfig) explains what to do.
      this.roots.clear();
      return [];
    }
    const next = new Map<string, ContextNode>();
    for (const info of r.value.contexts) {
      const old = this.roots.get(info.name);
      next.set(info.name, old && old.info.isCurrent === info.isCurrent && old.info.server === info.server ? old : new ContextNode(info, this.deps));
    }
    this.roots = next;
    return [...next.values()];
  }

  getParent(element: ExplorerNode): ExplorerNode | undefined {
    return element.parent;
  }

  getTreeItem(element: ExplorerNode): vscode.TreeItem {
    return element.getTreeItem();
  }
}
