import { type Result, err, ok } from '../../common/result';
import type { ApiCephCluster, ApiDeployment } from '../../core/cluster/apiObjects';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import type { RunPhase } from '../../core/run/phases';
import { CEPH_CLUSTERS as CEPH_TARGET, DEPLOYMENTS as DEPLOY_TARGET, ROOK_OPERATOR_CONTAINER, type RunWrite, cephImageWrite, rookOperatorImageWrite } from '../../core/run/writes';
import { runGate } from './gateRunner';
import { type PhaseOutcome, type RunContext, durationMs } from './context';
import { makeWrites } from './runWrites';

/**
 * The Rook and Ceph phases on the cluster: the operator image (strategic merge on its container, as
 * `kubectl set image` does) and each CephCluster's `spec.cephVersion.image` (merge patch), each read
 * again just before so the journal records the image it replaced; then a watch until every daemon
 * carries the new rook-version, or the new ceph-version with HEALTH_OK (gateRunner over the Rook
 * Deployments and the CephClusters).
 */

type Of<K extends RunPhase['kind']> = Extract<RunPhase, { kind: K }>;

const imageOfContainer = (d: ApiDeployment): string | undefined => {
  const cs = d.spec?.template?.spec?.containers ?? [];
  return (cs.find((c) => c.name === ROOK_OPERATOR_CONTAINER) ?? cs[0])?.image;
};

/** Sets the operator's image after a dry run; nothing is sent when it runs that image already. */
export async function runRookOperator(ctx: RunContext, phase: Of<'rook-operator'>): Promise<Result<PhaseOutcome, string>> {
  const ns = phase.deployment.namespace ?? '';
  const now = await ctx.client.getObject<ApiDeployment>(DEPLOY_TARGET(ns), phase.deployment.name, ctx.signal);
  if (!now.ok) return err(`Deployment ${ns}/${phase.deployment.name} could not be read: ${now.error.message}`);
  const image = imageOfContainer(now.value);
  if (image === phase.image) return ok({ outcome: 'done', reason: `the operator runs ${phase.image} already` });
  const write = rookOperatorImageWrite({ namespace: ns, name: phase.deployment.name, image }, phase.image, `Rook ${phase.hop.version}`);
  return patchOne(ctx, phase.id, write, now.value.metadata?.resourceVersion, image, phase.image);
}

/** Sets each CephCluster's image after a dry run; those on the image already are left alone. */
export async function runCephImage(ctx: RunContext, phase: Of<'ceph-image'>): Promise<Result<PhaseOutcome, string>> {
  const changed: string[] = [];
  for (const c of phase.clusters) {
    const ns = c.ref.namespace ?? '';
    const now = await ctx.client.getObject<ApiCephCluster>(CEPH_TARGET(ns), c.ref.name, ctx.signal);
    if (!now.ok) return err(`CephCluster ${ns}/${c.ref.name} could not be read: ${now.error.message}`);
    const image = now.value.spec?.cephVersion?.image;
    if (image === c.image) continue;
    const r = await patchOne(ctx, phase.id, cephImageWrite({ namespace: ns, name: c.ref.name, image }, c.image), now.value.metadata?.resourceVersion, image, c.image);
    if (!r.ok || r.value.outcome !== 'done') return r;
    changed.push(`${ns}/${c.ref.name}`);
  }
  return ok({ outcome: 'done', reason: changed.length ? `image set on ${changed.join(', ')}` : 'every CephCluster on the image already' });
}

async function patchOne(ctx: RunContext, phaseId: string, write: RunWrite, rv: string | undefined, before: string | undefined, after: string): Promise<Result<PhaseOutcome, string>> {
  const made = await makeWrites({ client: ctx.client, recorder: ctx.recorder, confirm: ctx.callbacks.confirmWrites, signal: ctx.signal }, phaseId, [write], () => ({
    ...(before ? { before: { image: before } } : {}), after: { image: after }, ...(rv ? { beforeResourceVersion: rv } : {}),
  }));
  if (!made.ok) return err(made.error);
  ctx.callbacks.onProgress?.(phaseId, write.description);
  return ok({ outcome: 'done', reason: write.description });
}

/** Waits until every daemon is on the hop's version (rook-version, or ceph-version with HEALTH_OK). */
export async function runVersionWait(ctx: RunContext, phase: Of<'wait-rook-version' | 'wait-ceph-version'>, base: ClusterSnapshot): Promise<Result<PhaseOutcome, string>> {
  const checks = phase.kind === 'wait-rook-version' ? (['versionsConverged'] as const) : (['versionsConverged', 'cephHealthOk'] as const);
  const r = await runGate(ctx, base, { id: phase.id, checks, expect: phase.expect, timeout: phase.timeout, timeoutMs: durationMs(phase.timeout) });
  if (!r.ok) return r;
  const why = r.value.checks.filter((c) => c.verdict !== 'pass').map((c) => c.reason).join('; ');
  return ok(r.value.status === 'pass' ? { outcome: 'done', reason: r.value.checks.map((c) => c.reason).join('; ') } : { outcome: 'failed', reason: why });
}
