import { type DiffItem, type ReleaseCatalog, type ReleaseDiff, diffReleases } from '../releases';
import { parseKubeVersion, parseRookVersion, compareKube } from '../versions';
import { releaseUrl, securityUrl, sourceOf } from './links';
import type { ComponentNotes, EntryGroup, NotesEntry, NotesRange, ReleaseNotesView, ReleaseRef, ReleaseSource, SecurityEntry } from './model';

const LABELS = { k3s: 'K3s', rook: 'Rook', ceph: 'Ceph' } as const;

/** The Release Notes view of one or more ranges (a plan: one per component), from the catalog alone. Pure. */
export function releaseNotesView(catalog: ReleaseCatalog, ranges: readonly NotesRange[], title?: string): ReleaseNotesView {
  return {
    title: title ?? ranges.map((r) => `${LABELS[r.component]} ${r.from} → ${r.to}`).join(', '),
    asOf: catalog.asOf,
    components: ranges.map((r) => componentNotes(catalog, r)),
  };
}

export function componentNotes(catalog: ReleaseCatalog, range: NotesRange): ComponentNotes {
  const { component, from, to } = range;
  const d = diffReleases(catalog, component, from, to);
  if (!d.ok) return { ...empty(range), error: d.error };
  const diff = d.value;
  const releases = diff.releases.map((r): ReleaseRef => ({
    version: r.version,
    ...(r.date ? { date: r.date } : {}),
    source: releaseSource(catalog, component, r.version),
    ...urlField(component, r.version, catalog),
  }));
  const sources: Partial<Record<ReleaseSource, number>> = {};
  for (const r of releases) sources[r.source] = (sources[r.source] ?? 0) + 1;
  const entries = diff.items.map(entryOf);
  const later = component === 'k3s' ? laterUpgradeFilter(to) : () => false;
  const urgent = urgentGroups(diff, entries.filter((e) => e.kind === 'breaking' && !later(e)));
  const security = securityEntries(catalog, diff);
  const byRelease = new Map<string, NotesEntry[]>();
  for (const e of entries) byRelease.set(e.release, [...(byRelease.get(e.release) ?? []), e]);
  const changes = releases.map((release) => ({ release, entries: byRelease.get(release.version) ?? [] }));
  const deprecations = entries.filter((e) => e.kind === 'deprecation');
  const knownIssues = entries.filter((e) => e.kind === 'known-issue');
  return {
    component, label: LABELS[component], from, to, releases,
    minorsCrossed: minorsCrossed(diff),
    sources,
    ...upstreamField(component, to, catalog),
    urgent: { count: urgent.reduce((n, g) => n + g.entries.length, 0), items: urgent },
    security: { count: security.length, exposed: security.filter((s) => s.exposed).length, items: security },
    deprecations: { count: deprecations.length, items: deprecations },
    knownIssues: { count: knownIssues.length, items: knownIssues },
    embedded: { count: diff.componentChanges.length, items: diff.componentChanges },
    changes: { count: entries.length, items: changes },
    laterUpgrades: entries.filter(later),
    notes: diff.notes,
  };
}

function empty(range: NotesRange): ComponentNotes {
  const none = { count: 0, items: [] };
  return {
    ...range, label: LABELS[range.component], releases: [], minorsCrossed: [], sources: {},
    urgent: none, security: { ...none, exposed: 0 }, deprecations: none, knownIssues: none, embedded: none, changes: none, laterUpgrades: [], notes: [],
  };
}

function entryOf(it: DiffItem): NotesEntry {
  return { text: it.text, release: it.release, kind: it.kind, ids: it.ids, ...(it.title ? { title: it.title } : {}) };
}

function urlField(component: NotesRange['component'], version: string, catalog: ReleaseCatalog): { url?: string } {
  const url = releaseUrl(component, version, catalog);
  return url ? { url } : {};
}

function upstreamField(component: NotesRange['component'], to: string, catalog: ReleaseCatalog): { upstreamUrl?: string } {
  const url = releaseUrl(component, to, catalog);
  return url ? { upstreamUrl: url } : {};
}

function releaseSource(catalog: ReleaseCatalog, component: NotesRange['component'], version: string): ReleaseSource {
  if (component === 'k3s') return sourceOf(catalog.find(version)?.origin);
  if (component === 'rook') return sourceOf(catalog.rookFind(version)?.origin);
  return 'bundled';
}

/**
 * A note titled for a later minor than the target (`K3s v1.34 Upgrade Warning` in the notes of
 * v1.33.7+k3s3) is about the next upgrade, not this one: shown apart, not counted as urgent.
 */
function laterUpgradeFilter(to: string): (e: NotesEntry) => boolean {
  const target = parseKubeVersion(to);
  return (e) => {
    const m = e.title ? /\bv?(\d+)\.(\d+)\b.*\bupgrade\b/i.exec(e.title) : null;
    if (!m || !target.ok) return false;
    const [major, minor] = [Number(m[1]), Number(m[2])];
    return major === target.value.major && minor > target.value.minor;
  };
}

/** Kubernetes urgent notes per minor entered, Rook breaking changes per minor, then the K3s/Rook items flagged breaking. */
function urgentGroups(diff: ReleaseDiff, breaking: readonly NotesEntry[]): EntryGroup[] {
  const groups: EntryGroup[] = diff.urgentNotes.map((u) => ({
    title: `Kubernetes ${u.minor} urgent upgrade notes`,
    status: u.status,
    entries: u.items.map((it) => ({ text: it.text, release: `v${u.minor}.0`, kind: it.kind, ids: it.ids, ...(it.title ? { title: it.title } : {}) })),
    url: u.url,
  }));
  for (const r of diff.rookBreaking) {
    groups.push({ title: `Rook ${r.minor} breaking changes`, status: 'present', entries: r.items.map(entryOf) });
  }
  // Rook's breaking items are already grouped above; what is left is flagged breaking in the release notes.
  const rest = breaking.filter((e) => !diff.rookBreaking.some((r) => r.items.some((it) => it.release === e.release && it.text === e.text)));
  if (rest.length > 0) groups.push({ title: `${LABELS[diff.component]} notes flagged breaking`, status: 'present', entries: rest });
  return groups;
}

/**
 * Every CVE/GHSA id the upgrade brings, with the first release naming it, plus those fixed by a newer
 * patch of the current minor (also a way out). Exposed: no release of the current line up to the
 * current version names the id.
 */
function securityEntries(catalog: ReleaseCatalog, diff: ReleaseDiff): SecurityEntry[] {
  const fixedBefore = new Set<string>();
  const onLine = new Map<string, { version: string; text: string }>();
  const cur = diff.component === 'k3s' ? parseKubeVersion(diff.from) : undefined;
  if (cur?.ok) {
    for (const r of catalog.releasesOfMinor(`${cur.value.major}.${cur.value.minor}`)) {
      const v = parseKubeVersion(r.version);
      if (!v.ok) continue;
      const after = compareKube(v.value, cur.value) > 0;
      for (const it of r.items) {
        for (const id of it.ids) {
          if (!after) fixedBefore.add(id);
          else if (!onLine.has(id)) onLine.set(id, { version: r.version, text: it.text });
        }
      }
    }
  }
  const out = new Map<string, SecurityEntry>();
  for (const f of diff.securityFixes) {
    const line = onLine.get(f.id);
    out.set(f.id, { id: f.id, fixedIn: f.fixedIn, ...(line ? { fixedOnCurrentLine: line.version } : {}), exposed: !fixedBefore.has(f.id), text: f.text, url: securityUrl(f.id) });
  }
  for (const [id, line] of onLine) {
    if (!out.has(id) && !fixedBefore.has(id)) out.set(id, { id, fixedIn: line.version, fixedOnCurrentLine: line.version, exposed: true, text: line.text, url: securityUrl(id) });
  }
  return [...out.values()];
}

function minorsCrossed(diff: ReleaseDiff): string[] {
  if (diff.component === 'k3s') return diff.urgentNotes.map((u) => u.minor);
  if (diff.component === 'ceph') return diff.componentChanges.flatMap((c) => (c.to ? [c.to] : []));
  const a = parseRookVersion(diff.from);
  const b = parseRookVersion(diff.to);
  if (!a.ok || !b.ok || a.value.major !== b.value.major) return [];
  const out: string[] = [];
  for (let m = a.value.minor + 1; m <= b.value.minor; m++) out.push(`${a.value.major}.${m}`);
  return out;
}
