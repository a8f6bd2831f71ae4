import type { Result } from '../../common/result';
import { compareKube, compareRook, parseKubeVersion, parseRookVersion } from '../versions';

/** A K3s GA release tag: `v1.30.4+k3s1` (no pre-release). */
export function isK3sVersion(v: string): boolean {
  const r = parseKubeVersion(v);
  return r.ok && r.value.distribution === 'k3s' && r.value.prerelease === undefined;
}

/** Orders version strings by a parser's order; unparsable strings sort first, by text, so sorting never throws. */
function byParsed<V>(parse: (s: string) => Result<V>, compare: (a: V, b: V) => number): (a: string, b: string) => number {
  return (a, b) => {
    const x = parse(a);
    const y = parse(b);
    if (x.ok && y.ok) return compare(x.value, y.value);
    if (x.ok) return 1;
    if (y.ok) return -1;
    return a < b ? -1 : a > b ? 1 : 0;
  };
}

/** Orders K3s versions; unparsable strings sort first. */
export const compareK3sVersions = byParsed(parseKubeVersion, compareKube);

/** Orders Rook versions; unparsable strings sort first. */
export const compareRookVersions = byParsed(parseRookVersion, compareRook);

/** `1.9` < `1.10`. */
export function compareMinors(a: string, b: string): number {
  const [am, an] = a.split('.').map(Number);
  const [bm, bn] = b.split('.').map(Number);
  return (am - bm) || (an - bn);
}
export function minorOfK3s(v: { readonly major: number; readonly minor: number }): string {
  return `${v.major}.${v.minor}`;
}
