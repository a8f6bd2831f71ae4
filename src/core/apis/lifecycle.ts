import bundled from '../../../data/apis/api-lifecycle.json';
import { type Result, err, ok } from '../../common/result';
import type { ApiLifecycleEntry, GroupVersionKind, Migration } from './types';
import { isRecord } from '../../common/guards';

/**
 * The removed and deprecated Kubernetes APIs (data/apis/api-lifecycle.json, generated from the k8s.io Go modules
 * by scripts/gen-api-lifecycle.ts), indexed by group/version/kind.
 */
export interface ApiLifecycleTable {
  readonly entries: readonly ApiLifecycleEntry[];
  get(gvk: GroupVersionKind): ApiLifecycleEntry | undefined;
}

const MINOR = /^\d{1,3}\.\d{1,3}$/;
const CHANGES: readonly Migration['change'][] = ['mechanical', 'fields', 'none'];

/** Checks the shape of lifecycle data; a problem names the first bad entry. */
export function loadLifecycle(data: unknown): Result<ApiLifecycleTable> {
  if (!isRecord(data) || !Array.isArray(data.entries)) return err('The API lifecycle data has no entries list.');
  const byKey = new Map<string, ApiLifecycleEntry>();
  for (const [i, e] of (data.entries as unknown[]).entries()) {
    const problem = entryProblem(e);
    if (problem) return err(`API lifecycle entry ${i + 1} ${problem}.`);
    const entry = e as ApiLifecycleEntry;
    byKey.set(key(entry), entry);
  }
  const entries = [...byKey.values()];
  return ok({ entries, get: (gvk) => byKey.get(key(gvk)) });
}

function entryProblem(e: unknown): string | undefined {
  if (!isRecord(e)) return 'is not an object';
  for (const f of ['group', 'version', 'kind', 'source'] as const) if (typeof e[f] !== 'string') return `has no ${f}`;
  for (const f of ['introduced', 'deprecated', 'removed'] as const) {
    if (e[f] !== null && !(typeof e[f] === 'string' && MINOR.test(e[f]))) return `(${String(e.kind)}) has a bad ${f} minor`;
  }
  if (e.replacement !== null && !(isRecord(e.replacement) && typeof e.replacement.version === 'string' && typeof e.replacement.kind === 'string' && typeof e.replacement.group === 'string')) {
    return `(${String(e.kind)}) has a bad replacement`;
  }
  if (e.migration !== undefined) {
    const m = e.migration;
    if (!isRecord(m) || !CHANGES.includes(m.change as Migration['change']) || !Array.isArray(m.notes) || !Array.isArray(m.source)) return `(${String(e.kind)}) has a bad migration`;
  }
  return undefined;
}


function key(gvk: GroupVersionKind): string {
  return `${gvk.group}/${gvk.version}/${gvk.kind}`;
}

let table: ApiLifecycleTable | undefined;

/** The data shipped with the extension; checked once. A broken build of it is a bug, so it throws. */
export function bundledLifecycle(): ApiLifecycleTable {
  if (!table) {
    const loaded = loadLifecycle(bundled);
    if (!loaded.ok) throw new Error(loaded.error);
    table = loaded.value;
  }
  return table;
}

/** `apps/v1` → group apps, version v1; `v1` → the core group (""). */
export function splitApiVersion(apiVersion: string): { group: string; version: string } {
  const slash = apiVersion.lastIndexOf('/');
  return slash < 0 ? { group: '', version: apiVersion.trim() } : { group: apiVersion.slice(0, slash).trim(), version: apiVersion.slice(slash + 1).trim() };
}

/** `apps` + `v1` → `apps/v1`; the core group → `v1`. */
export function apiVersionOf(gv: Pick<GroupVersionKind, 'group' | 'version'>): string {
  return gv.group ? `${gv.group}/${gv.version}` : gv.version;
}

/** The lifecycle of a manifest's apiVersion and kind, when the data knows it. */
export function lifecycleOf(apiVersion: string, kind: string, data: ApiLifecycleTable = bundledLifecycle()): ApiLifecycleEntry | undefined {
  return data.get({ ...splitApiVersion(apiVersion), kind: kind.trim() });
}
