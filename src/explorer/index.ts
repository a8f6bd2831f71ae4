import * as vscode from 'vscode';
import { Debouncer } from '../common/debounce';
import { Disposable } from '../common/lifecycle';
import type { ReleaseCatalogService } from '../releases/releaseCatalogService';
import type { ReleaseCatalog } from '../core/releases';
import { type ReleaseDecorations, noReleaseDecorations, releaseDecorationsOf } from '../core/cluster/releaseDecorations';
import type { ClustersModel } from '../kube/clustersModel';
import type { Services } from '../services';
import { ClustersTreeProvider } from './clustersTreeProvider';
import type { ExplorerNode } from './nodes/base';
import { workspacePlans } from './plans';
import { type TreeRow, dumpTree } from './treeDump';
import { PLAN_GLOB } from '../workspace/planFiles';

export interface ExplorerApi {
  rows(depth: number, descend?: (row: TreeRow) => boolean): Promise<TreeRow[]>;
  reveal(contextName: string): Promise<boolean>;
}

/** Plan files are re-listed after this much quiet following a create, change or delete. */
const PLANS_DEBOUNCE_MS = 300;

/**
 * The Clusters view: maps the extension's cluster model (built by extension.ts) to a tree, watches
 * nodes while the view is visible, decorates versions from the release catalog and lists the plan
 * files pinned to each cluster. The Kubernetes client is loaded on the first read, not here.
 */
export class Explorer extends Disposable {
  readonly tree: ClustersTreeProvider;
  readonly view: vscode.TreeView<ExplorerNode>;
  private readonly model: ClustersModel;
  private readonly catalog: ReleaseCatalogService;
  private releases: ReleaseDecorations = noReleaseDecorations;
  private currentRead = false;
  private appliedCatalog: ReleaseCatalog | undefined;

  constructor(services: Pick<Services, 'clusters' | 'catalog'>) {
    super();
    this.model = services.clusters;
    this.catalog = services.catalog;
    const model = this.model;
    const releases = (): ReleaseDecorations => this.releases;
    this.tree = this.register(new ClustersTreeProvider(model, { model, releases, plans: workspacePlans, now: () => new Date() }));
    const view = vscode.window.createTreeView('upgradePlanner.clusters', { treeDataProvider: this.tree, showCollapseAll: true });
    this.view = this.register(view);
    this.register(
      view.onDidChangeVisibility((e) => {
        model.setWatching(e.visible);
        if (e.visible) void this.readCurrent();
      }),
    );
    model.setWatching(view.visible);
    this.register({ dispose: () => model.setWatching(false) });
    if (view.visible) void this.readCurrent();
    this.register(
      model.onDidChange(() => {
        // Kubeconfig re-read or another context made current: read the (new) current cluster.
        this.currentRead = false;
        if (view.visible) void this.readCurrent();
      }),
    );
    // The release catalog is read after the first cluster read, off the activation path.
    const once = this.register(model.onDidRead(() => {
      once.dispose();
      void this.loadCatalog();
    }));
    this.register(this.catalog.onDidChange((c) => this.applyCatalog(c)));
    this.watchPlans();
  }

  /**
   * What the extension exports for tests (the editor tier): the rendered rows, and reveal, which
   * expands a context's row in the real view (its Nodes and Components groups too).
   */
  get api(): ExplorerApi {
    return {
      rows: (depth, descend) => dumpTree(this.tree, depth, descend),
      reveal: async (contextName) => {
        await this.tree.getChildren();
        const node = this.tree.contextNode(contextName);
        if (!node) return false;
        await this.view.reveal(node, { expand: true, focus: false, select: true });
        for (const child of await node.getChildren()) {
          if (/\/(nodes|components)$/.test(child.id)) await this.view.reveal(child, { expand: true, focus: false, select: false });
        }
        return true;
      },
    };
  }

  /**
   * Once the view shows, the current context's cluster is read without waiting for an expand, so
   * that its row and the status bar can say what it runs and whether an upgrade is available.
   * (The roots already need the kubeconfig, hence the Kubernetes layer; this adds only the reads.)
   */
  private async readCurrent(): Promise<void> {
    if (this.currentRead) return;
    this.currentRead = true;
    const r = await this.model.load();
    const current = r.ok && r.value.kind === 'loaded' ? r.value.contexts.find((c) => c.isCurrent) : undefined;
    if (current) await this.model.snapshot(current.name);
  }

  /** Plugs in the release catalog for "what is newer" decorations, when it is available. */
  private setReleaseDecorations(decorations: ReleaseDecorations): void {
    this.releases = decorations;
    this.tree.rerender();
  }

  /** Release decorations follow the extension's release catalog (bundled, mirror, online). */
  private async loadCatalog(): Promise<void> {
    const catalog = await this.catalog.load();
    if (catalog) this.applyCatalog(catalog);
  }

  /** A load both resolves and fires onDidChange: build the decorations once per catalog. */
  private applyCatalog(catalog: ReleaseCatalog): void {
    if (catalog === this.appliedCatalog) return;
    this.appliedCatalog = catalog;
    this.setReleaseDecorations(releaseDecorationsOf(catalog));
  }

  /** Re-lists the plan files under every cluster (workspace trust granted, say). */
  refreshPlans(): void {
    this.tree.refreshPlans();
  }

  /** Plan files pinned to a cluster appear under it as they are written, renamed or deleted. */
  private watchPlans(): void {
    const w = this.register(vscode.workspace.createFileSystemWatcher(PLAN_GLOB));
    const changed = this.register(new Debouncer(PLANS_DEBOUNCE_MS, () => this.tree.refreshPlans()));
    this.register(w.onDidCreate(() => changed.schedule()));
    this.register(w.onDidChange(() => changed.schedule()));
    this.register(w.onDidDelete(() => changed.schedule()));
  }
}
