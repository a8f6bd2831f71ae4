import { type Result, err, ok } from '../../common/result';
import type { ApiNode } from '../../core/cluster/apiObjects';
import type { LabelSelector } from '../../core/cluster/labelSelector';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import { drainBlockerText, drainBlockers } from '../../core/run/drainBlockers';
import { RUN_ID_LABEL } from '../../core/run/names';
import type { RunPhase } from '../../core/run/phases';
import { type PhaseProgress, nodesSelected, phaseProgress } from '../../core/run/progress';
import { sucNamespace, sucPlanWrite } from '../../core/run/sucPlans';
import { type RunWrite, SUC_PLANS } from '../../core/run/writes';
import { NODES } from '../discovery';
import { PDBS, PODS, UNFINISHED_PODS } from '../preflight/refs';
import { type ApiSucPlan, nodeLabels, sucStatus, withNodes } from './clusterView';
import { type PhaseOutcome, type RunContext, phaseTimeoutMs } from './context';
import { type KnownNodeSteps, NodeStepJournal } from './nodeSteps';
import { makeWrites } from './runWrites';
import { type Watched, watchAll } from './watchAll';
import { awaitPlanFromGit } from './gitopsWait';

/**
 * A K3s phase on the cluster: the phase's system-upgrade-controller Plan (core/run/sucPlans) created
 * after a dry run, or found again when this run created it before (a resume), then a watch on the Plan
 * and the nodes until every node of the phase carries the Plan's hash and the Plan says Complete
 * (core/run/progress), the Plan reports a failed upgrade Job, or the gate's timeout passes. When the
 * Plan drains, the PodDisruptionBudgets and unfinished pods are watched too, and the budgets holding up
 * the drain of a cordoned node (core/run/drainBlockers) go into the progress line and a failure's reason.
 */

export type K3sPhase = Extract<RunPhase, { kind: 'k3s-servers' | 'k3s-canary' | 'k3s-agents' }>;


/** The Plan of `phase` as this run creates it. */
export function k3sPlanWrite(ctx: RunContext, phase: K3sPhase, base: ClusterSnapshot): Result<{ write: RunWrite; notes: readonly string[] }> {
  const server = ctx.phases.find((p) => p.kind === 'k3s-servers' && p.hop.index === phase.hop.index);
  const r = sucPlanWrite({ plan: ctx.plan, runId: ctx.recorder.base.runId, namespace: sucNamespace(base) }, phase, phase.kind !== 'k3s-servers' && server?.kind === 'k3s-servers' ? server.sucPlan : undefined);
  return r.ok ? ok({ write: r.value.write, notes: r.value.notes }) : r;
}

/** The nodes the phase touches: its own list, else those its Plan's selector picks from the nodes as listed now. */
export async function k3sPhaseNodes(ctx: RunContext, phase: K3sPhase, write: RunWrite): Promise<Result<string[], string>> {
  if (phase.nodes) return ok([...phase.nodes]);
  const listed = await ctx.client.list<ApiNode>(NODES, { signal: ctx.signal });
  if (!listed.ok) return err(`the nodes could not be listed: ${listed.error.message}`);
  const names = listed.value.items.map((n) => n.metadata?.name ?? '');
  const selector = (write.body as { spec?: { nodeSelector?: object } }).spec?.nodeSelector;
  return ok(nodesSelected(names, nodeLabels(listed.value.items), selector));
}

/**
 * Creates (or finds again) the phase's Plan and waits for its nodes, journalling each node's moves
 * (`known`: the steps journalled before a resume). In GitOps mode the Plan is not created: the run waits
 * for git to apply it and checks it is the planned one (gitopsWait).
 */
export async function runK3sPhase(ctx: RunContext, phase: K3sPhase, base: ClusterSnapshot, write: RunWrite, known: KnownNodeSteps = []): Promise<Result<PhaseOutcome, string>> {
  const ref = SUC_PLANS(write.object.namespace ?? sucNamespace(base));
  const existing = ctx.apply === 'gitops' ? undefined : await ctx.client.getObject<ApiSucPlan>(ref, phase.sucPlan, ctx.signal);
  if (!existing) {
    const applied = await awaitPlanFromGit(ctx, phase.id, write);
    if (!applied.ok) return applied;
    if (applied.value) return ok(applied.value);
  } else if (existing.ok) {
    const owner = existing.value.metadata?.labels?.[RUN_ID_LABEL];
    if (owner !== ctx.recorder.base.runId) return ok({ outcome: 'failed', reason: `Plan ${ref.namespace}/${phase.sucPlan} exists already and was not created by this run (${owner ? `run ${owner}` : 'no run label'}): delete it or wait for it` });
    ctx.callbacks.onProgress?.(phase.id, `found Plan ${phase.sucPlan} of this run again`);
  } else if (existing.error.kind === 'absent') {
    const made = await makeWrites({ client: ctx.client, recorder: ctx.recorder, confirm: ctx.callbacks.confirmWrites, signal: ctx.signal }, phase.id, [write]);
    if (!made.ok) return err(made.error);
    ctx.callbacks.onProgress?.(phase.id, `created Plan ${phase.sucPlan}`);
  } else {
    return err(`Plan ${phase.sucPlan} could not be read: ${existing.error.message}`);
  }

  const timeoutMs = phaseTimeoutMs(ctx.phases, phase.id);
  let said = '';
  let blocked = '';
  const steps = new NodeStepJournal(ctx.recorder, phase.id, known);
  const drain = (write.body as { spec?: { drain?: { podSelector?: LabelSelector } } }).spec?.drain;
  const watched: Watched[] = [{ ref, fieldSelector: `metadata.name=${phase.sucPlan}` }, { ref: NODES }, ...(drain ? [{ ref: PDBS }, { ref: PODS, fieldSelector: UNFINISHED_PODS }] : [])];
  const r = await watchAll<PhaseProgress>(ctx.client, watched, ([plans, nodes, pdbs, pods]) => {
    const plan = (plans as ApiSucPlan[])[0];
    const n = nodes as ApiNode[];
    const p = phaseProgress(phase, withNodes(base, n), sucStatus(plan, n), plan?.spec?.nodeSelector);
    steps.see(p.nodes);
    blocked = drain && pdbs && pods
      ? drainBlockers({ nodes: p.nodes.map((x) => ({ name: x.node, draining: x.step === 'cordoned' })), pods, pdbs, podSelector: drain.podSelector }).map(drainBlockerText).join('; ')
      : '';
    const line = `${p.done}/${p.total} nodes on ${phase.hop.version}${p.nodes.filter((x) => x.step !== 'done' && x.step !== 'pending').map((x) => `; ${x.node} ${x.step}`).join('')}${blocked ? `; ${blocked}` : ''}`;
    if (line !== said) {
      said = line;
      ctx.callbacks.onProgress?.(phase.id, line);
    }
    if (p.failure !== undefined) return p;
    return p.complete && p.done === p.total ? p : undefined;
  }, { timeoutMs, signal: ctx.signal, what: `the nodes of Plan ${phase.sucPlan}` });
  const unwritten = await steps.flush();
  if (unwritten) return err(unwritten);
  if (!r.ok) {
    if (r.error.kind === 'aborted') return err('cancelled');
    if (r.error.kind === 'timeout') return ok({ outcome: 'failed', reason: `${r.error.message} (${said || 'no progress read'})` });
    return err(`the Plan and nodes could not be watched: ${r.error.message}`);
  }
  if (r.value.failure !== undefined) return ok({ outcome: 'failed', reason: `the upgrade Job failed: ${r.value.failure}${blocked ? ` (${blocked})` : ''}` });
  return ok({ outcome: 'done', reason: `${r.value.total} node${r.value.total === 1 ? '' : 's'} on ${phase.hop.version}` });
}
