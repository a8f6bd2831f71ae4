import type { DiffComponent, ItemKind } from '../releases';

/**
 * The Release Notes view as data: what the webview shows, computed from the release catalog by
 * view.ts. Plain JSON, no rendering: item texts are upstream markdown (untrusted) and are rendered
 * with HTML disabled by the webview host.
 */

/** A component and a range `(from, to]` the reader wants the notes of. */
export interface NotesRange {
  readonly component: DiffComponent;
  readonly from: string;
  readonly to: string;
}

/** Where a release record came from: the catalog shipped with the extension, the mirror folder, or GitHub. */
export type ReleaseSource = 'bundled' | 'mirror' | 'online';

export interface ReleaseRef {
  readonly version: string;
  readonly date?: string;
  readonly source: ReleaseSource;
  /** The upstream page of this release. */
  readonly url?: string;
}

export interface NotesEntry {
  /** Upstream markdown (untrusted). */
  readonly text: string;
  /** The release whose notes carry it. */
  readonly release: string;
  readonly kind: ItemKind;
  readonly title?: string;
  readonly ids: readonly string[];
}

/** A group inside a section: one Kubernetes minor's urgent notes, one Rook minor's breaking changes, K3s notes. */
export interface EntryGroup {
  readonly title: string;
  /** present: entries below; none: upstream says there are none; unknown: not in the catalog, read `url`. */
  readonly status: 'present' | 'none' | 'unknown';
  readonly entries: readonly NotesEntry[];
  readonly url?: string;
}

export interface SecurityEntry {
  /** `CVE-2025-30215`, `GHSA-…` */
  readonly id: string;
  /** The first release of the range whose notes name it. */
  readonly fixedIn: string;
  /** A newer patch of the current minor that also names it, when one does (a smaller step that fixes it). */
  readonly fixedOnCurrentLine?: string;
  /** The current version does not have the fix (no release of its line up to it names the id). */
  readonly exposed: boolean;
  readonly text: string;
  readonly url: string;
}

export interface EmbeddedChange {
  readonly name: string;
  readonly from?: string;
  readonly to?: string;
  readonly change: 'added' | 'removed' | 'changed';
}

export interface ReleaseChanges {
  readonly release: ReleaseRef;
  readonly entries: readonly NotesEntry[];
}

export interface Section<T> {
  readonly count: number;
  readonly items: readonly T[];
}

export interface ComponentNotes {
  readonly component: DiffComponent;
  /** `K3s`, `Rook`, `Ceph`. */
  readonly label: string;
  readonly from: string;
  readonly to: string;
  /** The releases whose notes the upgrade brings, oldest first, each with its source. */
  readonly releases: readonly ReleaseRef[];
  /** Minors (or Ceph releases) entered on the way: `1.31`, `1.32`, … */
  readonly minorsCrossed: readonly string[];
  /** How many of the releases each source gave. */
  readonly sources: Readonly<Partial<Record<ReleaseSource, number>>>;
  /** The target's upstream release page. */
  readonly upstreamUrl?: string;
  readonly urgent: Section<EntryGroup>;
  readonly security: Section<SecurityEntry> & { readonly exposed: number };
  readonly deprecations: Section<NotesEntry>;
  readonly knownIssues: Section<NotesEntry>;
  readonly embedded: Section<EmbeddedChange>;
  readonly changes: Section<ReleaseChanges>;
  /** Warnings about a later upgrade than this one (a `K3s v1.34 Upgrade Warning` on the way to v1.33): shown, not counted as urgent. */
  readonly laterUpgrades: readonly NotesEntry[];
  /** What the reader should know about the diff itself (unknown ends, gaps, lineage). */
  readonly notes: readonly string[];
  /** Set when the range could not be diffed (bad version, backwards range): the rest is empty. */
  readonly error?: string;
}

export interface ReleaseNotesView {
  readonly title: string;
  /** The catalog's freshness (ISO date-time). */
  readonly asOf: string;
  readonly components: readonly ComponentNotes[];
}
