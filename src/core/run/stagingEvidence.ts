import { type Result, err, ok } from '../../common/result';
import { type ItemPatch, STAGING_ITEM, TOOL_EVIDENCE_PREFIX, type Tick, findChecklistEntry, planChecklist } from '../plans';
import { compileUserRegex } from '../text/userRegex';
import type { RunJournalState } from './journal';

/**
 * "The same path tested on a staging cluster", ticked by the tool: the last run of another plan's
 * journal in the workspace that succeeded on a context matching `upgradePlanner.stagingContexts` (a
 * user regex, on RE2) and went through exactly the same hops (component and version, in order) as this
 * plan. The evidence names the run, its plan and context, when it finished and the journal (the link).
 */

/** A journal beside a plan in the workspace, read back: its path (workspace-relative) and its last run. */
export interface JournalRun {
  readonly journal: string;
  readonly state: RunJournalState;
}

export interface StagingEvidence {
  readonly runId: string;
  readonly plan: string;
  readonly context: string;
  readonly finishedAt: string;
  readonly journal: string;
}

/** Whether a context is a staging one; an empty or invalid pattern makes none staging (with the reason). */
export function stagingMatcher(pattern: string): Result<(context: string) => boolean> {
  if (!pattern.trim()) return err('upgradePlanner.stagingContexts is empty: no context counts as staging');
  const re = compileUserRegex(pattern);
  if (!re.ok) return err(`upgradePlanner.stagingContexts is not a valid pattern: ${re.error}`);
  return ok((context) => re.value.test(context));
}

interface PlanLike {
  readonly hops?: unknown;
  readonly cluster?: { readonly contextName?: unknown };
}

function planHops(plan: unknown): string[] | undefined {
  const hops = (plan as PlanLike | undefined)?.hops;
  if (!Array.isArray(hops) || !hops.length) return undefined;
  const out: string[] = [];
  for (const h of hops as unknown[]) {
    const r = h as { component?: unknown; version?: unknown } | null;
    if (typeof r?.component !== 'string' || typeof r.version !== 'string') return undefined;
    out.push(`${r.component} ${r.version}`);
  }
  return out;
}

/** The newest staging run that proves `plan`'s path, if any (`plan` as plain data: ParsedPlan.value). */
export function stagingEvidenceFor(plan: unknown, runs: readonly JournalRun[], isStaging: (context: string) => boolean): StagingEvidence | undefined {
  const want = planHops(plan);
  if (!want) return undefined;
  const own = (plan as PlanLike).cluster?.contextName;
  const fits = runs.filter(({ state }) =>
    state.outcome === 'succeeded' && state.finishedAt !== undefined && state.cluster.context !== own && isStaging(state.cluster.context)
    && state.hops.map((h) => `${h.component} ${h.version}`).join('\n') === want.join('\n'));
  const newest = fits.sort((a, b) => Date.parse(b.state.finishedAt ?? '') - Date.parse(a.state.finishedAt ?? ''))[0];
  if (!newest) return undefined;
  const s = newest.state;
  return { runId: s.runId, plan: s.plan, context: s.cluster.context, finishedAt: s.finishedAt ?? '', journal: newest.journal };
}

/** The evidence as the checklist records it. */
export function stagingEvidenceText(e: StagingEvidence): string {
  return `${TOOL_EVIDENCE_PREFIX}run ${e.runId} of plan ${e.plan} succeeded on staging context ${e.context} at ${e.finishedAt} (${e.journal})`;
}

/** Ticks STAGING_ITEM with `evidence`, unless it is ticked with that evidence already. */
export function stagingPatches(plan: unknown, evidence: StagingEvidence, tick: Tick): Result<ItemPatch[]> {
  const entry = findChecklistEntry(planChecklist(plan), STAGING_ITEM);
  const text = stagingEvidenceText(evidence);
  if (entry?.written?.state === 'done' && entry.written.evidence === text) return ok([]);
  return ok([{ id: STAGING_ITEM, title: entry?.title ?? STAGING_ITEM, required: entry?.required ?? true, state: 'done', evidence: text, by: tick.by, at: tick.at }]);
}
