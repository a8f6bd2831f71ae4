/**
 * Rook support windows at release (rook/rook Documentation, as summarised in shared/DESIGN.md).
 * Stand-in for src/core/compat until it is wired.
 */
export interface RookSupport {
  readonly kube: readonly [minMinor: number, maxMinor: number];
  /** Ceph majors supported, each with the lowest supported version when there is one. */
  readonly ceph: readonly { readonly major: number; readonly min?: readonly [number, number, number] }[];
}

export const ROOK_SUPPORT: Readonly<Record<string, RookSupport>> = {
  '1.12': { kube: [22, 28], ceph: [{ major: 16, min: [16, 2, 7] }, { major: 17 }, { major: 18 }] },
  '1.13': { kube: [23, 29], ceph: [{ major: 17 }, { major: 18 }] },
  '1.14': { kube: [25, 30], ceph: [{ major: 17 }, { major: 18 }] },
  '1.15': { kube: [26, 31], ceph: [{ major: 17 }, { major: 18 }, { major: 19 }] },
  '1.16': { kube: [27, 32], ceph: [{ major: 18 }, { major: 19 }] },
  '1.17': { kube: [28, 33], ceph: [{ major: 18 }, { major: 19 }] },
  '1.18': { kube: [29, 34], ceph: [{ major: 18 }, { major: 19 }, { major: 20, min: [20, 2, 0] }] },
  '1.19': { kube: [30, 35], ceph: [{ major: 19 }, { major: 20, min: [20, 2, 1] }] },
  '1.20': { kube: [31, 36], ceph: [{ major: 19 }, { major: 20, min: [20, 2, 1] }] },
};

/** Known risky edges (stand-in for src/core/risks): K3s 1.34 brings etcd 3.6. */
export interface KnownRisk {
  readonly id: string;
  readonly component: 'k3s' | 'kubernetes' | 'rook' | 'ceph';
  /** Minor lines, e.g. 1.33 → 1.34. */
  readonly fromMinor: string;
  readonly toMinor: string;
  readonly reason: string;
  readonly url: string;
}

export const KNOWN_RISKS: readonly KnownRisk[] = [
  {
    id: 'k3s-etcd-3.6-zombie-members',
    component: 'k3s',
    fromMinor: '1.33',
    toMinor: '1.34',
    reason: 'K3s v1.34 ships etcd 3.6; the only safe path from etcd 3.5 is through v3.5.26 (K3s v1.33.7+k3s3 or later) first, else removed members can rejoin and break quorum',
    url: 'https://etcd.io/blog/2025/zombie_members_upgrade/',
  },
];
