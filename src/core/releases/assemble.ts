import type { Risk } from '../risks/model';
import type { CatalogData, CephRelease, K3sRelease, RookRelease, UrgentNotes, Unparsed, ReleaseNoteItem } from './types';
import { parseK3sReleaseNotes } from './k3sNotes';
import { parseUrgentUpgradeNotes, urgentNotesUrl } from './urgentNotes';
import { parseRookPendingNotes, parseRookTags, parseRookUpgradeGuide } from './rookNotes';
import { compareK3sVersions, compareMinors, compareRookVersions } from './order';
import { append } from './text';

export interface NamedText {
  readonly name: string;
  readonly text: string;
}

export interface CatalogInputs {
  /** k3s docs `v1.NN.X.md` files. */
  readonly k3sNotes: readonly NamedText[];
  /** Kubernetes CHANGELOG (excerpts) with their minor. */
  readonly urgentNotes?: readonly (NamedText & { minor: string })[];
  /** Minors whose CHANGELOG has no urgent-notes section at all. */
  readonly noUrgentNotes?: readonly string[];
  readonly rookTags?: NamedText;
  readonly rookExtraTags?: readonly string[];
  /** Rook PendingReleaseNotes of each released minor. */
  readonly rookPendingNotes?: readonly NamedText[];
  readonly rookUpgradeGuide?: NamedText;
  readonly ceph?: readonly CephRelease[];
  /** Shipped risks, already parsed and checked (scripts/build-catalog.ts reads data/risks). */
  readonly risks?: readonly Risk[];
  /** Default: the newest K3s release date. */
  readonly asOf?: string;
}

/**
 * Builds CatalogData from upstream texts and curated facts. Used by scripts/build-catalog.ts for
 * the bundled file and by the mirror-folder source; pure, so both produce identical data.
 */
export function assembleCatalog(inputs: CatalogInputs): CatalogData {
  const unparsed: Unparsed[] = [];
  const k3s = new Map<string, K3sRelease>();
  for (const f of inputs.k3sNotes) {
    const parsed = parseK3sReleaseNotes(f.text, f.name);
    append(unparsed, parsed.unparsed);
    for (const r of parsed.releases) if (!k3s.has(r.version)) k3s.set(r.version, r);
  }
  const urgent: UrgentNotes[] = [];
  for (const f of inputs.urgentNotes ?? []) {
    const parsed = parseUrgentUpgradeNotes(f.text, f.minor, f.name);
    append(unparsed, parsed.unparsed);
    urgent.push(parsed.notes);
  }
  for (const minor of inputs.noUrgentNotes ?? []) {
    if (!urgent.some((u) => u.minor === minor)) urgent.push({ minor, none: true, items: [], url: urgentNotesUrl(minor) });
  }

  const breakingByMinor = new Map<string, { breaking: ReleaseNoteItem[]; features: ReleaseNoteItem[] }>();
  for (const f of inputs.rookPendingNotes ?? []) {
    const parsed = parseRookPendingNotes(f.text, f.name);
    append(unparsed, parsed.unparsed);
    if (parsed.minor) breakingByMinor.set(parsed.minor, { breaking: parsed.breaking, features: parsed.features });
    else unparsed.push({ line: 1, text: f.text.slice(0, 80), reason: 'Rook release notes without a "# vX.Y Pending Release Notes" title', source: f.name });
  }
  if (inputs.rookUpgradeGuide) {
    const parsed = parseRookUpgradeGuide(inputs.rookUpgradeGuide.text, inputs.rookUpgradeGuide.name);
    append(unparsed, parsed.unparsed);
    if (parsed.minor && !breakingByMinor.has(parsed.minor)) breakingByMinor.set(parsed.minor, { breaking: parsed.breaking, features: [] });
  }
  const tags = inputs.rookTags ? parseRookTags(inputs.rookTags.text, inputs.rookTags.name) : { versions: [], unparsed: [] };
  append(unparsed, tags.unparsed);
  const rook: RookRelease[] = [...new Set([...tags.versions, ...(inputs.rookExtraTags ?? [])])].map((version) => {
    const minor = version.replace(/^v(\d+\.\d+)\..*$/, '$1');
    const notes = /\.0$/.test(version) ? breakingByMinor.get(minor) : undefined;
    return {
      version,
      breaking: notes?.breaking ?? [],
      items: notes?.features ?? [],
    };
  });

  const releases = [...k3s.values()].sort((a, b) => compareK3sVersions(a.version, b.version));
  const newestDate = releases.reduce((m, r) => (r.date && r.date > m ? r.date : m), '1970-01-01');
  return {
    schemaVersion: 1,
    asOf: inputs.asOf ?? `${newestDate}T00:00:00Z`,
    k3s: releases,
    kubernetesUrgentNotes: urgent.sort((a, b) => compareMinors(a.minor, b.minor)),
    rook: rook.sort((a, b) => compareRookVersions(a.version, b.version)),
    ceph: [...(inputs.ceph ?? [])].sort((a, b) => a.major - b.major),
    risks: [...(inputs.risks ?? [])],
    unparsed,
  };
}
