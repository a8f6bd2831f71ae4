import type * as vscode from 'vscode';
import type { ReleaseCatalogService } from '../releases/releaseCatalogService';
import type { RiskEdge } from '../core/paths';
import { type PlanReleases, TablePlanReleases, catalogRiskEdges, planReleasesOf } from '../core/plans';
import type { ReleaseCatalog } from '../core/releases';

/** No catalog could be read at all: nothing is "unknown", and the rules still check what needs no release list. */
const NO_RELEASES: PlanReleases = new TablePlanReleases({});

export interface PlanCatalogData {
  readonly releases: PlanReleases;
  /** Risks shipped with the catalog (data/risks), as path-engine edges. */
  readonly risks: readonly RiskEdge[];
}

/**
 * Plan editing's view of the extension's one release catalog. There is no stand-in: validation,
 * completion and hover wait for the catalog (it loads in about 10 ms) through `get()`.
 */
export class PlanReleaseData {
  private cached: { catalog: ReleaseCatalog; data: PlanCatalogData } | undefined;
  readonly onDidChange: vscode.Event<unknown>;

  constructor(private readonly catalog: ReleaseCatalogService) {
    this.onDidChange = catalog.onDidChange;
  }

  /** The releases and the shipped risks, once the catalog has loaded. */
  async get(): Promise<PlanCatalogData> {
    const catalog = await this.catalog.load();
    if (!catalog) return { releases: NO_RELEASES, risks: [] };
    if (this.cached?.catalog !== catalog) this.cached = { catalog, data: { releases: planReleasesOf(catalog), risks: catalogRiskEdges(catalog) } };
    return this.cached.data;
  }
}
