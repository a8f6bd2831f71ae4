import type { ApiLifecycleTable } from './lifecycle';

/**
 * A linear test that lets the workspace scan skip the YAML parse of a file that cannot name a deprecated or removed
 * API. A ref is kept when `lifecycleOf(apiVersion, kind)` finds an entry with a deprecation or removal; its lookup
 * takes the text after the last `/`, trimmed, as the version, so the version of every kept ref equals the `version`
 * of such an entry. That version (no spaces, no line breaks) reaches the scalar's value character for character from
 * the text: plain, single-quoted, block and flow scalars, JSON strings, tags, anchors and aliases (an alias points at
 * an anchored node of the same document, whose text holds the characters), `List` items and Helm templates read
 * line by line copy it; line folding only ever adds a space or a line break. The one way to spell it otherwise is a
 * backslash escape in a double-quoted scalar or a JSON string (`v1\u0062eta1`, `apps\/v1beta1`, an escaped line
 * break), so a text with any backslash is always parsed. Versions are plain substrings (no pattern); a version
 * with white space in it, or an empty one, makes every text a candidate.
 */

interface Needles {
  /** The `version` of every entry that is deprecated or removed, once each. */
  readonly versions: readonly string[];
  /** A version that a folded scalar could spell across lines, or an empty one: parse everything. */
  readonly always: boolean;
}

const cache = new WeakMap<ApiLifecycleTable, Needles>();

function needlesOf(data: ApiLifecycleTable): Needles {
  let n = cache.get(data);
  if (!n) {
    const versions = new Set<string>();
    for (const e of data.entries) if (e.deprecated !== null || e.removed !== null) versions.add(e.version);
    n = { versions: [...versions], always: [...versions].some((v) => v === '' || /\s/.test(v)) };
    cache.set(data, n);
  }
  return n;
}

/**
 * False only when no apiVersion in the text can be one the data marks deprecated or removed (see above): no
 * backslash and none of their versions as a substring. Linear: one pass per distinct version (8 in the bundled data).
 */
export function mayNameDeprecatedApi(text: string, data: ApiLifecycleTable): boolean {
  const needles = needlesOf(data);
  if (needles.always || text.includes('\\')) return true;
  for (const v of needles.versions) if (text.includes(v)) return true;
  return false;
}
