import * as vscode from 'vscode';
import { KeyedDebouncer } from '../common/debounce';
import { Disposable } from '../common/lifecycle';
import type { ClustersModel } from '../kube/clustersModel';
import type { ExplorerDeps, ExplorerNode } from './nodes/base';
import { ContextNode } from './nodes/contextNode';
import { MessageNode } from './nodes/messageNode';

/**
 * Maps the model to tree nodes; refreshes are targeted at the node that changed: a cluster's row
 * on re-read, its Nodes group on watch events. Errors and empty states are nodes, never pop-ups.
 */
export class ClustersTreeProvider extends Disposable implements vscode.TreeDataProvider<ExplorerNode> {
  private readonly changed = this.register(new vscode.EventEmitter<ExplorerNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private roots = new Map<string, ContextNode>();
  /** Ends a row's "Retrying…" once its read settled and the row has shown it long enough to be seen. */
  private readonly settle = this.register(
    new KeyedDebouncer<string>(0, (ctx) => {
      const root = this.roots.get(ctx);
      root?.stopReading();
      this.changed.fire(root);
    }),
  );

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
        root?.startReading();
        this.changed.fire(root);
        // Read now, expanded or not: the row says "Retrying…" until this settles.
        if (root) void model.snapshot(ctx);
      }),
    );
    this.register(
      model.onDidRead((ctx) => {
        const left = this.roots.get(ctx)?.readingLeftMs() ?? 0;
        if (left > 0) this.settle.schedule(ctx, left);
        else {
          this.settle.cancel(ctx);
          const root = this.roots.get(ctx);
          root?.stopReading();
          this.changed.fire(root);
        }
      }),
    );
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
      next.set(info.name, old && old.info.isCurrent === info.isCurrent && old.info.server === info.server && old.info.insecureSkipTlsVerify === info.insecureSkipTlsVerify ? old : new ContextNode(info, this.deps));
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
