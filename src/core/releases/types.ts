import type { Risk } from '../risks/model';

/**
 * Release data model: what the catalog knows about K3s, Kubernetes, Rook and Ceph releases.
 * Everything here is plain JSON-serializable data, so the generated `data/catalog.json`, the mirror
 * folder and the online source all produce the same shapes.
 */

/** The embedded components of a K3s release, in the column order of the k3s docs tables. */
export const K3S_COMPONENTS = [
  'kubernetes', 'kine', 'sqlite', 'etcd', 'containerd', 'runc', 'flannel',
  'metrics-server', 'traefik', 'coredns', 'helm-controller', 'local-path-provisioner',
] as const;
export type K3sComponent = (typeof K3S_COMPONENTS)[number];

/** How a release-note item matters to someone upgrading; see classify.ts for the heuristics. */
export type ItemKind = 'breaking' | 'security' | 'deprecation' | 'known-issue' | 'other';
export const ITEM_KINDS: readonly ItemKind[] = ['breaking', 'security', 'deprecation', 'known-issue', 'other'];

/** Where an item came from inside a release's notes. */
export type ItemOrigin = 'change' | 'note' | 'urgent' | 'rook-breaking' | 'rook-feature';

export interface ReleaseNoteItem {
  /** Markdown as written upstream (untrusted: render with html disabled), bullet marker removed. */
  readonly text: string;
  readonly kind: ItemKind;
  readonly origin: ItemOrigin;
  /** 0 for a top-level bullet or note, 1+ for a sub-bullet describing the item above it. */
  readonly depth: number;
  /** CVE and GHSA identifiers found in the text, upper-case CVE, `GHSA-xxxx-xxxx-xxxx`. */
  readonly ids: readonly string[];
  /** Pull request number when the item links one (`[(#8087)](…/pull/8087)`). */
  readonly pr?: number;
  /** Title of the admonition, block quote or heading the note sits under (`Critical Regression`). */
  readonly title?: string;
}

/** Something a parser saw and could not turn into data: reported, never silently dropped. */
export interface Unparsed {
  /** 1-based line number in the parsed text. */
  readonly line: number;
  readonly text: string;
  readonly reason: string;
  /** The file or URL the text came from, when known. */
  readonly source?: string;
}

export interface K3sRelease {
  /** `v1.30.4+k3s1` */
  readonly version: string;
  /** ISO date `2024-08-21`; undefined when no source gave one. */
  readonly date?: string;
  /** Component name (K3S_COMPONENTS, or a new column name lower-cased) → version as published. */
  readonly components: Readonly<Record<string, string>>;
  /** The release the "Changes since" list starts from. */
  readonly changesSince?: string;
  readonly items: readonly ReleaseNoteItem[];
  /** Where this record came from: `bundled`, `mirror:<file>`, `online`. */
  readonly origin?: string;
}

/** Kubernetes "Urgent Upgrade Notes" of a minor's .0 release. */
export interface UrgentNotes {
  /** `1.31` */
  readonly minor: string;
  /** true when the changelog says there are none (or has no such section). */
  readonly none: boolean;
  readonly items: readonly ReleaseNoteItem[];
  readonly url: string;
}

export interface RookRelease {
  /** `v1.15.3` */
  readonly version: string;
  readonly date?: string;
  /** Breaking changes announced for this release (for a minor: on its .0). */
  readonly breaking: readonly ReleaseNoteItem[];
  readonly items: readonly ReleaseNoteItem[];
  readonly origin?: string;
}

export interface CephRelease {
  /** `reef` */
  readonly name: string;
  readonly major: number;
  /** First stable version, `v18.2.0`. */
  readonly version: string;
  /** Every point release of it the catalog knows (`v18.2.0` … `v18.2.7`), oldest first: the Ceph versions a plan may use. */
  readonly versions: readonly string[];
  readonly date?: string;
  readonly source: string;
}

/** The serialized catalog: the generated data file, a mirror read, or an online refresh. */
export interface CatalogData {
  readonly schemaVersion: 1;
  /** Freshness of this data (ISO date-time); the newer source wins per release when merging. */
  readonly asOf: string;
  readonly k3s: readonly K3sRelease[];
  readonly kubernetesUrgentNotes: readonly UrgentNotes[];
  readonly rook: readonly RookRelease[];
  readonly ceph: readonly CephRelease[];
  /** Risks every user of a component shares (data/risks/*.yaml), in the format of a team's risk files. */
  readonly risks: readonly Risk[];
  /** What the build or the source could not parse, kept for the log and the tests. */
  readonly unparsed: readonly Unparsed[];
}

export function emptyCatalogData(asOf = '1970-01-01T00:00:00Z'): CatalogData {
  return { schemaVersion: 1, asOf, k3s: [], kubernetesUrgentNotes: [], rook: [], ceph: [], risks: [], unparsed: [] };
}
