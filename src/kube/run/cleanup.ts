import type { ApiNode } from '../../core/cluster/apiObjects';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import { planDeletion, uncordonStep } from '../../core/run/cancel';
import type { RunJournalState } from '../../core/run/journal';
import { RUN_ID_LABEL, RUN_PLAN_LABEL, labelValue } from '../../core/run/names';
import { type RunWrite, SUC_PLANS, deleteWrite } from '../../core/run/writes';
import type { KubeClient } from '../client';
import { watchUntil } from '../backups/watchUntil';
import { NODES } from '../discovery';
import { withNodes } from './clusterView';
import type { RunRecorder } from './runJournal';
import { makeWrites } from './runWrites';

/**
 * What cancel and stop do on the cluster (core/run/cancel): delete the Plans the run created (those
 * the journal names, and any carrying the run's label that a crash kept out of the journal), wait until
 * they are gone, then uncordon the nodes the run cordoned that are cordoned now. A controller may still
 * cordon a node from a Plan it read before the delete (its Job runs on), so the nodes are watched for
 * SETTLE_MS after: a node cordoned again is uncordoned again, at most ROUNDS times.
 */

/** How long the nodes must stay uncordoned after the Plans are gone before the cleanup ends. */
export const SETTLE_MS = 2_000;
const ROUNDS = 3;
/** The whole cleanup, deletes and uncordons together, per wait. */
export const CLEANUP_WAIT_MS = 30_000;

export interface CleanupContext {
  readonly client: KubeClient;
  readonly recorder: RunRecorder;
  /** The SUC namespace the run's Plans are in. */
  readonly namespace: string;
  readonly base: ClusterSnapshot;
  /** Not the run's signal (cancelled already): the cleanup's own. */
  readonly signal?: AbortSignal;
  readonly onProgress?: (message: string) => void;
  /**
   * GitOps mode: the Plans came from git and are not deleted (Flux or Argo CD would apply them again). While
   * any of them is still in the cluster its controller goes on cordoning and upgrading, so the nodes are left
   * as they are and the result says what to revert in git.
   */
  readonly fromGit?: { readonly plans: readonly string[]; readonly plan: string };
}

export interface CleanupResult {
  /** One line per change made (`delete Plan …`, `uncordon Node …`). */
  readonly done: readonly string[];
  /** One line per change that failed, with the API server's reason. */
  readonly failed: readonly string[];
}

/** Deletes the run's Plans and uncordons what it cordoned; `state` is the run as journalled so far. */
export async function cleanUpRun(ctx: CleanupContext, state: () => RunJournalState): Promise<CleanupResult> {
  const done: string[] = [];
  const failed: string[] = [];
  const wctx = { client: ctx.client, recorder: ctx.recorder, signal: ctx.signal };
  const run = async (writes: readonly RunWrite[], evidence?: Parameters<typeof makeWrites>[3]): Promise<void> => {
    for (const w of writes) {
      const r = await makeWrites(wctx, undefined, [w], evidence);
      if (r.ok) done.push(w.description);
      else failed.push(r.error);
    }
  };

  // The Plans: the journal's, and any with the run's label.
  const s0 = state();
  const ref = SUC_PLANS(ctx.namespace);
  const selector = `${RUN_ID_LABEL}=${s0.runId}`;
  const journalled = planDeletion(s0).writes;
  const labelled = await ctx.client.list<{ metadata?: { name?: string } }>(ref, { labelSelector: selector, signal: ctx.signal });
  const extra = labelled.ok
    ? labelled.value.items.map((p) => p.metadata?.name ?? '').filter((n) => n && !journalled.some((w) => w.object.name === n)).map((name) => deleteWrite({ kind: 'Plan', namespace: ctx.namespace, name }, ref, 'stop upgrading'))
    : [];
  ctx.onProgress?.('deleting the run\'s Plans');
  await run([...journalled, ...extra]);
  const gone = await watchUntil(ctx.client, ref, (items) => (items.length === 0 ? true : undefined), { labelSelector: selector, timeoutMs: CLEANUP_WAIT_MS, signal: ctx.signal, what: `the Plans of run ${s0.runId}` });
  if (!gone.ok) failed.push(`the run's Plans were not seen gone: ${gone.error.message}`);

  // GitOps: the nodes are uncordoned only once git's Plans are gone (or finished: a done node is not cordoned again).
  const mine = new Set(s0.cordoned);
  if (ctx.fromGit && mine.size) {
    const git = ctx.fromGit;
    // Git's Plans: by name, or by the plan's label the export puts on them.
    const present = await ctx.client.list<{ metadata?: { name?: string; labels?: Record<string, string> } }>(ref, { signal: ctx.signal });
    const still = present.ok
      ? present.value.items.filter((p) => git.plans.includes(p.metadata?.name ?? '') || p.metadata?.labels?.[RUN_PLAN_LABEL] === labelValue(git.plan)).map((p) => p.metadata?.name ?? '')
      : [];
    if (!present.ok) failed.push(`the Plans from git could not be listed: ${present.error.message}; the nodes are left as they are`);
    else if (still.length) {
      const nodes = await ctx.client.list<ApiNode>(NODES, { signal: ctx.signal });
      const cordonedNow = nodes.ok ? nodes.value.items.filter((n) => mine.has(n.metadata?.name ?? '') && n.spec?.unschedulable === true).map((n) => n.metadata?.name ?? '') : [...mine];
      const why = `Plans ${still.join(', ')} came from git and are still in the cluster, so system-upgrade-controller goes on; revert them in git`;
      failed.push(cordonedNow.length ? `uncordon ${cordonedNow.join(', ')}: ${why}, then Roll Back Run uncordons what is left` : why);
    }
    if (!present.ok || still.length) return { done, failed };
  }
  // The nodes: uncordon, then watch that they stay so.
  const evidence = (): { before: { unschedulable: boolean }; after: { unschedulable: boolean } } => ({ before: { unschedulable: true }, after: { unschedulable: false } });
  for (let round = 0; round < ROUNDS && mine.size; round++) {
    const listed = await ctx.client.list<ApiNode>(NODES, { signal: ctx.signal });
    if (!listed.ok) {
      failed.push(`the nodes could not be listed to uncordon them: ${listed.error.message}`);
      break;
    }
    const step = uncordonStep({ ...state(), cordoned: [...mine] }, withNodes(ctx.base, listed.value.items));
    if (step.writes.length) ctx.onProgress?.(`uncordoning ${step.writes.map((w) => w.object.name).join(', ')}`);
    await run(step.writes, evidence);
    const again = await watchUntil<ApiNode, string>(ctx.client, NODES, (nodes) => nodes.find((n) => mine.has(n.metadata?.name ?? '') && n.spec?.unschedulable === true)?.metadata?.name, { timeoutMs: SETTLE_MS, signal: ctx.signal, what: 'the uncordoned nodes' });
    if (!again.ok) break; // settled (or cannot watch: what was done stands)
  }
  return { done, failed };
}
