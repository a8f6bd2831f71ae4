import {
  type CephReleaseName, type CephVersion, type KubeVersion, type RookVersion,
  ceph, cephReleaseName, compareCeph, formatCeph, minorKey,
} from '../versions';
import { type Verdict, pass, fail } from './verdict';

/** What one Rook minor release supports, as published with that release. */
export interface RookSupport {
  /** `1.14` */
  readonly rook: string;
  /** Oldest and newest supported Kubernetes minor, `1.25` … `1.30`. */
  readonly kubernetes: { readonly min: number; readonly max: number };
  /** Supported Ceph releases, each with the oldest supported version of that release. */
  readonly ceph: readonly { readonly release: CephReleaseName; readonly min: string }[];
  /** Where the row comes from. */
  readonly source: string;
}

const R = (rook: string, min: number, max: number, cephs: [CephReleaseName, string][], source: string): RookSupport => ({
  rook, kubernetes: { min, max }, ceph: cephs.map(([release, m]) => ({ release, min: m })), source,
});

/**
 * Rook ↔ Kubernetes ↔ Ceph support per Rook minor. Base table: shared DESIGN.md "Facts to build on"
 * (Rook's Prerequisites and Ceph-upgrade pages of each release). Where the fixture docs in rook/rook
 * say something, the row cites them; where the pending notes were written before a later patch
 * widened the window, the published table wins and the comment says so.
 */
export const ROOK_SUPPORT: readonly RookSupport[] = [
  // DESIGN.md; history/pre-v1.13.0/PendingReleaseNotes.md drops k8s 1.22 and Pacific in 1.13, so 1.12 is the last with both.
  R('1.12', 22, 28, [['pacific', 'v16.2.7'], ['quincy', 'v17.2.0'], ['reef', 'v18.2.0']], 'DESIGN.md; rook history/pre-v1.13.0 (1.13 removes k8s 1.22 and Pacific); https://rook.io/docs/rook/v1.12/Getting-Started/Prerequisites/prerequisites/'),
  // history/pre-v1.13.0: "Removed official support for Kubernetes v1.22", "Removed support for Ceph Pacific (v16)"; 1.29 added by a 1.13 patch (DESIGN.md).
  R('1.13', 23, 29, [['quincy', 'v17.2.0'], ['reef', 'v18.2.0']], 'rook history/pre-v1.13.0/PendingReleaseNotes.md; DESIGN.md; https://rook.io/docs/rook/v1.13/Getting-Started/Prerequisites/prerequisites/'),
  // history/pre-v1.14.0: "The minimum supported version of Kubernetes is v1.25" ("v1.25 through v1.29" at feature freeze; 1.30 per DESIGN.md).
  R('1.14', 25, 30, [['quincy', 'v17.2.0'], ['reef', 'v18.2.0']], 'rook history/pre-v1.14.0/PendingReleaseNotes.md; DESIGN.md; https://rook.io/docs/rook/v1.14/Getting-Started/Prerequisites/prerequisites/'),
  // history/pre-v1.15.0: "Added support for Ceph Squid (v19)", "Support K8s versions v1.26 through v1.31".
  R('1.15', 26, 31, [['quincy', 'v17.2.0'], ['reef', 'v18.2.0'], ['squid', 'v19.2.0']], 'rook history/pre-v1.15.0/PendingReleaseNotes.md; https://rook.io/docs/rook/v1.15/Getting-Started/Prerequisites/prerequisites/'),
  // history/pre-v1.16.0: "Removed support for Ceph Quincy (v17)", "Minimum K8s version updated to v1.27", "Added supported for K8s version v1.32".
  R('1.16', 27, 32, [['reef', 'v18.2.0'], ['squid', 'v19.2.0']], 'rook history/pre-v1.16.0/PendingReleaseNotes.md; https://rook.io/docs/rook/v1.16/Getting-Started/Prerequisites/prerequisites/'),
  // DESIGN.md (no fixture for 1.17).
  R('1.17', 28, 33, [['reef', 'v18.2.0'], ['squid', 'v19.2.0']], 'DESIGN.md; https://rook.io/docs/rook/v1.17/Getting-Started/Prerequisites/prerequisites/'),
  // DESIGN.md: Tentacle from 20.2.0 (no fixture for 1.18).
  R('1.18', 29, 34, [['reef', 'v18.2.0'], ['squid', 'v19.2.0'], ['tentacle', 'v20.2.0']], 'DESIGN.md; https://rook.io/docs/rook/v1.18/Getting-Started/Prerequisites/prerequisites/'),
  // DESIGN.md: Reef dropped, Tentacle from 20.2.1.
  R('1.19', 30, 35, [['squid', 'v19.2.0'], ['tentacle', 'v20.2.1']], 'DESIGN.md; https://rook.io/docs/rook/v1.19/Getting-Started/Prerequisites/prerequisites/'),
  // Documentation/Upgrade/rook-upgrade.md "The minimum supported Kubernetes version is v1.31";
  // Documentation/Upgrade/ceph-upgrade.md "Ceph Squid v19.2.0 or newer", "Ceph Tentacle v20.2.1 or newer".
  R('1.20', 31, 36, [['squid', 'v19.2.0'], ['tentacle', 'v20.2.1']], 'rook Documentation/Upgrade/rook-upgrade.md, ceph-upgrade.md'),
];

const byMinor = new Map(ROOK_SUPPORT.map((r) => [r.rook, r]));

export function rookSupportOf(v: Pick<RookVersion, 'major' | 'minor'>): RookSupport | undefined {
  return byMinor.get(`${v.major}.${v.minor}`);
}

/** `reef` → `Reef`, as Ceph names its releases. */
const title = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

const rookLabel = (v: Pick<RookVersion, 'major' | 'minor'>): string => `Rook v${v.major}.${v.minor}`;

/** Is this Kubernetes minor inside the Rook release's supported window? */
export function rookSupportsKubernetes(r: Pick<RookVersion, 'major' | 'minor'>, k: Pick<KubeVersion, 'major' | 'minor'>): Verdict {
  const s = rookSupportOf(r);
  if (!s) return fail('rook.unknown-release', `no compatibility data for ${rookLabel(r)} (known: ${ROOK_SUPPORT[0].rook}–${ROOK_SUPPORT[ROOK_SUPPORT.length - 1].rook})`);
  const window = `v1.${s.kubernetes.min}–v1.${s.kubernetes.max}`;
  if (k.major !== 1 || k.minor < s.kubernetes.min) {
    return fail('rook.kubernetes-too-old', `${rookLabel(r)} needs Kubernetes ${window}; the cluster runs v${minorKey(k)}`);
  }
  if (k.minor > s.kubernetes.max) {
    return fail('rook.kubernetes-too-new', `${rookLabel(r)} supports Kubernetes ${window}; v${minorKey(k)} is beyond it`);
  }
  return pass('rook.kubernetes.ok', `${rookLabel(r)} supports Kubernetes ${window}`);
}

/** Does this Rook release run this Ceph version (release and minimum patch)? */
export function rookSupportsCeph(r: Pick<RookVersion, 'major' | 'minor'>, c: CephVersion): Verdict {
  const s = rookSupportOf(r);
  if (!s) return fail('rook.unknown-release', `no compatibility data for ${rookLabel(r)}`);
  const name = title(cephReleaseName(c.major) ?? `v${c.major}`);
  const row = s.ceph.find((x) => x.release === c.release);
  const list = s.ceph.map((x) => `${title(x.release)} (${x.min}+)`).join(', ');
  if (!row) return fail('ceph.unsupported-by-rook', `${rookLabel(r)} does not run Ceph ${name} ${formatCeph(c)}; it supports ${list}`);
  if (compareCeph(c, ceph(row.min)) < 0) {
    return fail('ceph.unsupported-by-rook', `${rookLabel(r)} needs Ceph ${name} ${row.min} or newer; the cluster runs ${formatCeph(c)}`);
  }
  return pass('ceph.supported.ok', `${rookLabel(r)} supports Ceph ${name} ${formatCeph(c)}`);
}

/** A Rook operator hop: forward, at most one minor (Rook documents upgrades from the previous minor only). */
export function rookStep(from: RookVersion, to: RookVersion): Verdict {
  const d = (to.major - from.major) * 100 + (to.minor - from.minor);
  if (d < 0 || (d === 0 && to.patch < from.patch)) return fail('version.downgrade', `Rook would go from v${from.major}.${from.minor}.${from.patch} back to v${to.major}.${to.minor}.${to.patch}; downgrades are not supported`);
  if (d > 1) return fail('minor.skipped', `Rook would jump ${d} minors (v${from.major}.${from.minor} → v${to.major}.${to.minor}); Rook upgrades one minor at a time (Documentation/Upgrade/rook-upgrade.md)`);
  if (to.prerelease) return fail('rook.prerelease', `Rook ${to.raw} is a pre-release; "Rook upgrades are only supported between official releases"`);
  return pass('minor.ok', d === 1 ? `next Rook minor v${to.major}.${to.minor}` : `Rook patch within v${to.major}.${to.minor}`);
}

/** A Ceph hop: never backwards; at most two releases at once (Ceph upgrades from the two previous releases). */
export function cephStep(from: CephVersion, to: CephVersion): Verdict {
  if (compareCeph(to, from) < 0) return fail('version.downgrade', `Ceph would go from ${formatCeph(from)} back to ${formatCeph(to)}; Ceph daemons are never downgraded`);
  const d = to.major - from.major;
  if (d > 2) return fail('minor.skipped', `Ceph would jump ${d} releases (${formatCeph(from)} → ${formatCeph(to)}); Ceph upgrades from at most two releases back`);
  return pass('ceph.step.ok', d === 0 ? `Ceph patch within ${to.release ?? to.major}` : `Ceph ${from.release ?? from.major} → ${to.release ?? to.major}`);
}
