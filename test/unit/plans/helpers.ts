import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type KnownClusters, type PlanReleases, type PlanValidation, PlanRules, catalogRiskEdges, planReleasesOf, validatePlan } from '../../../src/core/plans';
import type { RiskEdge } from '../../../src/core/paths';
import { ReleaseCatalog, validateCatalogData } from '../../../src/core/releases';

export const EXAMPLE = readFileSync(join(__dirname, '../../../examples/plans/prod-k3s.upgradeplan.yaml'), 'utf8');

/** The text a range covers. */
export function slice(text: string, r: { start: number; end: number }): string {
  return text.slice(r.start, r.end);
}

export function applyEdits(text: string, edits: readonly { range: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) {
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  }
  return out;
}

/** The release catalog the extension ships (data/catalog.json), as plan editing sees it. */
const CATALOG = ((): ReleaseCatalog => {
  const data = validateCatalogData(JSON.parse(readFileSync(join(__dirname, '../../../data/catalog.json'), 'utf8')) as unknown);
  if (!data.ok) throw new Error(data.error);
  return ReleaseCatalog.fromData(data.value);
})();
export const RELEASES: PlanReleases = planReleasesOf(CATALOG);
/** The risks shipped with the catalog (data/risks), as the editor uses them. */
export const SHIPPED_RISKS: readonly RiskEdge[] = catalogRiskEdges(CATALOG);

/** Validates a plan as the editor does: the plan rules over the shipped catalog and its risks, plus these risks and clusters. */
export function validate(text: string, opts: { risks?: readonly RiskEdge[]; clusters?: KnownClusters } = {}): PlanValidation {
  return validatePlan(text, { engine: new PlanRules(RELEASES, [...SHIPPED_RISKS, ...(opts.risks ?? [])]), ...(opts.clusters ? { clusters: opts.clusters } : {}) });
}
