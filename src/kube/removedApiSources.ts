import { type Result, err, ok } from '../common/result';
import { type ApiLifecycleTable, type HelmCodec, bundledLifecycle, decodeHelmRelease, helmReleaseApis, helmSecretName, lifecycleOf } from '../core/apis';
import type { ObjectMeta } from '../core/cluster/apiObjects';
import { type ApiError, describeApiError, permissionOf } from '../core/cluster/errors';
import type { KubeClient, ResourceRef } from './client';
import { isRecord } from '../common/guards';

/**
 * Removed and deprecated APIs recorded in the live cluster (issue 13): what objects were last applied through
 * (`kubectl.kubernetes.io/last-applied-configuration`) or written through by a field manager
 * (`metadata.managedFields[].apiVersion`), and what the newest revision of each Helm 3 release rendered.
 * Reads a fixed set of collections through KubeClient's capped lists; only uses the lifecycle data lists are kept.
 */

/** A kind that carries history, listed at a version every supported cluster serves. */
interface LiveKind extends ResourceRef {
  readonly kind: string;
}

/** The bounded set read: workloads, networking, policy, autoscaling, RBAC, admission, storage, scheduling. */
export const LIVE_KINDS: readonly LiveKind[] = [
  { group: 'apps', version: 'v1', resource: 'deployments', kind: 'Deployment' },
  { group: 'apps', version: 'v1', resource: 'statefulsets', kind: 'StatefulSet' },
  { group: 'apps', version: 'v1', resource: 'daemonsets', kind: 'DaemonSet' },
  { group: 'batch', version: 'v1', resource: 'cronjobs', kind: 'CronJob' },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingresses', kind: 'Ingress' },
  { group: 'networking.k8s.io', version: 'v1', resource: 'ingressclasses', kind: 'IngressClass' },
  { group: 'networking.k8s.io', version: 'v1', resource: 'networkpolicies', kind: 'NetworkPolicy' },
  { group: 'policy', version: 'v1', resource: 'poddisruptionbudgets', kind: 'PodDisruptionBudget' },
  { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterroles', kind: 'ClusterRole' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'clusterrolebindings', kind: 'ClusterRoleBinding' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'roles', kind: 'Role' },
  { group: 'rbac.authorization.k8s.io', version: 'v1', resource: 'rolebindings', kind: 'RoleBinding' },
  { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'validatingwebhookconfigurations', kind: 'ValidatingWebhookConfiguration' },
  { group: 'admissionregistration.k8s.io', version: 'v1', resource: 'mutatingwebhookconfigurations', kind: 'MutatingWebhookConfiguration' },
  { group: 'storage.k8s.io', version: 'v1', resource: 'storageclasses', kind: 'StorageClass' },
  { group: 'storage.k8s.io', version: 'v1', resource: 'csidrivers', kind: 'CSIDriver' },
  { group: 'scheduling.k8s.io', version: 'v1', resource: 'priorityclasses', kind: 'PriorityClass' },
];

export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
/** The API server caps all annotations of an object at 256 KB together. */
const MAX_LAST_APPLIED_CHARS = 256 * 1024;
const MAX_MANAGED_FIELDS = 100;
const LIST_CONCURRENCY = 4;

/** One object and the removed or deprecated apiVersion it was recorded with. */
export interface ObjectApiUse {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace: string | undefined;
  readonly name: string;
  /** Which records said so: `last-applied`, `managedFields (kubectl-client-side-apply)`. */
  readonly sources: readonly string[];
}

interface LiveObject {
  readonly metadata?: ObjectMeta & { managedFields?: unknown };
}

/** The removed or deprecated apiVersions one object records; pure. */
export function apiUsesOf(obj: LiveObject, kind: string, data: ApiLifecycleTable = bundledLifecycle()): ObjectApiUse[] {
  const meta = obj.metadata;
  if (!meta || typeof meta.name !== 'string') return [];
  const byVersion = new Map<string, { kind: string; sources: string[] }>();
  const add = (apiVersion: string, k: string, source: string): void => {
    if (!isRetiring(apiVersion, k, data)) return;
    const key = `${apiVersion}\n${k}`;
    const e = byVersion.get(key) ?? { kind: k, sources: [] };
    if (!e.sources.includes(source)) e.sources.push(source);
    byVersion.set(key, e);
  };
  const applied = lastApplied(meta.annotations?.[LAST_APPLIED]);
  if (applied) add(applied.apiVersion, applied.kind ?? kind, 'last-applied');
  const managed = Array.isArray(meta.managedFields) ? (meta.managedFields as unknown[]).slice(0, MAX_MANAGED_FIELDS) : [];
  for (const m of managed) {
    if (!isRecord(m) || typeof m.apiVersion !== 'string') continue;
    const manager = typeof m.manager === 'string' && m.manager ? m.manager.slice(0, 80) : 'unknown manager';
    add(m.apiVersion, kind, `managedFields (${manager})`);
  }
  return [...byVersion.entries()].map(([key, e]) => ({ apiVersion: key.split('\n')[0], kind: e.kind, namespace: meta.namespace, name: meta.name as string, sources: e.sources }));
}

/** apiVersion and kind of a last-applied annotation; undefined when absent, too large or not JSON. */
export function lastApplied(annotation: string | undefined): { apiVersion: string; kind: string | undefined } | undefined {
  if (typeof annotation !== 'string' || annotation.length > MAX_LAST_APPLIED_CHARS) return undefined;
  let v: unknown;
  try {
    v = JSON.parse(annotation);
  } catch {
    return undefined;
  }
  if (!isRecord(v) || typeof v.apiVersion !== 'string') return undefined;
  return { apiVersion: v.apiVersion, kind: typeof v.kind === 'string' ? v.kind : undefined };
}

export interface LiveObjectsRead {
  readonly uses: ObjectApiUse[];
  /** Objects looked at. */
  readonly objects: number;
  /** Collections that could not be read, one sentence each (a collection the cluster does not serve is skipped). */
  readonly problems: string[];
}

/** Lists LIVE_KINDS (four at a time) and keeps the removed or deprecated apiVersions the objects record. */
export async function readLiveObjects(client: KubeClient, signal?: AbortSignal, data: ApiLifecycleTable = bundledLifecycle()): Promise<Result<LiveObjectsRead, ApiError>> {
  const uses: ObjectApiUse[] = [];
  const problems: string[] = [];
  let objects = 0;
  let aborted: ApiError | undefined;
  const queue = [...LIVE_KINDS];
  const worker = async (): Promise<void> => {
    for (let k = queue.shift(); k && !aborted; k = queue.shift()) {
      const r = await client.list<LiveObject>(k, { signal });
      if (!r.ok) {
        if (r.error.kind === 'aborted') aborted = r.error;
        else if (r.error.kind !== 'absent') problems.push(listProblem(`${k.kind}s`, r.error));
        continue;
      }
      objects += r.value.items.length;
      for (const item of r.value.items) uses.push(...apiUsesOf(item, k.kind, data));
    }
  };
  await Promise.all(Array.from({ length: LIST_CONCURRENCY }, worker));
  if (aborted) return err(aborted);
  uses.sort((a, b) => `${a.kind}/${a.namespace ?? ''}/${a.name}`.localeCompare(`${b.kind}/${b.namespace ?? ''}/${b.name}`));
  return ok({ uses, objects, problems: problems.sort() });
}

/** The newest revision of one Helm release and what its manifest uses. */
export interface HelmReleaseUse {
  readonly namespace: string;
  readonly name: string;
  readonly revision: number;
  readonly status: string;
  readonly chart: string | undefined;
  readonly apis: readonly { apiVersion: string; kind: string; template: string | undefined }[];
  /** Why the release (or part of its manifest) was not read. */
  readonly problem?: string;
}

export interface HelmReleasesRead {
  readonly releases: HelmReleaseUse[];
  readonly problems: string[];
}

interface HelmSecret {
  readonly metadata?: ObjectMeta;
  readonly data?: Record<string, unknown>;
}

export const HELM_SECRETS: ResourceRef = { group: '', version: 'v1', resource: 'secrets' };

/**
 * Helm 3 release Secrets of every namespace (label owner=helm, type helm.sh/release.v1; superseded revisions are
 * left out by the label selector), the newest revision per release decoded one at a time. Nothing of a Secret's
 * content reaches a message or the log.
 */
export async function readHelmReleases(client: KubeClient, codec: HelmCodec, signal?: AbortSignal, data: ApiLifecycleTable = bundledLifecycle()): Promise<Result<HelmReleasesRead, ApiError>> {
  const r = await client.list<HelmSecret>(HELM_SECRETS, { labelSelector: 'owner=helm,status!=superseded', fieldSelector: 'type=helm.sh/release.v1', signal });
  if (!r.ok) {
    if (r.error.kind === 'aborted') return r;
    // A malformed answer's message may quote the list (Secret data): say only what failed.
    return ok({ releases: [], problems: [listProblem('Helm release Secrets', r.error, false)] });
  }
  const newest = new Map<string, { secret: HelmSecret; revision: number }>();
  for (const s of r.value.items) {
    const meta = s.metadata;
    const parsed = typeof meta?.name === 'string' ? helmSecretName(meta.name) : undefined;
    if (!meta || !parsed) continue;
    const key = `${meta.namespace ?? ''}/${meta.labels?.name ?? parsed.release}`;
    const seen = newest.get(key);
    if (!seen || parsed.revision > seen.revision) newest.set(key, { secret: s, revision: parsed.revision });
  }
  const releases: HelmReleaseUse[] = [];
  for (const [key, { secret, revision }] of [...newest.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (signal?.aborted) return err({ kind: 'aborted', message: 'cancelled' });
    const [namespace, name] = [key.slice(0, key.indexOf('/')), key.slice(key.indexOf('/') + 1)];
    const base = { namespace, name, revision, status: secret.metadata?.labels?.status ?? 'unknown', chart: undefined, apis: [] };
    const release = typeof secret.data?.release === 'string' ? decodeHelmRelease(secret.data.release, codec) : err('The Secret has no release data.');
    if (!release.ok) {
      releases.push({ ...base, problem: release.error });
      continue;
    }
    const { apis, problems } = helmReleaseApis(release.value, data);
    const rel = { ...base, status: release.value.status, chart: release.value.chart, apis };
    releases.push(problems.length ? { ...rel, problem: problems[0] } : rel);
  }
  return ok({ releases, problems: [] });
}

function listProblem(what: string, e: ApiError, quote = true): string {
  if (e.kind === 'forbidden') return `${what}: not readable (needs "${permissionOf(e)}").`;
  if (e.kind === 'failed') return `${what}: not read${e.status ? ` (HTTP ${e.status})` : ''}${quote && e.message ? `: ${e.message.slice(0, 200)}` : ''}.`;
  return `${what}: ${describeApiError(e)}.`;
}

/** Deprecated or removed in some minor (the data also lists stable versions, as replacements). */
function isRetiring(apiVersion: string, kind: string, data: ApiLifecycleTable): boolean {
  const e = lifecycleOf(apiVersion, kind, data);
  return !!e && (e.deprecated !== null || e.removed !== null);
}


/** One version of a CustomResourceDefinition that its owner deprecated or stopped serving. */
export interface CrdVersionUse {
  /** `cephclusters.ceph.rook.io`. */
  readonly crd: string;
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly served: boolean;
  readonly deprecated: boolean;
  /** The CRD's `deprecationWarning`, capped. */
  readonly warning: string | undefined;
  /** Listed in `status.storedVersions`: objects may still be stored at it (a storage migration is due when not served). */
  readonly stored: boolean;
}

export type CrdVersionsRead =
  | { readonly state: 'read'; readonly versions: readonly CrdVersionUse[]; readonly crds: number }
  | { readonly state: 'not-checked'; readonly reason: string };

interface CrdObject {
  readonly metadata?: ObjectMeta;
  readonly spec?: { group?: unknown; names?: { kind?: unknown }; versions?: unknown };
  readonly status?: { storedVersions?: unknown };
}

export const CRDS: ResourceRef = { group: 'apiextensions.k8s.io', version: 'v1', resource: 'customresourcedefinitions' };
const MAX_CRD_VERSIONS = 50;
const MAX_WARNING_CHARS = 300;

/** The flagged versions of one CRD (deprecated: true, or served: false); pure. */
export function crdVersionsOf(crd: CrdObject): CrdVersionUse[] {
  const name = crd.metadata?.name;
  const group = crd.spec?.group;
  const kind = crd.spec?.names?.kind;
  if (typeof name !== 'string' || typeof group !== 'string' || typeof kind !== 'string' || !Array.isArray(crd.spec?.versions)) return [];
  const stored = Array.isArray(crd.status?.storedVersions) ? (crd.status.storedVersions as unknown[]).filter((v): v is string => typeof v === 'string') : [];
  const out: CrdVersionUse[] = [];
  for (const v of (crd.spec.versions as unknown[]).slice(0, MAX_CRD_VERSIONS)) {
    if (!isRecord(v) || typeof v.name !== 'string') continue;
    const served = v.served !== false;
    const deprecated = v.deprecated === true;
    if (served && !deprecated) continue;
    const warning = typeof v.deprecationWarning === 'string' ? v.deprecationWarning.slice(0, MAX_WARNING_CHARS) : undefined;
    out.push({ crd: name, group, version: v.name, kind, served, deprecated, warning, stored: stored.includes(v.name) });
  }
  return out;
}

/** Lists the CRDs (a restricted user may not: that is "not checked", never an error); cancelled → aborted. */
export async function readCrdVersions(client: KubeClient, signal?: AbortSignal): Promise<Result<CrdVersionsRead, ApiError>> {
  const r = await client.list<CrdObject>(CRDS, { signal });
  if (!r.ok) {
    if (r.error.kind === 'aborted') return r;
    return ok({ state: 'not-checked', reason: listProblem('CustomResourceDefinitions', r.error) });
  }
  const versions = r.value.items.flatMap((c) => crdVersionsOf(c)).sort((a, b) => `${a.crd}/${a.version}`.localeCompare(`${b.crd}/${b.version}`));
  return ok({ state: 'read', versions, crds: r.value.items.length });
}
