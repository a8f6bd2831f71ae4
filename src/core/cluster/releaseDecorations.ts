import type { ReleaseCatalog } from '../releases';
import {
  type CephVersion, type KubeVersion, type RookVersion,
  compareKube, compareRook, parseKubeVersion, parseRookVersion,
} from '../versions';

/** What is newer than a running Kubernetes/K3s version, from the release catalog. */
export interface KubeUpdates {
  /** The latest patch of the running minor, when newer than the running version. */
  readonly patch: string | undefined;
  /** The latest patch of the next minor, when one exists. */
  readonly minor: string | undefined;
  /** CVE identifiers fixed between the running version and `patch`. */
  readonly cvesFixedByPatch: readonly string[];
}

/** What is newer than a running Rook operator: the latest patch of its minor and of the next minor. */
export interface RookUpdates {
  readonly patch: string | undefined;
  readonly minor: string | undefined;
}

/** Named Ceph releases newer than the running one (the catalog knows each release's first stable version). */
export interface CephUpdates {
  readonly newer: readonly { readonly name: string; readonly major: number; readonly version: string }[];
}

export interface EmbeddedComponent {
  readonly name: string;
  readonly version: string;
}

/**
 * What the explorer and the status bar show beside a running version, from the release catalog
 * (src/core/releases). Kept this narrow so that they work, showing nothing, before or without it.
 */
export interface ReleaseDecorations {
  kubeUpdates(current: KubeVersion): KubeUpdates | undefined;
  rookUpdates(current: RookVersion): RookUpdates | undefined;
  cephUpdates(current: CephVersion): CephUpdates | undefined;
  /** The components a K3s release embeds (containerd, Flannel, CoreDNS, …), when the catalog knows it. */
  k3sComponents(current: KubeVersion): readonly EmbeddedComponent[] | undefined;
  /** Where a human reads the notes of this release. */
  releaseNotesUrl(current: KubeVersion): string | undefined;
}

/** No catalog: no decorations, upstream release pages only. */
export const noReleaseDecorations: ReleaseDecorations = {
  kubeUpdates: () => undefined,
  rookUpdates: () => undefined,
  cephUpdates: () => undefined,
  k3sComponents: () => undefined,
  releaseNotesUrl: defaultReleaseNotesUrl,
};

/**
 * The decorations of one release catalog: newer K3s patch and minor with the CVEs/GHSAs named in
 * the notes up to the newer patch, newer Rook patch and minor, newer Ceph releases, and the
 * components a K3s release embeds. Non-K3s Kubernetes versions get no decorations (the catalog
 * holds K3s releases).
 */
export function releaseDecorationsOf(catalog: ReleaseCatalog): ReleaseDecorations {
  return {
    kubeUpdates(current: KubeVersion): KubeUpdates | undefined {
      if (current.distribution !== 'k3s') return undefined;
      const newer = (r: { version: string } | undefined): string | undefined => {
        const v = r ? parseKubeVersion(r.version) : undefined;
        return v?.ok && compareKube(v.value, current) > 0 ? r?.version : undefined;
      };
      const patch = newer(catalog.latestPatch(`${current.major}.${current.minor}`));
      const minor = newer(catalog.latestPatch(`${current.major}.${current.minor + 1}`));
      if (!catalog.find(current.raw) && !patch && !minor && !catalog.latestPatch(`${current.major}.${current.minor}`)) return undefined;
      const ids = new Set<string>();
      if (patch) {
        for (const r of catalog.releasesBetween(current.raw, patch)) for (const item of r.items) for (const id of item.ids) ids.add(id);
      }
      return { patch, minor, cvesFixedByPatch: [...ids].sort() };
    },
    rookUpdates(current: RookVersion): RookUpdates | undefined {
      const newer = (r: { version: string } | undefined): string | undefined => {
        const v = r ? parseRookVersion(r.version) : undefined;
        return v?.ok && compareRook(v.value, current) > 0 ? r?.version : undefined;
      };
      const own = catalog.rookLatestPatch(`${current.major}.${current.minor}`);
      const patch = newer(own);
      const minor = newer(catalog.rookLatestPatch(`${current.major}.${current.minor + 1}`));
      // A minor the catalog has never heard of: no claim either way.
      if (!own && !minor) return undefined;
      return { patch, minor };
    },
    cephUpdates(current: CephVersion): CephUpdates | undefined {
      const all = catalog.cephReleases();
      if (!all.some((c) => c.major === current.major)) return undefined;
      return { newer: all.filter((c) => c.major > current.major).map((c) => ({ name: c.name, major: c.major, version: c.version })) };
    },
    k3sComponents(current: KubeVersion): readonly EmbeddedComponent[] | undefined {
      const r = current.distribution === 'k3s' ? catalog.find(current.raw) : undefined;
      return r ? Object.entries(r.components).map(([name, version]) => ({ name, version })) : undefined;
    },
    releaseNotesUrl: defaultReleaseNotesUrl,
  };
}

export function defaultReleaseNotesUrl(v: KubeVersion): string | undefined {
  const tag = v.raw.startsWith('v') ? v.raw : `v${v.raw}`;
  switch (v.distribution) {
    case 'k3s':
      return `https://github.com/k3s-io/k3s/releases/tag/${encodeURIComponent(tag)}`;
    case 'rke2':
      return `https://github.com/rancher/rke2/releases/tag/${encodeURIComponent(tag)}`;
    case 'kubernetes':
      return `https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-${v.major}.${v.minor}.md#v${v.major}${v.minor}${v.patch}`;
    default:
      return `https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-${v.major}.${v.minor}.md`;
  }
}
