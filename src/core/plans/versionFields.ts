import type { ComponentName } from './model';
import { COMPONENT_NAMES } from './model';
import { compareVersions, minorOf, type PlanReleases } from './planReleases';
import { isRecord } from '../../common/guards';


export interface VersionField {
  readonly component: ComponentName;
  readonly kind: 'current' | 'target' | 'hop';
  /** The version the component runs just before this field applies (hop: the previous hop or `current`). */
  readonly previous?: string;
}

/** Whether a path names a version (components.<c>.current|target, hops[i].version), and of which component. */
export function versionFieldAt(value: unknown, path: readonly (string | number)[]): VersionField | undefined {
  const root = isRecord(value) ? value : {};
  const components = isRecord(root.components) ? root.components : {};
  const currentOf = (c: ComponentName): string | undefined => {
    const comp = components[c];
    return isRecord(comp) && typeof comp.current === 'string' ? comp.current : undefined;
  };
  if (path.length === 3 && path[0] === 'components' && (path[2] === 'current' || path[2] === 'target')) {
    const c = path[1] as ComponentName;
    if (!COMPONENT_NAMES.includes(c)) return undefined;
    const previous = path[2] === 'target' ? currentOf(c) : undefined;
    return { component: c, kind: path[2], ...(previous ? { previous } : {}) };
  }
  if (path.length === 3 && path[0] === 'hops' && typeof path[1] === 'number' && path[2] === 'version') {
    const hops = Array.isArray(root.hops) ? (root.hops as unknown[]) : [];
    const hop = hops[path[1]];
    const c = isRecord(hop) ? (hop.component as ComponentName) : undefined;
    if (!c || !COMPONENT_NAMES.includes(c)) return undefined;
    let previous = currentOf(c);
    for (let i = 0; i < path[1]; i++) {
      const h = hops[i];
      if (isRecord(h) && h.component === c && typeof h.version === 'string') previous = h.version;
    }
    return { component: c, kind: 'hop', ...(previous ? { previous } : {}) };
  }
  return undefined;
}

/**
 * Versions that exist and can be reached from `previous`: for a hop, newer releases of the same or the
 * next minor (K3s/Kubernetes/Rook go one minor at a time); for a target, anything newer; newest first.
 */
export function reachableVersions(releases: PlanReleases, field: VersionField): string[] {
  const all = releases.versions(field.component);
  const prev = field.previous;
  const c = field.component;
  const prevMinor = prev ? minorOf(c, prev) : undefined;
  const out = all.filter((v) => {
    if (!prev || field.kind === 'current') return true;
    const cmp = compareVersions(c, v, prev);
    if (cmp === undefined || cmp <= 0) return false;
    if (field.kind === 'target' || c === 'ceph' || !prevMinor) return true;
    const [pm, pn] = prevMinor.split('.').map(Number);
    const [vm, vn] = (minorOf(c, v) ?? '0.0').split('.').map(Number);
    return vm === pm && vn - pn <= 1;
  });
  return out.reverse();
}

/** The step a careful operator takes next: the latest patch of the running minor, else the latest of the next minor. */
export function recommendedNext(releases: PlanReleases, field: VersionField): string | undefined {
  const c = field.component;
  const reachable = reachableVersions(releases, field);
  if (field.kind !== 'hop' || !field.previous || c === 'ceph') return reachable[0];
  const minor = minorOf(c, field.previous);
  const latest = minor ? releases.latestPatch(c, minor) : undefined;
  if (latest && (compareVersions(c, latest, field.previous) ?? 0) > 0) return latest;
  return reachable[0];
}
