import { type BlockerInputs, nextMinorBlockers, rookNow } from '../../core/cluster/blockers';
import { cephReleaseTitle } from '../../core/cluster/cephDisplay';
import type { ReleaseDecorations } from '../../core/cluster/releaseDecorations';
import type { CephClusterSummary, WorkloadSummary } from '../../core/cluster/snapshot';
import { rookSupportsCeph } from '../../core/compat';
import { parseCephVersion, parseRookVersion } from '../../core/versions';
import { escapeMarkdown, md } from '../markdown';

/** What a component row adds to its plain facts: description parts, Markdown tooltip paragraphs, a warning. */
export interface RowNotes {
  readonly description: readonly string[];
  readonly tooltip: readonly string[];
  readonly warn: boolean;
}

export const noNotes: RowNotes = { description: [], tooltip: [], warn: false };

/**
 * The Rook operator row: its Kubernetes window against the running API server, whether it blocks the
 * next Kubernetes minor (core/compat's rules), and newer Rook releases (release catalog).
 */
export function rookNotes(rook: WorkloadSummary, s: BlockerInputs, releases: ReleaseDecorations): RowNotes {
  const v = rook.version ? parseRookVersion(rook.version) : undefined;
  if (!v?.ok) return noNotes;
  const description: string[] = [];
  const tooltip: string[] = [];
  let warn = false;
  const now = rookNow(s);
  const check = nextMinorBlockers(s);
  const blocker = check?.blockers.find((b) => b.code.startsWith('rook.'));
  if (now) {
    if (!now.kubernetes.ok && now.kubernetes.code !== 'rook.unknown-release') {
      warn = true;
      description.push('outside its Kubernetes window');
    }
    // The blocker's sentence states the window already.
    if (!blocker || !now.kubernetes.ok) tooltip.push(escapeMarkdown(`${now.kubernetes.reason}.`));
  }
  if (check && blocker) {
    warn = true;
    description.push(`blocks Kubernetes ${check.nextMinor}`);
    tooltip.push(md`**Blocks Kubernetes ${check.nextMinor}:** ${blocker.reason}`);
  }
  const u = releases.rookUpdates(v.value);
  if (u) {
    const parts = [u.patch ? `patch ${u.patch}` : '', u.minor ? `minor ${u.minor}` : ''].filter(Boolean);
    description.push(parts.length ? `newer: ${parts.join(' · ')}` : 'up to date');
    if (u.patch) tooltip.push(md`Latest patch of Rook v${v.value.major}.${v.value.minor}: **${u.patch}**`);
    if (u.minor) tooltip.push(md`Next Rook minor: **${u.minor}** (Rook upgrades one minor at a time)`);
  }
  return { description, tooltip, warn };
}

/**
 * A CephCluster row: whether the running Rook runs its Ceph version (core/compat), and the newer
 * named Ceph releases (release catalog), each with whether the running Rook runs it.
 */
export function cephNotes(c: CephClusterSummary, rookVersion: string | undefined, releases: ReleaseDecorations): RowNotes {
  const v = c.cephVersion ? parseCephVersion(c.cephVersion) : undefined;
  if (!v?.ok) return noNotes;
  const rook = rookVersion ? parseRookVersion(rookVersion) : undefined;
  const description: string[] = [];
  const tooltip: string[] = [];
  let warn = false;
  if (rook?.ok) {
    const verdict = rookSupportsCeph(rook.value, v.value);
    if (!verdict.ok && verdict.code !== 'rook.unknown-release') {
      warn = true;
      description.push(`not supported by Rook v${rook.value.major}.${rook.value.minor}`);
    }
    tooltip.push(escapeMarkdown(`${verdict.reason}.`));
  }
  const u = releases.cephUpdates(v.value);
  if (u) {
    description.push(u.newer.length ? `newer: ${u.newer.map((n) => cephReleaseTitle(n.name)).join(', ')}` : 'newest release');
    for (const n of u.newer) {
      const first = parseCephVersion(n.version);
      const runs = rook?.ok && first.ok ? rookSupportsCeph(rook.value, first.value) : undefined;
      const by = !runs || !rook?.ok ? '' : runs.ok ? `; Rook v${rook.value.major}.${rook.value.minor} runs it` : '; needs a newer Rook';
      tooltip.push(md`Newer release: ${cephReleaseTitle(n.name)} (first stable ${n.version})${by}`);
    }
  }
  return { description, tooltip, warn };
}
