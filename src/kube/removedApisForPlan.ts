import { type Result, err, ok } from '../common/result';
import { type RecordedApis, type RemovedApisForTarget, removedApisForTarget } from '../core/apis/preflightInput';
import type { ApiError } from '../core/cluster/errors';
import type { KubeClient } from './client';
import { type RemovedApiScan, readRemovedApiSources } from './removedApiScan';

/**
 * The preflight hook of issue 13 (`PreflightInputs.removedApis`): what the live cluster records about removed
 * APIs — objects' last-applied and managedFields versions, the newest revision of each Helm release, the API
 * server's deprecated-API metric when readable, CRD versions their owners deprecated or stopped serving — judged for the plan's Kubernetes target and every minor on the
 * way (src/core/apis/preflightInput). A cancelled read is `aborted`; a source that cannot be read is a problem in
 * the answer, not an error.
 */
export async function readRemovedApisInput(client: KubeClient, target: string, signal?: AbortSignal): Promise<Result<RemovedApisForTarget, ApiError>> {
  const scan = await readRemovedApiSources({ client, getText: (path, sig, limits) => client.getText(path, sig, limits) }, signal);
  if (!scan.ok) return scan;
  const judged = removedApisForTarget(recordedApis(scan.value), target);
  return judged.ok ? ok(judged.value) : err({ kind: 'failed', status: undefined, message: judged.error });
}

/** The scan's records in the core's terms: one use per object and apiVersion, Helm findings named by release. */
export function recordedApis(scan: RemovedApiScan): RecordedApis {
  const uses = scan.objects.uses.map((u) => ({ apiVersion: u.apiVersion, kind: u.kind, ...(u.namespace ? { namespace: u.namespace } : {}), name: u.name }));
  const problems = [...scan.objects.problems, ...scan.helm.problems];
  for (const rel of scan.helm.releases) {
    if (rel.problem) problems.push(`Helm release ${rel.namespace}/${rel.name} (revision ${rel.revision}): ${rel.problem}`);
    // The manifest's object names are not kept: the release and its template name the object.
    for (const a of rel.apis) {
      uses.push({ apiVersion: a.apiVersion, kind: a.kind, name: `in Helm release ${rel.namespace}/${rel.name} (revision ${rel.revision}${a.template ? `, ${a.template}` : ''})` });
    }
  }
  const metric = scan.metric;
  if (metric?.state === 'not-readable') problems.push(`API server metric: not readable (${metric.reason}).`);
  const calls = metric?.state === 'readable'
    ? metric.calls.map((c) => ({
      apiVersion: c.group ? `${c.group}/${c.version}` : c.version,
      resource: c.subresource ? `${c.resource}/${c.subresource}` : c.resource,
      removedRelease: c.removedRelease,
      calls: c.calls,
    }))
    : [];
  const crds = scan.crds;
  if (crds?.state === 'not-checked') problems.push(crds.reason);
  const crdVersions = crds?.state === 'read'
    ? crds.versions.map((v) => ({ crd: v.crd, apiVersion: `${v.group}/${v.version}`, kind: v.kind, served: v.served, deprecated: v.deprecated, stored: v.stored }))
    : undefined;
  return crdVersions ? { uses, calls, crdVersions, problems } : { uses, calls, problems };
}
