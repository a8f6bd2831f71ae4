import { compareCeph, compareKube, compareRook, minorKey, parseCephVersion, parseKubeVersion, parseRookVersion } from '../versions';
import type { ComponentName } from './model';
import { CEPH_RELEASES_KNOWN, K3S_RELEASES, ROOK_RELEASES } from './fallbackReleases.data';

export interface ReleaseInfo {
  readonly version: string;
  /** ISO date. */
  readonly date?: string;
  /** One line on what the release changes. */
  readonly headline?: string;
  readonly url?: string;
}

/**
 * What plan editing needs to know about releases: which versions exist, their dates and headlines.
 * Backed by the release catalog (src/core/releases) when it is wired, by a bundled table until then.
 */
export interface ReleaseInfoSource {
  /** Every known version of the component, oldest first. Empty when nothing is known (then nothing is "unknown"). */
  versions(component: ComponentName): readonly string[];
  exists(component: ComponentName, version: string): boolean;
  info(component: ComponentName, version: string): ReleaseInfo | undefined;
  /** Newest release of the minor line (`1.31`), undefined when none is known. */
  latestPatch(component: ComponentName, minor: string): string | undefined;
  /** Targets to offer when writing a new plan: newest patch of the newest few minors, newest first. */
  recommended(component: ComponentName): readonly string[];
}

export function compareVersions(component: ComponentName, a: string, b: string): number | undefined {
  if (component === 'rook') {
    const x = parseRookVersion(a);
    const y = parseRookVersion(b);
    return x.ok && y.ok ? compareRook(x.value, y.value) : undefined;
  }
  if (component === 'ceph') {
    const x = parseCephVersion(a);
    const y = parseCephVersion(b);
    return x.ok && y.ok ? compareCeph(x.value, y.value) : undefined;
  }
  const x = parseKubeVersion(a);
  const y = parseKubeVersion(b);
  return x.ok && y.ok ? compareKube(x.value, y.value) : undefined;
}

/** `1.31` for kube and Rook versions, `19.2` for Ceph; undefined when the text is not a version. */
export function minorOf(component: ComponentName, version: string): string | undefined {
  if (component === 'ceph') {
    const c = parseCephVersion(version);
    return c.ok ? `${c.value.major}.${c.value.minor ?? 0}` : undefined;
  }
  const v = component === 'rook' ? parseRookVersion(version) : parseKubeVersion(version);
  return v.ok ? minorKey(v.value) : undefined;
}

/** A release source over plain version tables. */
export class TableReleaseSource implements ReleaseInfoSource {
  private readonly byComponent = new Map<ComponentName, ReleaseInfo[]>();

  constructor(tables: Partial<Record<ComponentName, readonly ReleaseInfo[]>>) {
    for (const [c, list] of Object.entries(tables) as [ComponentName, readonly ReleaseInfo[]][]) {
      const sorted = [...list].sort((a, b) => compareVersions(c, a.version, b.version) ?? 0);
      this.byComponent.set(c, sorted);
    }
  }

  versions(component: ComponentName): readonly string[] {
    return (this.byComponent.get(component) ?? []).map((r) => r.version);
  }

  exists(component: ComponentName, version: string): boolean {
    const list = this.byComponent.get(component);
    return !list || list.length === 0 || list.some((r) => r.version === version.trim());
  }

  info(component: ComponentName, version: string): ReleaseInfo | undefined {
    return this.byComponent.get(component)?.find((r) => r.version === version.trim());
  }

  latestPatch(component: ComponentName, minor: string): string | undefined {
    const list = this.byComponent.get(component) ?? [];
    let best: string | undefined;
    for (const r of list) {
      if (minorOf(component, r.version) === minor) best = r.version;
    }
    return best;
  }

  recommended(component: ComponentName): readonly string[] {
    const list = this.byComponent.get(component) ?? [];
    const minors: string[] = [];
    for (const r of [...list].reverse()) {
      const m = minorOf(component, r.version);
      if (m && !minors.includes(m)) minors.push(m);
      if (minors.length >= 4) break;
    }
    return minors.map((m) => this.latestPatch(component, m)).filter((v): v is string => v !== undefined);
  }
}

/** The bundled stand-in: K3s releases from the k3s-io/docs tables, Rook tags, Ceph point releases. */
export function bundledReleaseSource(): ReleaseInfoSource {
  const k3s = K3S_RELEASES.map(([version, date, headline]) => ({
    version,
    date,
    headline,
    url: `https://github.com/k3s-io/k3s/releases/tag/${encodeURIComponent(version)}`,
  }));
  const rook = ROOK_RELEASES.map((version) => ({ version, url: `https://github.com/rook/rook/releases/tag/${version}` }));
  const ceph = CEPH_RELEASES_KNOWN.map((version) => ({ version }));
  return new TableReleaseSource({ k3s, rook, ceph });
}
