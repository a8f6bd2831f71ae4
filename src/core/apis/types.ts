/** Types of the API lifecycle data (data/apis/api-lifecycle.json, built by scripts/gen-api-lifecycle.ts). */

export interface GroupVersionKind {
  /** "" for the core group. */
  readonly group: string;
  readonly version: string;
  readonly kind: string;
}

/** What moving to the replacement takes, from data/apis/migrations.yaml (reviewed by hand). */
export interface Migration {
  /** mechanical: only apiVersion changes; fields: fields change too (see notes); none: there is no replacement. */
  readonly change: 'mechanical' | 'fields' | 'none';
  /** What else must change, one sentence each. */
  readonly notes: readonly string[];
  /** Where the facts were checked. */
  readonly source: readonly string[];
}

export interface ApiLifecycleEntry extends GroupVersionKind {
  /** Kubernetes minors ("1.22"); null when the source does not say. */
  readonly introduced: string | null;
  readonly deprecated: string | null;
  /** The first minor that no longer serves it. */
  readonly removed: string | null;
  replacement: GroupVersionKind | null;
  /** Set when the replacement comes from data/apis/migrations.yaml because the Go source names none. */
  replacementSource?: string;
  /** Module version and file the lifecycle was read from. */
  readonly source: string;
  migration?: Migration;
}

export interface ApiLifecycleData {
  readonly generatedBy: string;
  /** Module versions read, newest first per module. */
  readonly modules: readonly string[];
  readonly entries: readonly ApiLifecycleEntry[];
}
