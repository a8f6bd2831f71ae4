import { stringify } from 'yaml';
import type { Result } from '../../common/result';
import { UPGRADE_DEFAULTS } from '../cluster/permissions';
import type { ClusterSnapshot } from '../cluster/snapshot';
import type { ManifestExportSpec } from '../plans/model';
import { safeFileName, timestampSlug } from './names';

/**
 * The manifest export: the objects an upgrade touches, as YAML files a restore can apply, one per
 * object, under `<folder>/<context>/<time>/` with a SHA256SUMS file. What is kept and dropped:
 * - kept: apiVersion, kind, metadata.name/namespace/labels/annotations (last-applied included),
 *   finalizers, spec and any other top-level data (`data`, `stringData`, `rules`, …);
 * - dropped: `status` (servers recompute it; a restore does not write it) and the metadata a server
 *   assigns (uid, resourceVersion, generation, creationTimestamp, managedFields, selfLink, deletion*),
 *   and ownerReferences (they carry uids of objects a restore recreates with new ones; an owner
 *   reference to a missing uid gets the object garbage-collected);
 * - nodes: only name, labels, taints and unschedulable (what an upgrade changes on them);
 * - objects a controller owns (a Deployment's ReplicaSets and Pods) and derived kinds (events,
 *   endpoints, endpoint slices, leases) are left out: their owners recreate them.
 */

/** Reads and writes under the export root; paths are relative, safe names joined by `/` (names.ts). */
export interface ExportFiles {
  /** Creates a folder and its parents. */
  mkdir(path: string): Promise<Result<void, string>>;
  /** Writes (replaces) a file with `mode` (0o600 for Secrets). */
  writeFile(path: string, data: string, mode: number): Promise<Result<void, string>>;
  /** Reads a file of at most `maxBytes`; more is an error saying so. */
  readFile(path: string, maxBytes: number): Promise<Result<Uint8Array, string>>;
}

export const FILE_MODE = 0o644;
export const SECRET_FILE_MODE = 0o600;
/** Objects in one export; a cluster past this is not exported by accident. */
export const MAX_EXPORT_OBJECTS = 20_000;
/** YAML written by one export. */
export const MAX_EXPORT_BYTES = 512 * 1024 * 1024;
/** One file read back to verify it (an object is at most 1.5 MB in etcd; its YAML is near that). */
export const MAX_EXPORT_FILE_BYTES = 8 * 1024 * 1024;
export const MAX_SUMS_BYTES = 8 * 1024 * 1024;

/** `<context>/<20261127-161200>`: where one export goes under the plan's folder. */
export function exportFolder(context: string, nowIso: string): string {
  return `${safeFileName(context)}/${timestampSlug(nowIso)}`;
}

/** A collection to export, and which of its objects. */
export interface ExportSource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
  readonly namespace?: string;
  /** Only these names (the Rook operator Deployment); all when absent. */
  readonly names?: readonly string[];
  /** Part of the upgrade (nodes, Plans, …) or a namespace the plan lists; objects a controller owns are skipped only in the latter. */
  readonly why: 'upgrade' | 'namespace';
}

/** The fixed part of the export: what the upgrade touches, where the snapshot found it (else the defaults). */
export function upgradeSources(s: Pick<ClusterSnapshot, 'components'>): ExportSource[] {
  const c = s.components;
  const sucNs = c.systemUpgradeController.state === 'ok' ? c.systemUpgradeController.value.namespace : UPGRADE_DEFAULTS.systemUpgradeNamespace;
  const rook = c.rookOperator.state === 'ok' ? c.rookOperator.value : undefined;
  const rookNs = rook?.namespace ?? UPGRADE_DEFAULTS.rookNamespace;
  const out: ExportSource[] = [
    { group: '', version: 'v1', resource: 'nodes', kind: 'Node', why: 'upgrade' },
    { group: 'upgrade.cattle.io', version: 'v1', resource: 'plans', kind: 'Plan', namespace: sucNs, why: 'upgrade' },
  ];
  if (c.rookOperator.state !== 'absent' || c.cephClusters.state !== 'absent') {
    out.push({ group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment', namespace: rookNs, names: [rook?.name ?? UPGRADE_DEFAULTS.rookOperator], why: 'upgrade' });
    out.push({ group: '', version: 'v1', resource: 'configmaps', kind: 'ConfigMap', namespace: rookNs, why: 'upgrade' });
    const cephNs = c.cephClusters.state === 'ok' ? [...new Set(c.cephClusters.value.map((x) => x.namespace))] : [rookNs];
    for (const namespace of cephNs.length ? cephNs : [rookNs]) out.push({ group: 'ceph.rook.io', version: 'v1', resource: 'cephclusters', kind: 'CephCluster', namespace, why: 'upgrade' });
  }
  return out;
}

/** A namespaced, listable resource as API discovery names it. */
export interface DiscoveredResource {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly kind: string;
}

/** Kinds whose objects something else recreates: never worth restoring, often large. */
const DERIVED = new Set(['/events', 'events.k8s.io/events', '/endpoints', 'discovery.k8s.io/endpointslices', 'coordination.k8s.io/leases', 'metrics.k8s.io/pods']);

/** The resources of an APIResourceList (`/api/v1`, `/apis/<group>/<version>`) that hold namespaced objects to export. */
export function exportableResources(groupVersion: string, list: { resources?: { name?: string; namespaced?: boolean; kind?: string; verbs?: string[] }[] }, includeSecrets: boolean): DiscoveredResource[] {
  const [group, version] = groupVersion.includes('/') ? groupVersion.split('/', 2) : ['', groupVersion];
  const out: DiscoveredResource[] = [];
  for (const r of list.resources ?? []) {
    if (!r.name || r.name.includes('/') || !r.namespaced || !r.kind || !(r.verbs ?? []).includes('list')) continue;
    if (DERIVED.has(`${group}/${r.name}`)) continue;
    if (group === '' && r.name === 'secrets' && !includeSecrets) continue;
    out.push({ group, version, resource: r.name, kind: r.kind });
  }
  return out;
}

/** The namespaces the plan asks to export, deduplicated (the schema already checked they are DNS labels). */
export function planNamespaces(spec: ManifestExportSpec | undefined): string[] {
  return [...new Set((spec?.namespaces ?? []).filter((n) => n.trim() !== ''))];
}

/** An object as a list returns it: only the fields read here are typed. */
export interface ExportObject {
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; ownerReferences?: { controller?: boolean; [k: string]: unknown }[]; [k: string]: unknown };
  [k: string]: unknown;
}

/** An object a controller owns (recreated by its owner): left out of namespace exports. */
export function isControlled(o: ExportObject): boolean {
  return (o.metadata?.ownerReferences ?? []).some((r) => r.controller === true);
}

const DROPPED_METADATA = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields', 'selfLink', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'ownerReferences'];

/** The object as a restore applies it (see the file comment for what goes); lists leave out apiVersion and kind, so they are set. */
export function cleanForExport(o: ExportObject, apiVersion: string, kind: string): Record<string, unknown> {
  const { metadata, status: _status, apiVersion: _a, kind: _k, ...rest } = o;
  const meta: Record<string, unknown> = { ...(metadata ?? {}) };
  for (const k of DROPPED_METADATA) delete meta[k];
  return { apiVersion, kind, metadata: meta, ...rest };
}

interface NodeLike {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec?: { taints?: unknown[]; unschedulable?: boolean };
}

/** A node as the upgrade changes it: name, labels, taints, unschedulable. */
export function nodeForExport(n: NodeLike): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: { name: n.metadata?.name ?? '', labels: n.metadata?.labels ?? {} },
    spec: { ...(n.spec?.taints?.length ? { taints: n.spec.taints } : {}), unschedulable: n.spec?.unschedulable === true },
  };
}

/** `cluster/nodes/k3s-server-1.yaml`, `namespaces/shop/deployments.apps/web.yaml`: every segment a safe name. */
export function exportFilePath(o: { namespace?: string; group: string; resource: string; name: string }): string {
  const res = safeFileName(o.group ? `${o.resource}.${o.group}` : o.resource);
  const file = safeFileName(`${o.name}.yaml`);
  return o.namespace ? `namespaces/${safeFileName(o.namespace)}/${res}/${file}` : `cluster/${res}/${file}`;
}

/** YAML of one object: block style, keys in the server's order, no aliases. */
export function toYaml(o: unknown): string {
  return stringify(o, { aliasDuplicateObjects: false, lineWidth: 0 });
}

/** Whether the object is a Secret (written mode 0600, never logged). */
export function isSecret(src: { group: string; resource: string }): boolean {
  return src.group === '' && src.resource === 'secrets';
}
