/**
 * What the commands read from the arguments VS Code passes them: a tree row, a `{ contextName }`
 * object, or a plain string. The explorer's rows have these shapes; the commands do not import the
 * explorer, they read the shape.
 */

/** A row that names its own release notes (a version, a node's kubelet, a component). */
export interface ReleaseNotesRow {
  /** Where a human reads this row's release notes; undefined when none is known. */
  releaseNotesUrl(): string | undefined;
}

/** The context an argument names: a string, or an object (a tree row) with a `contextName`. */
export function contextNameOf(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg && typeof arg === 'object') {
    const named = arg as { contextName?: unknown };
    if (typeof named.contextName === 'string') return named.contextName;
  }
  return undefined;
}

/** The row's own release notes, when the argument is a row that has them. */
export function releaseNotesRowOf(arg: unknown): ReleaseNotesRow | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const row = arg as { releaseNotesUrl?: unknown };
  return typeof row.releaseNotesUrl === 'function' ? (arg as ReleaseNotesRow) : undefined;
}
