import { type Result, err, ok } from '../../common/result';
import type { ApiCephCluster, ApiDeployment } from '../../core/cluster/apiObjects';
import { appliedDifferences } from '../../core/run/gitops';
import type { GitOpsAppliedEntry } from '../../core/run/journal';
import type { RunPhase } from '../../core/run/phases';
import { CEPH_CLUSTERS, DEPLOYMENTS, ROOK_OPERATOR_CONTAINER, type RunWrite } from '../../core/run/writes';
import type { Evidence, ObjectRef } from '../../core/preflight/result';
import { watchUntil } from '../backups/watchUntil';
import type { ApiSucPlan } from './clusterView';
import type { PhaseOutcome, RunContext } from './context';

/**
 * GitOps mode (`strategy.apply: gitops`): the run writes nothing; somebody commits the files of Export for
 * GitOps and Flux or Argo CD applies them. Each change phase waits here, by watch, for its change to be
 * applied: the phase's system-upgrade-controller Plan to appear, or the Rook operator's or a CephCluster's
 * image to become the hop's. What appears is checked against what the run would have written (the fields
 * the plan sets, core/run/gitops appliedDifferences); a different change pauses the run naming the fields.
 * Seen right, it is journalled (`gitops-applied`) and the phase goes on as its own: the same watch of the
 * nodes or daemons, the same gates.
 */

/** How long a phase waits for git: a review and a merge may take a working day; cancel ends it sooner. */
export const GITOPS_WAIT_MS = 24 * 3600_000;

type Of<K extends RunPhase['kind']> = Extract<RunPhase, { kind: K }>;

/** The wait failed: cancelled, timed out (the phase fails), or the cluster could not be watched (the run pauses). */
function waitFailed(e: { kind: string; message: string }, what: string): Result<PhaseOutcome, string> {
  if (e.kind === 'aborted') return err('cancelled');
  if (e.kind === 'timeout') return ok({ outcome: 'failed', reason: `${what} was not applied from git in ${GITOPS_WAIT_MS / 3600_000} h` });
  return err(`${what} could not be watched: ${e.message}`);
}

async function journal(ctx: RunContext, e: Omit<GitOpsAppliedEntry, 'type' | 'at' | 'plan' | 'cluster' | 'runId'>): Promise<Result<void, string>> {
  const seen = ctx.recorder.written.some((w) => w.type === 'gitops-applied' && w.phaseId === e.phaseId && w.object.name === e.object.name && w.object.namespace === e.object.namespace);
  if (seen) return ok(undefined);
  const r = await ctx.recorder.record({ type: 'gitops-applied', ...e });
  return r.ok ? ok(undefined) : err(r.error);
}

/**
 * Waits until the phase's Plan (`write`, as the run would create it) is in the cluster, then checks its spec.
 * `undefined`: applied as planned and journalled; the caller watches its nodes next.
 */
export async function awaitPlanFromGit(ctx: RunContext, phaseId: string, write: RunWrite): Promise<Result<PhaseOutcome | undefined, string>> {
  const { namespace = '', name } = write.object;
  const what = `Plan ${namespace}/${name}`;
  ctx.callbacks.onProgress?.(phaseId, `waiting for ${what} to be applied from git (Export for GitOps wrote it)`);
  const r = await watchUntil<ApiSucPlan, ApiSucPlan>(ctx.client, write.resource, (items) => items.find((p) => p.metadata?.name === name), {
    fieldSelector: `metadata.name=${name}`, timeoutMs: GITOPS_WAIT_MS, signal: ctx.signal, what,
  });
  if (!r.ok) return waitFailed(r.error, what);
  const planned = (write.body as { spec?: unknown }).spec;
  const differences = appliedDifferences(planned, r.value.spec, 'spec');
  if (differences.length) return err(`${what} applied from git is not the planned one: ${differences.join('; ')}. Commit the exported file as it is, or export again after changing the plan`);
  const spec = planned as { version?: string };
  const j = await journal(ctx, {
    phaseId, description: `${what} applied from git, as planned`, object: write.object,
    ...(r.value.metadata?.resourceVersion ? { resourceVersion: r.value.metadata.resourceVersion } : {}), ...(spec.version ? { after: { version: spec.version } } : {}),
  });
  if (!j.ok) return j;
  ctx.callbacks.onProgress?.(phaseId, `${what} applied from git, as planned`);
  return ok(undefined);
}

/** One object whose image git changes: how to read the image, and the images before and wanted. */
interface ImageTarget {
  readonly ref: ObjectRef;
  readonly before: string | undefined;
  readonly image: string;
}

const operatorImage = (d: ApiDeployment): string | undefined => {
  const cs = d.spec?.template?.spec?.containers ?? [];
  return (cs.find((c) => c.name === ROOK_OPERATOR_CONTAINER) ?? cs[0])?.image;
};

/** Waits until the Rook operator (`rook-operator`) or every CephCluster (`ceph-image`) runs the hop's image as applied from git. */
export async function awaitImageFromGit(ctx: RunContext, phase: Of<'rook-operator'> | Of<'ceph-image'>): Promise<Result<PhaseOutcome, string>> {
  const targets: ImageTarget[] = phase.kind === 'rook-operator'
    ? [{ ref: phase.deployment, before: phase.currentImage, image: phase.image }]
    : phase.clusters.map((c) => ({ ref: c.ref, before: c.currentImage, image: c.image }));
  for (const t of targets) {
    const ns = t.ref.namespace ?? '';
    const what = `the image of ${t.ref.kind} ${ns}/${t.ref.name}`;
    ctx.callbacks.onProgress?.(phase.id, `waiting for ${what} to be set to ${t.image} from git`);
    const read = phase.kind === 'rook-operator' ? (o: object) => operatorImage(o) : (o: object) => (o as ApiCephCluster).spec?.cephVersion?.image;
    const r = await watchUntil<{ metadata?: { name?: string; resourceVersion?: string } }, { image: string | undefined; rv: string | undefined }>(
      ctx.client,
      phase.kind === 'rook-operator' ? DEPLOYMENTS(ns) : CEPH_CLUSTERS(ns),
      (items) => {
        const o = items.find((x) => x.metadata?.name === t.ref.name);
        if (!o) return undefined;
        const image = read(o);
        return image === t.before && image !== t.image ? undefined : { image, rv: o.metadata?.resourceVersion };
      },
      { fieldSelector: `metadata.name=${t.ref.name}`, timeoutMs: GITOPS_WAIT_MS, signal: ctx.signal, what },
    );
    if (!r.ok) return waitFailed(r.error, what);
    if (r.value.image !== t.image) return err(`${what} was set to ${r.value.image ?? 'nothing'} from git, the plan's hop needs ${t.image}: commit the exported patch as it is`);
    const evidence: { before?: Evidence; after: Evidence } = { ...(t.before ? { before: { image: t.before } } : {}), after: { image: t.image } };
    const j = await journal(ctx, { phaseId: phase.id, description: `${what} set to ${t.image} from git`, object: t.ref, ...(r.value.rv ? { resourceVersion: r.value.rv } : {}), ...evidence });
    if (!j.ok) return j;
  }
  return ok({ outcome: 'done', reason: targets.length === 1 ? `${targets[0].ref.kind} ${targets[0].ref.name} set to ${targets[0].image} from git` : `${targets.length} CephClusters set to ${targets[0].image} from git` });
}
