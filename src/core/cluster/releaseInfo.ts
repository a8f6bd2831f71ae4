import type { KubeVersion } from '../versions';

/** What is newer than a running Kubernetes/K3s version, from the release catalog. */
export interface KubeUpdates {
  /** The latest patch of the running minor, when newer than the running version. */
  readonly patch: string | undefined;
  /** The latest patch of the next minor, when one exists. */
  readonly minor: string | undefined;
  /** CVE identifiers fixed between the running version and `patch`. */
  readonly cvesFixedByPatch: readonly string[];
}

export interface EmbeddedComponent {
  readonly name: string;
  readonly version: string;
}

/**
 * The explorer's view of the release catalog (src/core/releases). Kept this narrow so the explorer
 * works, showing nothing, before or without the catalog.
 */
export interface ReleaseInfo {
  kubeUpdates(current: KubeVersion): KubeUpdates | undefined;
  /** The components a K3s release embeds (containerd, Flannel, CoreDNS, …), when the catalog knows it. */
  k3sComponents(current: KubeVersion): readonly EmbeddedComponent[] | undefined;
  /** Where a human reads the notes of this release. */
  releaseNotesUrl(current: KubeVersion): string | undefined;
}

/** No catalog: no decorations, upstream release pages only. */
export const noReleaseInfo: ReleaseInfo = {
  kubeUpdates: () => undefined,
  k3sComponents: () => undefined,
  releaseNotesUrl: defaultReleaseNotesUrl,
};

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
