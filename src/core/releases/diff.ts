import { type RookSupport, rookSupportOf } from '../compat';
import { type Result, err, ok } from '../../common/result';
import { parseKubeVersion, parseRookVersion, parseCephVersion, compareKube, compareRook } from '../versions';
import type { ItemKind, ReleaseNoteItem, UrgentNotes } from './types';
import { ITEM_KINDS } from './types';
import type { ReleaseCatalog } from './catalog';
import { urgentNotesUrl } from './urgentNotes';
import { componentTableDiff, type ComponentChange } from './componentDiff';
import { itemKey, k3sPath } from './lineage';

export type DiffComponent = 'k3s' | 'rook' | 'ceph';

export interface DiffItem extends ReleaseNoteItem {
  /** The release whose notes carry the item. */
  readonly release: string;
}

export interface SecurityFix {
  /** `CVE-2023-32187`, `GHSA-m4hf-6vgr-75r2` */
  readonly id: string;
  /** The first release in the range that names it. */
  readonly fixedIn: string;
  readonly text: string;
}

export interface UrgentNotesForMinor {
  readonly minor: string;
  /** present: items below; none: upstream says there are none; unknown: not in the catalog, read `url`. */
  readonly status: 'present' | 'none' | 'unknown';
  readonly items: readonly ReleaseNoteItem[];
  readonly url: string;
}

export interface ReleaseDiff {
  readonly component: DiffComponent;
  readonly from: string;
  readonly to: string;
  /**
   * The releases whose notes the upgrade brings, oldest first. For K3s: the target's lineage as its
   * notes declare it ("Changes since …", see lineage.ts), not every release in (from, to]; for Rook
   * and Ceph: the releases in (from, to].
   */
  readonly releases: readonly { version: string; date?: string }[];
  /** The release whose component table stands for `from`: itself when known, else the nearest (exact: false). */
  readonly baseline?: { version: string; exact: boolean };
  readonly componentChanges: readonly ComponentChange[];
  readonly items: readonly DiffItem[];
  readonly counts: Readonly<Record<ItemKind, number>>;
  readonly securityFixes: readonly SecurityFix[];
  /** Kubernetes urgent upgrade notes for every minor entered (K3s only). */
  readonly urgentNotes: readonly UrgentNotesForMinor[];
  /** Rook breaking changes per Rook minor entered (Rook only). */
  readonly rookBreaking: readonly { minor: string; items: readonly DiffItem[] }[];
  /** What the reader should know about the diff itself (unknown ends, gaps). */
  readonly notes: readonly string[];
}

/**
 * Everything that changes for one component between `from` (current) and `to` (target): the
 * releases in (from, to], their classified items, security ids with the release that fixed them,
 * the component-table diff between the ends (K3s), Kubernetes urgent notes per minor entered (K3s)
 * and breaking changes per minor entered (Rook). Pure and synchronous.
 */
export function diffReleases(catalog: ReleaseCatalog, component: DiffComponent, from: string, to: string): Result<ReleaseDiff> {
  switch (component) {
    case 'k3s':
      return diffK3s(catalog, from, to);
    case 'rook':
      return diffRook(catalog, from, to);
    case 'ceph':
      return diffCeph(catalog, from, to);
    default:
      return err(`unknown component "${String(component)}"`);
  }
}

/**
 * Items, counts and security fixes of the releases, oldest first. `present` describes what the current
 * version already runs: items with one of its keys and ids it already fixed are not counted again.
 */
function collect(
  releases: readonly { version: string; items: readonly ReleaseNoteItem[] }[],
  present: { keys: ReadonlySet<string>; ids: ReadonlySet<string> } = { keys: new Set(), ids: new Set() },
): { items: DiffItem[]; counts: Record<ItemKind, number>; securityFixes: SecurityFix[]; leftOut: number } {
  const items: DiffItem[] = [];
  const counts = Object.fromEntries(ITEM_KINDS.map((k) => [k, 0])) as Record<ItemKind, number>;
  const fixes = new Map<string, SecurityFix>();
  let leftOut = 0;
  for (const r of releases) {
    for (const it of r.items) {
      if (present.keys.size > 0 && present.keys.has(itemKey(it))) {
        leftOut++;
        continue;
      }
      items.push({ ...it, release: r.version });
      counts[it.kind] += 1;
      for (const id of it.ids) if (!fixes.has(id) && !present.ids.has(id)) fixes.set(id, { id, fixedIn: r.version, text: it.text });
    }
  }
  return { items, counts, securityFixes: [...fixes.values()], leftOut };
}

function diffK3s(catalog: ReleaseCatalog, from: string, to: string): Result<ReleaseDiff> {
  const a = parseKubeVersion(from);
  const b = parseKubeVersion(to);
  if (!a.ok) return err(a.error);
  if (!b.ok) return err(b.error);
  if (compareKube(a.value, b.value) > 0) return err(`${to} is older than ${from}: a release-note diff goes forward`);
  const notes: string[] = [];
  const target = catalog.find(to);
  if (!target) notes.push(`${to} is not in the release catalog; the diff stops at the newest known release before it.`);
  const end = target ?? catalog.releasesBetween(from, to).at(-1);
  const path = k3sPath(catalog, from, end);
  const releases = path.releases;
  let baseline: { version: string; exact: boolean } | undefined;
  const before = catalog.atOrBefore(from);
  if (before && before.version === from.trim()) baseline = { version: before.version, exact: true };
  else if (before) baseline = { version: before.version, exact: false };
  else if (releases.length > 0) baseline = { version: releases[0].version, exact: false };
  if (baseline && !baseline.exact) notes.push(`${from} is not in the release catalog; its embedded components are taken from ${baseline.version}.`);
  const start = baseline ? catalog.find(baseline.version) : undefined;
  const componentChanges = start && end ? componentTableDiff(start.components, end.components) : [];
  const runningItems = path.running.flatMap((r) => r.items);
  const present = { keys: new Set(runningItems.map(itemKey)), ids: new Set(runningItems.flatMap((it) => it.ids)) };
  const { items, counts, securityFixes, leftOut } = collect(releases, present);
  notes.push(...lineageNotes(from, to, path, leftOut, releases));
  const urgentNotes: UrgentNotesForMinor[] = [];
  for (let m = a.value.minor + 1; a.value.major === b.value.major && m <= b.value.minor; m++) {
    const minor = `${a.value.major}.${m}`;
    urgentNotes.push(urgentFor(minor, catalog.urgentNotes(minor)));
  }
  return ok({
    component: 'k3s', from, to,
    releases: releases.map((r) => ({ version: r.version, ...(r.date ? { date: r.date } : {}) })),
    ...(baseline ? { baseline } : {}),
    componentChanges, items, counts, securityFixes, urgentNotes, rookBreaking: [], notes,
  });
}

/** What the reader should know about the lineage the diff followed. */
function lineageNotes(from: string, to: string, path: ReturnType<typeof k3sPath>, leftOut: number, brought: readonly { version: string; items: readonly ReleaseNoteItem[] }[]): string[] {
  const notes: string[] = [];
  for (const a of path.assumed) {
    notes.push(`The notes of ${a.release.version} do not name a known release they start from; ${a.previous.version} is assumed.`);
  }
  if (path.running.length === 0 || !path.fork) return notes;
  const oldest = path.running.at(-1)!.version;
  const newest = path.running[0].version;
  const span = oldest === newest ? oldest : `${oldest} … ${newest}`;
  notes.push(`The notes of the releases up to ${to} start from ${path.fork.version}; ${from} already runs the changes of ${span}, so ${leftOut} item${leftOut === 1 ? '' : 's'} listed again on the way ${leftOut === 1 ? 'is' : 'are'} left out.`);
  const named = new Set(brought.flatMap((r) => r.items.flatMap((it) => it.ids)));
  for (const r of [...path.running].reverse()) {
    for (const id of new Set(r.items.flatMap((it) => it.ids))) {
      if (!named.has(id)) notes.push(`${id} is fixed in ${r.version}, which ${from} already runs, but the notes up to ${to} do not name it: check that ${to} has the fix.`);
    }
  }
  return notes;
}

function urgentFor(minor: string, n: UrgentNotes | undefined): UrgentNotesForMinor {
  if (!n) return { minor, status: 'unknown', items: [], url: urgentNotesUrl(minor) };
  return { minor, status: n.none ? 'none' : 'present', items: n.items, url: n.url };
}

function diffRook(catalog: ReleaseCatalog, from: string, to: string): Result<ReleaseDiff> {
  const a = parseRookVersion(from);
  const b = parseRookVersion(to);
  if (!a.ok) return err(a.error);
  if (!b.ok) return err(b.error);
  if (compareRook(a.value, b.value) > 0) return err(`${to} is older than ${from}: a release-note diff goes forward`);
  const notes: string[] = [];
  const releases = catalog.rookReleasesBetween(from, to);
  if (!catalog.rookFind(to)) notes.push(`${to} is not in the release catalog.`);
  const { items, counts, securityFixes } = collect(releases.map((r) => ({ version: r.version, items: [...r.breaking, ...r.items] })));
  const rookBreaking = releases
    .filter((r) => r.breaking.length > 0)
    .map((r) => ({ minor: r.version.replace(/^v(\d+\.\d+).*$/, '$1'), items: r.breaking.map((it) => ({ ...it, release: r.version })) }));
  // Rook's Kubernetes window and Ceph releases are rules: they live in core/compat, not in the catalog.
  const fromSupport = rookSupportOf(a.value);
  const toSupport = rookSupportOf(b.value);
  const componentChanges: ComponentChange[] = [];
  if (fromSupport && toSupport) {
    const window = (s: RookSupport): string => `1.${s.kubernetes.min}–1.${s.kubernetes.max}`;
    if (window(fromSupport) !== window(toSupport)) componentChanges.push({ name: 'kubernetes-window', from: window(fromSupport), to: window(toSupport), change: 'changed' });
    // `squid`, or `tentacle (v20.2.1+)` when Rook needs more than the release's first stable version.
    const names = (s: RookSupport): string[] => s.ceph.map((c) => (/^v\d+\.2\.0$/.test(c.min) ? c.release : `${c.release} (${c.min}+)`));
    for (const n of names(fromSupport)) if (!names(toSupport).includes(n)) componentChanges.push({ name: 'ceph', from: n, change: 'removed' });
    for (const n of names(toSupport)) if (!names(fromSupport).includes(n)) componentChanges.push({ name: 'ceph', to: n, change: 'added' });
  } else {
    notes.push('No compatibility data for the Rook release at one end (its Kubernetes window and Ceph releases are not compared).');
  }
  return ok({
    component: 'rook', from, to,
    releases: releases.map((r) => ({ version: r.version, ...(r.date ? { date: r.date } : {}) })),
    componentChanges, items, counts, securityFixes, urgentNotes: [], rookBreaking, notes,
  });
}

function diffCeph(catalog: ReleaseCatalog, from: string, to: string): Result<ReleaseDiff> {
  const a = parseCephVersion(from);
  const b = parseCephVersion(to);
  if (!a.ok) return err(a.error);
  if (!b.ok) return err(b.error);
  if (a.value.major > b.value.major) return err(`${to} is older than ${from}: Ceph daemons are never downgraded`);
  const releases = catalog.cephReleases().filter((c) => c.major > a.value.major && c.major <= b.value.major);
  const { counts } = collect([]);
  return ok({
    component: 'ceph', from, to,
    releases: releases.map((c) => ({ version: c.version, ...(c.date ? { date: c.date } : {}) })),
    componentChanges: releases.map((c) => ({ name: 'ceph-release', to: c.name, change: 'added' as const })),
    items: [], counts, securityFixes: [], urgentNotes: [], rookBreaking: [],
    notes: ['Ceph point-release notes are not in the catalog; see https://docs.ceph.com/en/latest/releases/ for each release crossed.'],
  });
}
