import type { RiskEdge } from '../paths';
import type { ReleaseCatalog, ReleaseNoteItem } from '../releases';
import { combine, toRiskEdges } from '../risks';
import type { ComponentName } from './model';
import { type PlanReleases, type ReleaseSummary, TablePlanReleases } from './planReleases';

const MAX_HEADLINE = 160;

/** Markdown of a release note as one line of plain text: links keep their text, emphasis and code marks go. */
export function plainLine(markdown: string): string {
  const firstLine = markdown.slice(0, 2000).split('\n', 1)[0];
  let out = '';
  for (let i = 0; i < firstLine.length; i++) {
    const ch = firstLine[i];
    if (ch === '[') {
      // [text](url) → text; the scan is bounded by the line, each character visited a constant number of times.
      const close = firstLine.indexOf(']', i + 1);
      if (close > 0 && firstLine[close + 1] === '(') {
        const end = firstLine.indexOf(')', close + 2);
        if (end > 0) {
          const label = firstLine.slice(i + 1, close);
          // A bare PR reference, `[(#13901)](…/pull/13901)`, says nothing in a summary.
          if (!/^\(?#\d+\)?$/.test(label)) out += label;
          i = end;
          continue;
        }
      }
    }
    if (ch === '*' || ch === '`' || ch === '_' || ch === '#' || ch === '>') continue;
    out += ch;
  }
  const text = out.replace(/\s+/g, ' ').trim();
  return text.length > MAX_HEADLINE ? `${text.slice(0, MAX_HEADLINE - 1)}…` : text;
}

/**
 * One line on a release: the title of its first breaking or security note (`K3s v1.34 Upgrade Warning`)
 * or that note's first line, with how many breaking, security and deprecation items it has; for a
 * release without such notes, how many changes it has and the first few.
 */
export function headlineOf(items: readonly ReleaseNoteItem[]): string | undefined {
  const top = items.filter((i) => i.depth === 0);
  const pick = top.find((i) => i.kind === 'breaking') ?? top.find((i) => i.kind === 'security') ?? top[0];
  if (!pick) return undefined;
  if (pick.kind === 'other') {
    const lines = top.slice(0, 3).map((i) => plainLine(i.text)).filter((l) => l !== '');
    return `${top.length} change${top.length === 1 ? '' : 's'}: ${lines.join('; ')}${top.length > 3 ? '; …' : ''}`;
  }
  const line = pick.title ? plainLine(pick.title) : plainLine(pick.text);
  const counts = (['breaking', 'security', 'deprecation'] as const)
    .map((k) => [k, top.filter((i) => i.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return `${line}${counts.length ? ` (${counts.join(', ')})` : ''}`;
}

/** Plan editing's view of the release catalog: K3s, Rook and Ceph releases with dates and headlines. */
export function planReleasesOf(catalog: ReleaseCatalog): PlanReleases {
  const k3s: ReleaseSummary[] = catalog.k3sReleases().map((r) => ({
    version: r.version,
    ...(r.date ? { date: r.date } : {}),
    ...(headlineOf(r.items) ? { headline: headlineOf(r.items) } : {}),
    url: `https://github.com/k3s-io/k3s/releases/tag/${encodeURIComponent(r.version)}`,
  }));
  const rook: ReleaseSummary[] = catalog.rookReleases().map((r) => ({
    version: r.version,
    ...(r.date ? { date: r.date } : {}),
    ...(headlineOf([...r.breaking, ...r.items]) ? { headline: headlineOf([...r.breaking, ...r.items]) } : {}),
    url: `https://github.com/rook/rook/releases/tag/${r.version}`,
  }));
  const ceph: ReleaseSummary[] = catalog.cephReleases().flatMap((rel) => rel.versions.map((version) => ({
    version,
    ...(rel.version === version && rel.date ? { date: rel.date, headline: `First stable ${rel.name} release` } : {}),
  })));
  const tables: Partial<Record<ComponentName, readonly ReleaseSummary[]>> = { k3s, rook, ceph };
  return new TablePlanReleases(tables);
}

/**
 * The catalog's shipped risks as edges for the path engine. In the editor no cluster is at hand, so a risk
 * with matching rules counts as "could not be evaluated" (the cautious reading), one without applies.
 */
export function catalogRiskEdges(catalog: ReleaseCatalog): RiskEdge[] {
  return toRiskEdges(catalog.risks().map((risk) => combine(risk, (risk.matchingRules ?? []).map((rule) => ({ rule, status: 'not-evaluated' as const, detail: 'not evaluated without a cluster' })))));
}
