import { type CephVersion, cephReleaseName, formatCeph, parseCephVersion } from '../versions';

/** `reef` → `Reef`. */
export function cephReleaseTitle(name: string): string {
  return name ? name[0].toUpperCase() + name.slice(1) : name;
}

/**
 * One way to show a Ceph version everywhere: `v18.2.4 (Reef)`, whether it was read from a
 * CephCluster status (`18.2.4-0`), an image tag (`v18.2.4`) or an image reference. A version that
 * does not parse is shown as it was read; none at all as `?`.
 */
export function cephDisplay(version: string | CephVersion | undefined): string {
  if (version === undefined) return '?';
  const parsed = typeof version === 'string' ? parseCephVersion(version) : { ok: true as const, value: version };
  if (!parsed.ok) return typeof version === 'string' ? version : '?';
  const name = cephReleaseName(parsed.value.major);
  return name ? `${formatCeph(parsed.value)} (${cephReleaseTitle(name)})` : formatCeph(parsed.value);
}
