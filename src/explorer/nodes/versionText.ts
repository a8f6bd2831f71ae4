import type { ReleaseInfo } from '../../core/cluster/releaseInfo';
import { parseKubeVersion } from '../../core/versions';

/** The decoration of a version: what is newer (patch, minor) and the CVEs a newer patch fixes. */
export function versionLine(version: string, releases: ReleaseInfo): { description: string; tooltip: string; newer: boolean; cves: boolean } {
  const v = parseKubeVersion(version);
  const u = v.ok ? releases.kubeUpdates(v.value) : undefined;
  if (!u) return { description: 'API server', tooltip: 'No release data for this version.', newer: false, cves: false };
  const parts = [u.patch ? `patch ${u.patch}` : '', u.minor ? `minor ${u.minor}` : '', u.cvesFixedByPatch.length ? `fixes ${u.cvesFixedByPatch.length} CVE${u.cvesFixedByPatch.length > 1 ? 's' : ''}` : ''].filter(Boolean);
  return {
    description: parts.length ? `newer: ${parts.join(' · ')}` : 'up to date',
    tooltip: [u.patch ? `Latest patch of this minor: **${u.patch}**` : 'On the latest patch of this minor.', u.minor ? `Next minor: **${u.minor}**` : '', u.cvesFixedByPatch.length ? `Fixed by the newer patch: ${u.cvesFixedByPatch.join(', ')}` : '']
      .filter(Boolean)
      .join('\n\n'),
    newer: Boolean(u.patch || u.minor),
    cves: u.cvesFixedByPatch.length > 0,
  };
}
