import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import type { ReleaseCatalogService } from '../catalog/releaseCatalogService';
import type { ReleaseCatalog } from '../core/releases';
import { releaseInfoFromCatalog } from '../core/cluster/catalogReleaseInfo';
import { type ReleaseInfo, noReleaseInfo } from '../core/cluster/releaseInfo';
import { type KubeconfigSource, resolveKubeconfigFiles } from '../kube/kubeconfig';
import { kubeLayer } from '../kube/lazy';
import { ContextStatusBar } from '../statusBar/contextStatusBar';
import { ClustersModel } from './clustersModel';
import { ClustersTreeProvider } from './clustersTreeProvider';
import type { ExplorerNode } from './nodes/base';
import { workspacePlans } from './plans';
import { type TreeRow, dumpTree } from './treeDump';

export interface ExplorerApi {
  rows(depth: number, descend?: (row: TreeRow) => boolean): Promise<TreeRow[]>;
  reveal(contextName: string): Promise<boolean>;
}

function kubeconfigSource(): KubeconfigSource {
  const setting = vscode.workspace.isTrusted ? vscode.workspace.getConfiguration('upgradePlanner').get<string>('kubeconfig') : undefined;
  return resolveKubeconfigFiles(setting);
}

/**
 * The Clusters view: model, tree, status bar, kubeconfig watchers. The Kubernetes client is loaded
 * on the first read, not here.
 */
export class Explorer extends Disposable {
  readonly model: ClustersModel;
  readonly tree: ClustersTreeProvider;
  readonly view: vscode.TreeView<ExplorerNode>;
  private watchers: vscode.Disposable[] = [];
  private releases: ReleaseInfo = noReleaseInfo;
  private readonly statusBar: ContextStatusBar;
  private currentRead = false;
  private appliedCatalog: ReleaseCatalog | undefined;

  constructor(
    log: Logger,
    private readonly catalog: ReleaseCatalogService,
  ) {
    super();
    this.model = this.register(
      new ClustersModel(kubeconfigSource, kubeLayer, log, (r) => {
        void vscode.commands.executeCommand('setContext', 'upgradePlanner.noKubeconfig', r.ok && r.value.kind === 'none');
      }),
    );
    const releases = (): ReleaseInfo => this.releases;
    this.tree = this.register(new ClustersTreeProvider(this.model, { model: this.model, releases, plans: workspacePlans }));
    const view = vscode.window.createTreeView('upgradePlanner.clusters', { treeDataProvider: this.tree, showCollapseAll: true });
    this.view = this.register(view);
    this.register(
      view.onDidChangeVisibility((e) => {
        this.model.setWatching(e.visible);
        if (e.visible) void this.readCurrent();
      }),
    );
    this.model.setWatching(view.visible);
    if (view.visible) void this.readCurrent();
    this.register(
      this.model.onDidChange(() => {
        // Kubeconfig re-read or another context made current: read the (new) current cluster.
        this.currentRead = false;
        if (view.visible) void this.readCurrent();
      }),
    );
    this.statusBar = this.register(new ContextStatusBar(this.model, releases, kubeconfigSource));
    // The release catalog is read after the first cluster read, off the activation path.
    const once = this.register(this.model.onDidRead(() => {
      once.dispose();
      void this.loadCatalog();
    }));
    this.register(catalog.onDidChange((c) => this.applyCatalog(c)));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('upgradePlanner.kubeconfig')) {
          this.watchKubeconfig();
          this.model.refresh();
          void this.statusBar.update();
        }
      }),
    );
    this.watchKubeconfig();
    this.register({ dispose: () => this.disposeWatchers() });
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
  setReleaseInfo(info: ReleaseInfo): void {
    this.releases = info;
    this.tree.rerender();
    void this.statusBar.update();
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
    this.setReleaseInfo(releaseInfoFromCatalog(catalog));
  }

  /** Plan files pinned to a cluster appear under it as they are written, renamed or deleted. */
  private watchPlans(): void {
    const w = this.register(vscode.workspace.createFileSystemWatcher('**/*.upgradeplan.yaml'));
    let pending: ReturnType<typeof setTimeout> | undefined;
    const changed = (): void => {
      clearTimeout(pending);
      pending = setTimeout(() => this.tree.refreshPlans(), 300);
    };
    this.register(w.onDidCreate(changed));
    this.register(w.onDidChange(changed));
    this.register(w.onDidDelete(changed));
    this.register({ dispose: () => clearTimeout(pending) });
  }

  private disposeWatchers(): void {
    for (const w of this.watchers.splice(0)) w.dispose();
  }

  /** Kubeconfig files are watched, not polled: any change re-reads the kubeconfig and the clusters. */
  private watchKubeconfig(): void {
    this.disposeWatchers();
    let pending: ReturnType<typeof setTimeout> | undefined;
    const changed = (): void => {
      clearTimeout(pending);
      pending = setTimeout(() => this.model.refresh(), 300);
    };
    for (const file of kubeconfigSource().files) {
      const w = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)));
      w.onDidChange(changed);
      w.onDidCreate(changed);
      w.onDidDelete(changed);
      this.watchers.push(w, { dispose: () => clearTimeout(pending) });
    }
  }
}
