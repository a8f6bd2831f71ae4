import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import { errorMessage } from '../common/result';
import { releaseInfoFromCatalog } from '../core/cluster/catalogReleaseInfo';
import { type ReleaseInfo, noReleaseInfo } from '../core/cluster/releaseInfo';
import { type KubeconfigSource, resolveKubeconfigFiles } from '../kube/kubeconfig';
import { kubeLayer } from '../kube/lazy';
import { ContextStatusBar } from '../statusBar/contextStatusBar';
import { ClustersModel } from './clustersModel';
import { ClustersTreeProvider } from './clustersTreeProvider';
import type { ExplorerNode } from './nodes/base';
import { workspacePlans } from './plans';

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

  constructor(
    log: Logger,
    private readonly extensionUri?: vscode.Uri,
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
    this.register(view.onDidChangeVisibility((e) => this.model.setWatching(e.visible)));
    this.model.setWatching(view.visible);
    this.statusBar = this.register(new ContextStatusBar(this.model, releases));
    // The release catalog is read after the first cluster read, off the activation path.
    const once = this.register(this.model.onDidRead(() => {
      once.dispose();
      void this.loadCatalog(log);
    }));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('upgradePlanner.kubeconfig')) {
          this.watchKubeconfig();
          this.model.refresh();
        }
      }),
    );
    this.watchKubeconfig();
    this.register({ dispose: () => this.disposeWatchers() });
  }

  /** Plugs in the release catalog for "what is newer" decorations, when it is available. */
  setReleaseInfo(info: ReleaseInfo): void {
    this.releases = info;
    this.tree.rerender();
    void this.statusBar.update();
  }

  private async loadCatalog(log: Logger): Promise<void> {
    if (!this.extensionUri) return;
    const uri = vscode.Uri.joinPath(this.extensionUri, 'data', 'catalog.json');
    try {
      const { ReleaseCatalog, validateCatalogData } = await import('../core/releases');
      const data = validateCatalogData(JSON.parse(new TextDecoder().decode(await vscode.workspace.fs.readFile(uri))) as unknown);
      if (!data.ok) {
        log.warn(`Explorer: no release decorations, the catalog is invalid: ${data.error}`);
        return;
      }
      this.setReleaseInfo(releaseInfoFromCatalog(ReleaseCatalog.fromData(data.value)));
    } catch (e) {
      log.warn(`Explorer: no release decorations, cannot read ${uri.fsPath}: ${errorMessage(e)}`);
    }
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
