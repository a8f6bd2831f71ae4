import { type Result, err, ok } from '../../common/result';
import type { RemovedApiInUse, RemovedApisInput } from '../preflight/inputs';
import { compareMinor, kubeMinorOf } from '../versions';
import { type ApiFinding, findingsFor } from './findings';
import { type ApiLifecycleTable, bundledLifecycle } from './lifecycle';

/**
 * The preflight's removed-API answer (issue 13) for a plan's target: what the live cluster records, judged by the
 * lifecycle data (src/core/apis/findings) for the target and every minor on the way. Removed in or before the
 * target → in use, which fails the check; deprecated by the target and removed later (or never) → listed apart,
 * not blocking.
 */

/** One object and an apiVersion it was recorded with (last-applied, managedFields, a Helm release's manifest). */
export interface RecordedApiUse {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

/** Requests the API server counted to a deprecated group/version/resource (`apiserver_requested_deprecated_apis`). */
export interface RecordedApiCall {
  readonly apiVersion: string;
  /** `cronjobs`, `cronjobs/status`. */
  readonly resource: string;
  /** The server's `removed_release` label (`1.25`); '' when it plans no removal (such calls break no target). */
  readonly removedRelease: string;
  readonly calls: number | undefined;
}

/** A CustomResourceDefinition version its owner deprecated (`deprecated: true`) or no longer serves (`served: false`). */
export interface RecordedCrdVersion {
  /** `cephclusters.ceph.rook.io`. */
  readonly crd: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly served: boolean;
  readonly deprecated: boolean;
  /** In the CRD's `status.storedVersions`: objects may still be stored at it. */
  readonly stored: boolean;
}

/** What a flagged CRD version means: `deprecated by its owner`, `no longer served; objects may still be stored at it`. */
export function crdVersionState(v: Pick<RecordedCrdVersion, 'served' | 'stored'>): string {
  return [v.served ? 'deprecated by its owner' : 'no longer served', ...(v.stored ? ['objects may still be stored at it'] : [])].join('; ');
}

/** An object on an API deprecated by the target but still served there, or a flagged CRD version. */
export interface DeprecatedApiInUse {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** `v1.29`; undefined when only the API server says it is deprecated (the metric). */
  readonly deprecatedIn?: string;
  /** `v1.32`; undefined when no removal is scheduled. */
  readonly removedIn?: string;
  readonly replacement?: string;
}

/** RemovedApisInput (what checkRemovedApis reads) plus what does not block. */
export interface RemovedApisForTarget extends RemovedApisInput {
  /** Deprecated by the target, removed later or never: worth migrating, not blocking. */
  readonly deprecated: readonly DeprecatedApiInUse[];
  /** What could not be read, one sentence each: the answer covers only what was. */
  readonly problems: readonly string[];
}

/** What the cluster records, before judging. */
export interface RecordedApis {
  readonly uses: readonly RecordedApiUse[];
  readonly calls: readonly RecordedApiCall[];
  /** Undefined when the CRDs were not read. */
  readonly crdVersions?: readonly RecordedCrdVersion[];
  readonly problems: readonly string[];
}

/**
 * Judges what the cluster records against `target` (`v1.33.7`, `v1.33`, `1.33`): `target` in the answer is its
 * minor (`v1.33`). Duplicates (the same object and apiVersion from two sources) count once. Fails only when
 * `target` is not a Kubernetes version.
 */
export function removedApisForTarget(recorded: RecordedApis, target: string, data: ApiLifecycleTable = bundledLifecycle()): Result<RemovedApisForTarget> {
  const minor = kubeMinorOf(target);
  if (!minor) return err(`"${target.slice(0, 40)}" is not a Kubernetes version.`);
  const targetMinor = `v${minor.major}.${minor.minor}`;
  // The target stands for the current version too: what is removed by it is removed, whichever minor removes it.
  const plan = { current: targetMinor, target: targetMinor };
  const inUse = new Map<string, RemovedApiInUse>();
  const deprecated = new Map<string, DeprecatedApiInUse>();
  for (const u of recorded.uses) {
    const judged = findingsFor(u.apiVersion, u.kind, plan, data);
    if (!judged.ok || !judged.value) continue;
    const f = judged.value;
    const key = `${f.apiVersion}\n${f.kind}\n${u.namespace ?? ''}\n${u.name}`;
    const where = u.namespace ? { namespace: u.namespace } : {};
    const replacement = replacementOf(f);
    if (f.status === 'removed' && f.removedIn) {
      inUse.set(key, { apiVersion: f.apiVersion, kind: f.kind, ...where, name: u.name, removedIn: `v${f.removedIn}`, ...(replacement ? { replacement } : {}) });
    } else if (f.status === 'deprecated' && f.deprecatedIn) {
      deprecated.set(key, { apiVersion: f.apiVersion, kind: f.kind, ...where, name: u.name, deprecatedIn: `v${f.deprecatedIn}`, ...(f.removedIn ? { removedIn: `v${f.removedIn}` } : {}), ...(replacement ? { replacement } : {}) });
    }
  }
  for (const c of recorded.calls) {
    // The server says when it removes what it counts; its word decides, the object behind the call is unknown.
    // A deprecation with no removal planned breaks no target: left out.
    const removed = c.removedRelease ? kubeMinorOf(c.removedRelease) : undefined;
    if (!removed) continue;
    const use = { apiVersion: c.apiVersion, kind: 'API clients', name: `calling ${c.apiVersion} ${c.resource}${c.calls === undefined ? '' : ` (${c.calls} request${c.calls === 1 ? '' : 's'} since the API server started)`}` };
    const key = `call\n${c.apiVersion}\n${c.resource}`;
    const removedIn = `v${removed.major}.${removed.minor}`;
    if (compareMinor(removed, minor) <= 0) inUse.set(key, { ...use, removedIn });
    else deprecated.set(key, { ...use, removedIn });
  }
  // A CRD's versions follow its owner's releases, not Kubernetes': listed apart, whatever the target.
  for (const v of recorded.crdVersions ?? []) {
    const state = crdVersionState(v);
    deprecated.set(`crd\n${v.crd}\n${v.apiVersion}`, { apiVersion: v.apiVersion, kind: v.kind, name: `${v.crd} (CustomResourceDefinition version ${state})` });
  }
  return ok({
    target: targetMinor,
    inUse: [...inUse.values()].sort(byRemovalThenName),
    deprecated: [...deprecated.values()].sort(byRemovalThenName),
    problems: [...recorded.problems],
  });
}

/** `networking.k8s.io/v1`, with the kind when it changes (`flowcontrol.apiserver.k8s.io/v1 FlowSchema` stays). */
function replacementOf(f: ApiFinding): string | undefined {
  if (!f.replacementApiVersion || !f.replacement) return undefined;
  return f.replacement.kind === f.kind ? f.replacementApiVersion : `${f.replacementApiVersion} ${f.replacement.kind}`;
}


function removalOrder(removedIn: string | undefined): number {
  const m = removedIn ? kubeMinorOf(removedIn) : undefined;
  return m ? m.major * 1000 + m.minor : Number.MAX_SAFE_INTEGER;
}

function byRemovalThenName(a: { removedIn?: string; kind: string; namespace?: string; name: string; apiVersion: string }, b: typeof a): number {
  return removalOrder(a.removedIn) - removalOrder(b.removedIn)
    || `${a.kind}/${a.namespace ?? ''}/${a.name}/${a.apiVersion}`.localeCompare(`${b.kind}/${b.namespace ?? ''}/${b.name}/${b.apiVersion}`);
}
