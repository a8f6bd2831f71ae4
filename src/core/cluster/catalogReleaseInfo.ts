import type { ReleaseCatalog } from '../releases';
import { type KubeVersion, compareKube, parseKubeVersion } from '../versions';
import { type EmbeddedComponent, type KubeUpdates, type ReleaseInfo, defaultReleaseNotesUrl } from './releaseInfo';

/**
 * The explorer's view of the K3s release catalog: newer patch and minor, the CVEs/GHSAs named in
 * the notes of the releases up to the newer patch, and the components a release embeds.
 * Non-K3s versions get no decorations (the catalog holds K3s releases).
 */
export function releaseInfoFromCatalog(catalog: ReleaseCatalog): ReleaseInfo {
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
    k3sComponents(current: KubeVersion): readonly EmbeddedComponent[] | undefined {
      const r = current.distribution === 'k3s' ? catalog.find(current.raw) : undefined;
      return r ? Object.entries(r.components).map(([name, version]) => ({ name, version })) : undefined;
    },
    releaseNotesUrl: defaultReleaseNotesUrl,
  };
}

