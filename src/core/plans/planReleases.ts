import { compareCeph, compareKube, compareRook, minorKey, parseCephVersion, parseKubeVersion, parseRookVersion } from '../versions';
import type { ComponentName } from './model';

/** One release as plan editing shows it (hover, completion, the target picker). */
export interface ReleaseSummary {
  readonly version: string;
  /** ISO date. */
  readonly date?: string;
  /** One line on what the release changes. */
  readonly headline?: string;
  readonly url?: string;
}

/**
 * Plan editing's view of the release catalog (src/core/releases): which versions exist, their dates
 * and headlines. Built from the catalog by `planReleasesOf` (catalogReleases.ts); nothing else feeds it.
 */
export interface PlanReleases {
  /** Every known version of the component, oldest first. Empty when nothing is known (then nothing is "unknown"). */
  versions(component: ComponentName): readonly string[];
  exists(component: ComponentName, version: string): boolean;
  summary(component: ComponentName, version: string): ReleaseSummary | undefined;
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

/** PlanReleases over per-component lists of releases (sorted here; lookups by version are indexed). */
export class TablePlanReleases implements PlanReleases {
  private readonly byComponent = new Map<ComponentName, ReleaseSummary[]>();
  private readonly byVersion = new Map<ComponentName, Map<string, ReleaseSummary>>();
  private readonly latest = new Map<ComponentName, Map<string, string>>();

  constructor(tables: Partial<Record<ComponentName, readonly ReleaseSummary[]>>) {
    for (const [c, list] of Object.entries(tables) as [ComponentName, readonly ReleaseSummary[]][]) {
      const sorted = [...list].sort((a, b) => compareVersions(c, a.version, b.version) ?? 0);
      this.byComponent.set(c, sorted);
      this.byVersion.set(c, new Map(sorted.map((r) => [r.version, r])));
      const latest = new Map<string, string>();
      for (const r of sorted) {
        const m = minorOf(c, r.version);
        if (m && !isPrerelease(c, r.version)) latest.set(m, r.version);
      }
      this.latest.set(c, latest);
    }
  }

  versions(component: ComponentName): readonly string[] {
    return (this.byComponent.get(component) ?? []).map((r) => r.version);
  }

  exists(component: ComponentName, version: string): boolean {
    const list = this.byComponent.get(component);
    return !list || list.length === 0 || this.byVersion.get(component)!.has(version.trim());
  }

  summary(component: ComponentName, version: string): ReleaseSummary | undefined {
    return this.byVersion.get(component)?.get(version.trim());
  }

  latestPatch(component: ComponentName, minor: string): string | undefined {
    return this.latest.get(component)?.get(minor.trim().replace(/^v/, ''));
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

function isPrerelease(component: ComponentName, version: string): boolean {
  if (component === 'rook') {
    const r = parseRookVersion(version);
    return r.ok && r.value.prerelease !== undefined;
  }
  if (component === 'ceph') return false;
  const k = parseKubeVersion(version);
  return k.ok && k.value.prerelease !== undefined;
}
