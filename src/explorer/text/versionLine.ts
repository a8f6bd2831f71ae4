import { type Blocker, nextMinorBlockers } from '../../core/cluster/blockers';
import type { ReleaseDecorations } from '../../core/cluster/releaseDecorations';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import { parseKubeVersion } from '../../core/versions';
import { escapeMarkdown, md } from '../markdown';

export type VersionIcon = 'shield' | 'warning' | 'arrow-circle-up' | 'versions';

/** How the API server version row reads: what is newer, what blocks the next minor, and why. */
export interface VersionLine {
  readonly description: string;
  /** Markdown; every cluster-supplied value escaped. */
  readonly tooltip: string;
  readonly icon: VersionIcon;
  /** The icon in the warning colour: CVEs fixed by a newer patch, or a blocked next minor. */
  readonly warn: boolean;
}

/** `Rook v1.14`, `Rook v1.14, k3s-agent-5`, `Rook v1.14, 2 more`. */
export function blockerSubjects(blockers: readonly Blocker[]): string {
  const names = blockers.map((b) => b.subject);
  return names.length <= 2 ? names.join(', ') : `${names.slice(0, 2).join(', ')}, ${names.length - 2} more`;
}

/** The decoration of the API server version: newer patch and minor, CVE fixes, blockers of the next minor. */
export function versionLine(s: Pick<ClusterSnapshot, 'apiServerVersion' | 'reportedApiServerVersion' | 'apiServerVersionSource' | 'distribution' | 'simulatedNodes' | 'nodes' | 'components'>, releases: ReleaseDecorations): VersionLine {
  const v = parseKubeVersion(s.apiServerVersion);
  const u = v.ok ? releases.kubeUpdates(v.value) : undefined;
  const check = nextMinorBlockers(s);
  const blockers = check?.blockers ?? [];
  const blocked = blockers.length ? `blocked by ${blockerSubjects(blockers)}` : '';
  const head = md`API server **${s.apiServerVersion}** · ${s.distribution.name} (${s.distribution.evidence})`;
  const tips = [head, versionSourceSentence(s)];
  let description: string;
  if (u) {
    const cves = u.cvesFixedByPatch.length;
    const parts = [u.patch ? `patch ${u.patch}` : '', u.minor ? `minor ${u.minor}${blocked ? ` (${blocked})` : ''}` : '', cves ? `fixes ${cves} CVE${cves > 1 ? 's' : ''}` : ''].filter(Boolean);
    description = parts.length ? `newer: ${parts.join(' · ')}` : 'up to date';
    if (blocked && !u.minor && check) description += ` · next minor ${check.nextMinor} ${blocked}`;
    tips.push(
      u.patch ? md`Latest patch of this minor: **${u.patch}**` : 'On the latest patch of this minor.',
      u.minor ? md`Next minor: **${u.minor}**` : '',
      cves ? md`Fixed by the newer patch: ${u.cvesFixedByPatch.join(', ')}` : '',
    );
  } else {
    description = blocked && check ? `API server · next minor ${check.nextMinor} ${blocked}` : 'API server';
    tips.push('No release data for this version.');
  }
  if (check && blockers.length) {
    tips.push(md`**What blocks ${check.nextMinor}:**` + '\n' + blockers.map((b) => `- ${escapeMarkdown(b.reason)}`).join('\n'));
  } else if (check) {
    tips.push(md`Nothing the explorer reads blocks ${check.nextMinor} (Rook's Kubernetes window, kubelet skew).`);
  }
  const cves = (u?.cvesFixedByPatch.length ?? 0) > 0;
  const icon: VersionIcon = cves ? 'shield' : blockers.length ? 'warning' : u?.patch || u?.minor ? 'arrow-circle-up' : 'versions';
  return { description, tooltip: tips.filter(Boolean).join('\n\n'), icon, warn: cves || blockers.length > 0 };
}

/**
 * Why the row's version may differ from what the API server's `/version` says, in words a K3s user
 * knows: K3s and RKE2 build the API server into each server node, so the servers' version is the one
 * shown. In a simulated cluster the answer of `/version` comes from a real kube-apiserver of another
 * version; elsewhere the two differ when something in front of the servers answers `/version`.
 */
export function versionSourceSentence(s: Pick<ClusterSnapshot, 'apiServerVersion' | 'reportedApiServerVersion' | 'apiServerVersionSource' | 'distribution' | 'simulatedNodes'>): string {
  if (s.apiServerVersionSource !== 'server-nodes') return '';
  const d = s.distribution.name;
  if (s.simulatedNodes) {
    return md`The API server reports ${s.reportedApiServerVersion} while the ${d} server nodes report ${s.apiServerVersion}: the nodes of this cluster are simulated (${s.simulatedNodes}) and a real kube-apiserver of another version answers \`/version\`. The row shows the server nodes' version, the one a real ${d} API server would report.`;
  }
  return md`The ${d} server nodes run ${s.apiServerVersion}, and the row shows that version: ${d} builds the API server into each server node, so it is the version an upgrade starts from. The API server's \`/version\` answered ${s.reportedApiServerVersion}; the two differ when something other than the servers answers \`/version\`, such as a proxy in front of the cluster.`;
}
