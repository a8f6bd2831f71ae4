import { createHash } from 'node:crypto';
import { type Result, err, ok } from '../../common/result';
import {
  type DiscoveredResource,
  type ExportFiles,
  type ExportObject,
  type ExportSource,
  FILE_MODE,
  MAX_EXPORT_BYTES,
  MAX_EXPORT_OBJECTS,
  SECRET_FILE_MODE,
  cleanForExport,
  exportFilePath,
  exportFolder,
  exportableResources,
  isControlled,
  isSecret,
  nodeForExport,
  planNamespaces,
  toYaml,
  upgradeSources,
} from '../../core/backups/manifestExport';
import { failed } from '../../core/backups/result';
import { SUMS_FILE, formatSha256Sums, type SumEntry } from '../../core/backups/sums';
import type { BackupResult, ProgressListener } from '../../core/backups/types';
import { type ApiError, describeApiError } from '../../core/cluster/errors';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import type { ObjectRef } from '../../core/preflight/result';
import type { UpgradePlan } from '../../core/plans/model';
import { type KubeClient, refProblem } from '../client';
import { verifyManifestExport } from './verifyExport';
import type { PreparedBackup } from './writes';

/** One API discovery document (`/api/v1`, `/apis`, `/apis/<group>/<version>`): a few hundred KB at most. */
const DISCOVERY_MAX_BYTES = 4 * 1024 * 1024;
/** Object refs kept in the result; the count is in the evidence. */
const MAX_RESULT_OBJECTS = 500;

export interface ManifestExportOptions {
  readonly now?: () => Date;
  readonly maxObjects?: number;
  readonly maxBytes?: number;
}

/** The export, prepared: it writes no cluster objects (`writes` is empty), only files under `folder`. */
export interface PreparedExport extends PreparedBackup {
  /** `<context>/<time>`, relative to the root of `files`. */
  readonly folder: string;
}

interface Written {
  readonly entries: SumEntry[];
  readonly objects: ObjectRef[];
  bytes: number;
  secrets: number;
}

/**
 * Exports what the upgrade touches (nodes, system-upgrade-controller Plans, the Rook operator
 * Deployment, CephClusters, Rook ConfigMaps) and every object of the namespaces the plan lists
 * (`backups.manifestExport.namespaces`; Secrets only with `includeSecrets`) as YAML files under
 * `<root>/<context>/<time>/` with SHA256SUMS, then reads every file back and checks its sum. `files`
 * is rooted at the plan's export folder (src/backups/nodeFiles.ts). Nothing is logged; Secret files
 * are written mode 0600.
 */
export function prepareManifestExport(
  client: KubeClient,
  files: ExportFiles,
  snapshot: ClusterSnapshot,
  plan: Pick<UpgradePlan, 'backups'>,
  options: ManifestExportOptions = {},
): PreparedExport {
  const now = options.now ?? (() => new Date());
  const folder = exportFolder(snapshot.context, now().toISOString());
  const spec = plan.backups?.manifestExport;
  const namespaces = planNamespaces(spec);
  const includeSecrets = spec?.includeSecrets === true;
  const maxObjects = options.maxObjects ?? MAX_EXPORT_OBJECTS;
  const maxBytes = options.maxBytes ?? MAX_EXPORT_BYTES;

  const run = async (signal?: AbortSignal, onProgress?: ProgressListener): Promise<BackupResult> => {
    const startedAt = now().toISOString();
    const say = (message: string): void => onProgress?.({ kind: 'manifest-export', message });
    const fail = (reason: string, w?: Written, fixHint?: string): BackupResult =>
      failed('manifest-export', reason, {
        startedAt,
        finishedAt: now().toISOString(),
        objects: [{ kind: 'Folder', name: folder }],
        evidence: { folder, files: w?.entries.length ?? 0 },
        fixHint,
      });
    const w: Written = { entries: [], objects: [], bytes: 0, secrets: 0 };
    const dirs = new Set<string>();
    const skipped: string[] = [];

    const write = async (path: string, data: string, mode: number): Promise<Result<void, string>> => {
      const dir = `${folder}/${path}`.split('/').slice(0, -1).join('/');
      if (!dirs.has(dir)) {
        const made = await files.mkdir(dir);
        if (!made.ok) return made;
        dirs.add(dir);
      }
      return files.writeFile(`${folder}/${path}`, data, mode);
    };

    const exportFrom = async (src: ExportSource): Promise<Result<void, string>> => {
      const listed = await client.list<ExportObject>(src, { signal });
      if (!listed.ok) {
        if (listed.error.kind === 'absent') {
          skipped.push(`${src.group ? `${src.resource}.${src.group}` : src.resource} (not served)`);
          return ok(undefined);
        }
        return err(listError(listed.error, src));
      }
      const apiVersion = src.group ? `${src.group}/${src.version}` : src.version;
      for (const item of listed.value.items) {
        const meta = (item.metadata ?? {}) as { name?: string; namespace?: string };
        const name = meta.name ?? '';
        if (!name || (src.names && !src.names.includes(name))) continue;
        if (src.why === 'namespace' && isControlled(item)) continue;
        if (w.entries.length >= maxObjects) return err(`the export stopped at ${maxObjects.toLocaleString('en-US')} objects`);
        const body = src.resource === 'nodes' && src.group === '' ? nodeForExport(item) : cleanForExport(item, apiVersion, src.kind);
        const yaml = toYaml(body);
        const bytes = Buffer.from(yaml, 'utf8');
        w.bytes += bytes.length;
        if (w.bytes > maxBytes) return err(`the export stopped past ${Math.round(maxBytes / 1024 / 1024)} MB of YAML`);
        const path = exportFilePath({ namespace: meta.namespace, group: src.group, resource: src.resource, name });
        if (w.entries.some((e) => e.path === path)) continue; // listed twice (an upgrade source inside a plan namespace)
        const secret = isSecret(src);
        const wrote = await write(path, yaml, secret ? SECRET_FILE_MODE : FILE_MODE);
        if (!wrote.ok) return err(`${path} could not be written: ${wrote.error}`);
        if (secret) w.secrets++;
        w.entries.push({ path, sha256: createHash('sha256').update(bytes).digest('hex') });
        if (w.objects.length < MAX_RESULT_OBJECTS) w.objects.push(meta.namespace ? { kind: src.kind, namespace: meta.namespace, name } : { kind: src.kind, name });
      }
      return ok(undefined);
    };

    say(`Exporting the nodes, Plans and Rook objects to ${folder}`);
    for (const src of upgradeSources(snapshot)) {
      const r = await exportFrom(src);
      if (!r.ok) return fail(r.error, w);
    }
    if (namespaces.length) {
      say(`Finding the kinds of objects in ${namespaces.join(', ')}`);
      const found = await namespacedResources(client, includeSecrets, signal);
      if (!found.ok) return fail(found.error, w);
      skipped.push(...found.value.unavailable);
      for (const namespace of namespaces) {
        say(`Exporting namespace ${namespace}`);
        for (const res of found.value.resources) {
          const r = await exportFrom({ ...res, namespace, why: 'namespace' });
          if (!r.ok) return fail(r.error, w);
        }
      }
    }
    const sums = formatSha256Sums(w.entries);
    const wrote = await write(SUMS_FILE, sums, FILE_MODE);
    if (!wrote.ok) return fail(`${SUMS_FILE} could not be written: ${wrote.error}`, w);
    const sumsSha256 = createHash('sha256').update(sums, 'utf8').digest('hex');

    say(`Verifying ${w.entries.length} files against ${SUMS_FILE}`);
    const check = await verifyManifestExport(files, folder, { expectedSumsSha256: sumsSha256, now });
    const evidence = {
      ...check.evidence,
      folder,
      bytes: w.bytes,
      secrets: w.secrets,
      namespaces,
      sumsSha256,
      ...(skipped.length ? { skipped } : {}),
    };
    return { ...check, startedAt, objects: [{ kind: 'Folder', name: folder }, ...w.objects], evidence };
  };
  return { kind: 'manifest-export', writes: [], folder, run };
}

function listError(e: ApiError, src: ExportSource): string {
  const what = `${src.group ? `${src.resource}.${src.group}` : src.resource}${src.namespace ? ` in ${src.namespace}` : ''}`;
  return `${what} could not be read: ${describeApiError(e)}`;
}

interface GroupList {
  groups?: { name?: string; preferredVersion?: { groupVersion?: string } }[];
}

/**
 * Every namespaced, listable resource the server serves, at each group's preferred version (API
 * discovery: `/api/v1`, `/apis`, then one document per group). An aggregated API that is down (503)
 * is named in `unavailable`, not fatal: its objects are not stored in this cluster's etcd.
 */
export async function namespacedResources(client: KubeClient, includeSecrets: boolean, signal?: AbortSignal): Promise<Result<{ resources: DiscoveredResource[]; unavailable: string[] }, string>> {
  const get = <T>(path: string) => client.get<T>(path, { verb: 'get', group: '', resource: 'discovery', maxBytes: DISCOVERY_MAX_BYTES }, signal);
  const core = await get<Parameters<typeof exportableResources>[1]>('/api/v1');
  if (!core.ok) return err(`API discovery (/api/v1) failed: ${describeApiError(core.error)}`);
  const resources = exportableResources('v1', core.value, includeSecrets);
  const unavailable: string[] = [];
  const groups = await get<GroupList>('/apis');
  if (!groups.ok) return err(`API discovery (/apis) failed: ${describeApiError(groups.error)}`);
  for (const g of groups.value.groups ?? []) {
    const gv = g.preferredVersion?.groupVersion ?? '';
    const [group, version] = gv.split('/');
    if (!group || !version || refProblem({ group, version, resource: 'x' })) continue;
    const list = await get<Parameters<typeof exportableResources>[1]>(`/apis/${group}/${version}`);
    if (!list.ok) {
      if (list.error.kind === 'failed' && list.error.status === 503) {
        unavailable.push(`${gv} (unavailable)`);
        continue;
      }
      return err(`API discovery (${gv}) failed: ${describeApiError(list.error)}`);
    }
    resources.push(...exportableResources(gv, list.value, includeSecrets).filter((r) => !refProblem({ group: r.group, version: r.version, resource: r.resource })));
  }
  return ok({ resources, unavailable });
}
