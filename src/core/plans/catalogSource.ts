import type { ReleaseCatalog } from '../releases';
import { CEPH_RELEASES_KNOWN } from './fallbackReleases.data';
import type { ComponentName } from './model';
import { type ReleaseInfo, type ReleaseInfoSource, TableReleaseSource } from './releaseSource';

/** Headline of a release: its first breaking or security item, else the first item, shortened to one line. */
function headlineOf(items: readonly { text: string; kind: string; depth: number }[]): string | undefined {
  const top = items.filter((i) => i.depth === 0);
  const pick = top.find((i) => i.kind === 'breaking') ?? top.find((i) => i.kind === 'security') ?? top[0];
  if (!pick) return undefined;
  const line = pick.text.split('\n')[0].replace(/\s+/g, ' ').trim();
  const counts = (['breaking', 'security', 'deprecation'] as const)
    .map((k) => [k, top.filter((i) => i.kind === k).length] as const)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k}`);
  return `${line.length > 180 ? `${line.slice(0, 177)}…` : line}${counts.length ? ` (${counts.join(', ')})` : ''}`;
}

/** ReleaseInfoSource over the release catalog (src/core/releases): K3s and Rook releases; Ceph point releases from the bundled table. */
export function catalogReleaseSource(catalog: ReleaseCatalog): ReleaseInfoSource {
  const k3s: ReleaseInfo[] = catalog.k3sReleases().map((r) => ({
    version: r.version,
    ...(r.date ? { date: r.date } : {}),
    ...(headlineOf(r.items) ? { headline: headlineOf(r.items) } : {}),
    url: `https://github.com/k3s-io/k3s/releases/tag/${encodeURIComponent(r.version)}`,
  }));
  const rook: ReleaseInfo[] = catalog.rookReleases().map((r) => ({
    version: r.version,
    ...(r.date ? { date: r.date } : {}),
    ...(headlineOf([...r.breaking, ...r.items]) ? { headline: headlineOf([...r.breaking, ...r.items]) } : {}),
    url: `https://github.com/rook/rook/releases/tag/${r.version}`,
  }));
  const cephFirst = new Map(catalog.cephReleases().map((c) => [c.major, c] as const));
  const ceph: ReleaseInfo[] = CEPH_RELEASES_KNOWN.map((version) => {
    const major = Number(/^v(\d+)/.exec(version)?.[1]);
    const rel = cephFirst.get(major);
    return { version, ...(rel && rel.version === version && rel.date ? { date: rel.date, headline: `First stable ${rel.name} release` } : {}) };
  });
  const tables: Partial<Record<ComponentName, readonly ReleaseInfo[]>> = { k3s, rook, ceph };
  return new TableReleaseSource(tables);
}
