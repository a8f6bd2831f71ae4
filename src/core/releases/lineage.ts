import type { K3sRelease, ReleaseNoteItem } from './types';
import type { ReleaseCatalog } from './catalog';
import { compareK3sVersions } from './order';

/**
 * Which K3s releases' notes an upgrade really brings. K3s publishes each minor as its own line:
 * v1.31.0+k3s1 lists "Changes since v1.30.4+k3s1", while v1.30.5…v1.30.8 keep going on the v1.30 line
 * (most of their items are backports that v1.31.1… list again under new PR numbers). Version order
 * therefore overstates a cross-minor upgrade: going v1.30.4 → v1.31.x never runs v1.30.5–8.
 *
 * The notes declare the lineage, so it is followed: from the target back through each release's
 * "Changes since" to the release the current version's own lineage shares with it (the fork).
 * - The upgrade brings the target's lineage after the fork (v1.30.4 → v1.31.4: v1.31.0 … v1.31.4;
 *   v1.30.2 → v1.31.4: v1.30.2+k3s2 … v1.30.4 too, since v1.31.0 starts from v1.30.4).
 * - When the current release is past the fork on its own line (v1.30.8 → v1.31.4: fork v1.30.4), the
 *   changes of v1.30.5–8 already run on the cluster. The target's items are still counted from the
 *   fork (v1.31.0 … v1.31.4), less the items that v1.30.5–8 already listed (same text, PR links
 *   aside) and less the security ids they already fixed; see diff.ts.
 * - A release whose notes name no known predecessor is assumed to follow the nearest older release
 *   (of the version it names, when it names one), and the diff says so.
 */
export interface K3sPath {
  /** Releases whose changes the upgrade brings, oldest first. */
  readonly releases: K3sRelease[];
  /** Releases on the current version's own line after the fork: their changes already run. Newest first. */
  readonly running: K3sRelease[];
  /** Where the two lineages meet. */
  readonly fork?: K3sRelease;
  /** Releases in `releases` whose predecessor was assumed, with the assumed one. */
  readonly assumed: readonly { release: K3sRelease; previous: K3sRelease }[];
}

interface Step {
  readonly release: K3sRelease;
  /** The release this one's notes start from (declared, or assumed when `assumed`). */
  readonly previous?: K3sRelease;
  readonly assumed: boolean;
}

/** A release, the release its "Changes since" names, and so on; newest first, strictly older at each step. */
export function k3sLineage(catalog: ReleaseCatalog, start: K3sRelease): Step[] {
  const out: Step[] = [];
  const seen = new Set<string>();
  let r: K3sRelease | undefined = start;
  while (r && !seen.has(r.version)) {
    seen.add(r.version);
    const since: string | undefined = r.changesSince;
    const declared: K3sRelease | undefined = since ? catalog.find(since) : undefined;
    const valid: boolean = declared !== undefined && compareK3sVersions(declared.version, r.version) < 0;
    let previous: K3sRelease | undefined = valid ? declared : undefined;
    if (!previous) {
      const near: K3sRelease | undefined = since ? catalog.atOrBefore(since) : undefined;
      previous = near && compareK3sVersions(near.version, r.version) < 0 ? near : catalog.previous(r.version);
    }
    out.push({ release: r, ...(previous ? { previous } : {}), assumed: !valid && previous !== undefined });
    r = previous;
  }
  return out;
}

/** The releases an upgrade from `from` to `end` (a catalog release) brings; see the comment above. */
export function k3sPath(catalog: ReleaseCatalog, from: string, end: K3sRelease | undefined): K3sPath {
  if (!end) return { releases: [], running: [], assumed: [] };
  const target = k3sLineage(catalog, end);
  const position = new Map(target.map((s, i) => [s.release.version, i]));
  const current = catalog.atOrBefore(from);
  let forkAt = -1;
  const running: K3sRelease[] = [];
  if (current) {
    for (const s of k3sLineage(catalog, current)) {
      const i = position.get(s.release.version);
      if (i !== undefined) {
        forkAt = i;
        break;
      }
      running.push(s.release);
    }
  }
  // Lineages that never meet (the current version is older than the catalog): everything newer than it.
  const brought = forkAt >= 0 ? target.slice(0, forkAt) : target.filter((s) => compareK3sVersions(s.release.version, from.trim()) > 0);
  return {
    releases: brought.map((s) => s.release).reverse(),
    running: forkAt >= 0 ? running : [],
    ...(forkAt >= 0 ? { fork: target[forkAt].release } : {}),
    assumed: brought.flatMap((s) => (s.assumed && s.previous ? [{ release: s.release, previous: s.previous }] : [])).reverse(),
  };
}

/** An item's identity across release lines: its text without PR links, white space collapsed, lower case. */
export function itemKey(item: ReleaseNoteItem): string {
  return item.text
    .replace(/\[\(#\d{1,7}\)\]\([^)\s]*\)/g, '')
    .replace(/\(#\d{1,7}\)/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    .toLowerCase();
}
