import * as path from 'node:path';
import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import type { ReleaseCatalog } from '../core/releases';
import { BundledCatalogSource, type DirectoryReader, type FetchLike, MirrorFolderSource, OnlineReleaseSource, loadReleaseCatalog, nodeDirectoryReader } from './index';

/** Node's file system behind the release sources' port (regular files only, size-capped: see nodeDirectoryReader). */
const nodeFs: DirectoryReader = nodeDirectoryReader;

const ONLINE_REFRESH_DELAY_MS = 15_000;

/** The packaged catalog: esbuild copies data/catalog.json here, .vscodeignore ships it. */
export const BUNDLED_CATALOG = path.join('dist', 'catalog', 'catalog.json');

/**
 * The one release catalog of the extension: the bundled data, merged with the mirror folder
 * (`upgradePlanner.releaseMirror`) and the cached online data (`upgradePlanner.onlineReleaseData`).
 * Loaded on first use, never waiting for the network; rebuilt when the online refresh brings new data
 * or a setting changes. Explorer decorations and plan editing read it through `current()` / `load()`.
 */
export class ReleaseCatalogService extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<ReleaseCatalog>());
  readonly onDidChange = this.changed.event;
  private loading: Promise<ReleaseCatalog | undefined> | undefined;
  private catalog: ReleaseCatalog | undefined;
  private readonly bundled: BundledCatalogSource;
  private readonly online: OnlineReleaseSource;

  constructor(
    extensionPath: string,
    globalState: vscode.Memento,
    private readonly log: Logger,
    fetchImpl: FetchLike = (url, init) => fetch(url, init),
  ) {
    super();
    this.bundled = new BundledCatalogSource(nodeFs, path.join(extensionPath, BUNDLED_CATALOG));
    this.online = new OnlineReleaseSource({
      fetch: fetchImpl,
      store: globalState,
      allowed: () => vscode.workspace.getConfiguration('upgradePlanner').get<boolean>('onlineReleaseData') !== false,
      onError: (message) => this.log.warn(`Release catalog: online refresh failed (the bundled data is used): ${message}`),
    });
    this.register(this.online.onDidUpdate(() => this.reload()));
    // The mirror folder applies only in a trusted workspace: granting trust may add it.
    this.register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reload()));
    this.register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('upgradePlanner.releaseMirror') || e.affectsConfiguration('upgradePlanner.onlineReleaseData')) {
          this.reload();
        }
      }),
    );
  }

  /** What is loaded now, without waiting; undefined until the first load finished. */
  current(): ReleaseCatalog | undefined {
    return this.catalog;
  }

  /** Loads once (later calls share the result); starts the background online refresh. */
  load(): Promise<ReleaseCatalog | undefined> {
    if (!this.loading) {
      this.loading = this.readAndAnnounce();
      // The online refresh waits a little: its first fetch loads Node's HTTP client (~80 ms of CPU),
      // which must not land on activation. The cached online data is used at once regardless.
      const timer = setTimeout(() => this.online.start(), ONLINE_REFRESH_DELAY_MS);
      this.register({ dispose: () => clearTimeout(timer) });
    }
    return this.loading;
  }

  private reload(): void {
    if (!this.loading) return; // nobody asked yet: the first load reads everything anyway
    this.loading = this.readAndAnnounce();
  }

  private async readAndAnnounce(): Promise<ReleaseCatalog | undefined> {
    const catalog = await this.read();
    if (catalog) this.changed.fire(catalog);
    return catalog;
  }

  private mirrorFolder(): string | undefined {
    // A workspace must not point the catalog at a folder of its choosing unless it is trusted.
    if (!vscode.workspace.isTrusted) return undefined;
    const folder = (vscode.workspace.getConfiguration('upgradePlanner').get<string>('releaseMirror') ?? '').trim();
    return folder === '' ? undefined : folder;
  }

  private async read(): Promise<ReleaseCatalog | undefined> {
    const folder = this.mirrorFolder();
    try {
      const { catalog, problems } = await loadReleaseCatalog({
        bundled: this.bundled,
        mirror: folder ? new MirrorFolderSource(nodeFs, folder, (f, n) => path.join(f, n)) : undefined,
        online: this.online,
      });
      for (const p of problems) this.log.warn(`Release catalog: ${p}`);
      this.catalog = catalog;
      this.log.info(`Release catalog: ${catalog.k3sReleases().length} K3s and ${catalog.rookReleases().length} Rook releases${folder ? ` (mirror ${folder})` : ''}`);
      return catalog;
    } catch (e) {
      this.log.error(`Release catalog could not be loaded: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }
}
