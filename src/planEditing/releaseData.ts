import type * as vscode from 'vscode';
import type { ReleaseCatalogService } from '../catalog/releaseCatalogService';
import { bundledReleaseSource, catalogReleaseSource, type ReleaseInfoSource } from '../core/plans';
import type { ReleaseCatalog } from '../core/releases';

/**
 * Release data for plan editing, from the extension's one release catalog; the small table compiled
 * into core/plans answers until the catalog has loaded (or when it cannot be read).
 */
export class PlanReleaseData {
  private readonly fallback = bundledReleaseSource();
  private cached: { catalog: ReleaseCatalog; source: ReleaseInfoSource } | undefined;
  readonly onDidChange: vscode.Event<unknown>;

  constructor(private readonly catalog: ReleaseCatalogService) {
    this.onDidChange = catalog.onDidChange;
  }

  get source(): ReleaseInfoSource {
    void this.load();
    const current = this.catalog.current();
    if (!current) return this.fallback;
    if (this.cached?.catalog !== current) this.cached = { catalog: current, source: catalogReleaseSource(current) };
    return this.cached.source;
  }

  async load(): Promise<void> {
    await this.catalog.load();
  }

  dispose(): void {
    // The catalog service is owned by the composition root.
  }
}
