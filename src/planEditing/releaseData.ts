import * as vscode from 'vscode';
import { errorMessage } from '../common/result';
import type { Logger } from '../common/logger';
import { bundledReleaseSource, catalogReleaseSource, type ReleaseInfoSource } from '../core/plans';
import { ReleaseCatalog, validateCatalogData } from '../core/releases';

/**
 * Release data for plan editing: the bundled release catalog (data/catalog.json) when it can be read,
 * else the small table compiled into core/plans. Loaded once, in the background; callers get whatever
 * is ready (the table until the catalog arrives).
 */
export class PlanReleaseData {
  private current: ReleaseInfoSource = bundledReleaseSource();
  private loading: Promise<void> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly extensionUri: vscode.Uri, private readonly log: Logger) {}

  get source(): ReleaseInfoSource {
    void this.load();
    return this.current;
  }

  load(): Promise<void> {
    this.loading ??= this.read();
    return this.loading;
  }

  private async read(): Promise<void> {
    const uri = vscode.Uri.joinPath(this.extensionUri, 'data', 'catalog.json');
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      const data = validateCatalogData(JSON.parse(text) as unknown);
      if (!data.ok) {
        this.log.warn(`Plan editing uses its built-in release table: ${data.error}`);
        return;
      }
      this.current = catalogReleaseSource(ReleaseCatalog.fromData(data.value));
      this.changed.fire();
    } catch (e) {
      this.log.warn(`Plan editing uses its built-in release table: cannot read ${uri.fsPath}: ${errorMessage(e)}`);
    }
  }

  dispose(): void {
    this.changed.dispose();
  }
}
