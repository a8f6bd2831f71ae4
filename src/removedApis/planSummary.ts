import { type LocatedRef, findingsOf } from './fileScan';
import type { Judgement } from './judgement';

/** vscode-free: what one plan's diagnostic says about the workspace's manifests, judged for that plan's target. */

/** One manifest's use of a removed or deprecated API, where it is. */
export interface PlanApiUse {
  readonly file: string;
  /** 0-based, as the scan keeps it. */
  readonly line: number;
  readonly character: number;
  readonly apiVersion: string;
  readonly kind: string;
  readonly status: 'removed' | 'deprecated';
  readonly removedIn: string | null;
}

export interface PlanApiSummary {
  readonly severity: 'error' | 'warning';
  readonly message: string;
  /** The first MAX_USES uses, removed ones first. */
  readonly uses: readonly PlanApiUse[];
  readonly total: number;
}

export const MAX_USES = 20;

/**
 * The workspace's manifests against one plan (its current → target): an error when any uses an API the
 * target no longer serves (removed in or before it), else a warning when some use one deprecated there;
 * undefined when none does. Linear in the references.
 */
export function planApiSummary(j: Judgement, files: readonly { readonly file: string; readonly refs: readonly LocatedRef[] }[]): PlanApiSummary | undefined {
  const uses: PlanApiUse[] = [];
  for (const f of files) {
    for (const found of findingsOf(f.refs, j)) {
      const x = found.finding;
      uses.push({ file: f.file, line: found.ref.from.line, character: found.ref.from.character, apiVersion: x.apiVersion, kind: x.kind, status: x.status, removedIn: x.removedIn });
    }
  }
  if (!uses.length) return undefined;
  uses.sort((a, b) => (a.status === b.status ? 0 : a.status === 'removed' ? -1 : 1));
  const removed = uses.filter((u) => u.status === 'removed');
  const fileCount = (list: readonly PlanApiUse[]): number => new Set(list.map((u) => u.file)).size;
  const kinds = (list: readonly PlanApiUse[]): string => {
    const seen = [...new Set(list.map((u) => `${u.apiVersion} ${u.kind}${u.removedIn ? ` (removed in v${u.removedIn.replace(/^v/, "")})` : ''}`))];
    return seen.length > 3 ? `${seen.slice(0, 3).join(', ')} and ${seen.length - 3} more` : seen.join(', ');
  };
  const message = removed.length
    ? `${removed.length} use${removed.length === 1 ? '' : 's'} in ${fileCount(removed)} manifest file${fileCount(removed) === 1 ? '' : 's'} of the workspace of APIs that ${j.targetMinor} no longer serves: ${kinds(removed)}. Migrate them before the upgrade (the Problems view lists each; quick fixes where the change is mechanical).`
    : `${uses.length} use${uses.length === 1 ? '' : 's'} in ${fileCount(uses)} manifest file${fileCount(uses) === 1 ? '' : 's'} of the workspace of APIs deprecated at ${j.targetMinor}: ${kinds(uses)}.`;
  return { severity: removed.length ? 'error' : 'warning', message, uses: uses.slice(0, MAX_USES), total: uses.length };
}
