import type { WriteTarget } from '../backups/types';
import type { ClusterSnapshot } from '../cluster';
import type { Result } from '../../common/result';
import type { JournalCluster, JournalEntry } from '../journal/entries';
import { type ParsedJournal, isJournalEntry, isJournalRecord, parseJournal } from '../journal/lines';
import type { Evidence, ObjectRef } from '../preflight/result';
import type { GateResult } from './gates';
import { NODE_STEPS, type NodeStep } from './progress';
import type { PhaseHop, RunPhase, RunPhaseKind } from './phases';

/**
 * What a run adds to the journal beside the plan (`<plan>.journal.jsonl`), and the state of the last run
 * read back from it, to resume after a crash or reload, or to roll back. Same rules as the other
 * entries (journal/entries.ts): plain data, one entry per line, no secrets, never object contents.
 */

interface RunEntryBase {
  /** ISO 8601. */
  readonly at: string;
  /** The plan's `metadata.name`. */
  readonly plan: string;
  readonly cluster: JournalCluster;
  readonly runId: string;
}

/** A node as the run found it, so that the way back knows what it ran and whether it was cordoned already. */
export interface RunNodeAtStart {
  readonly name: string;
  readonly version: string;
  readonly server: boolean;
  readonly unschedulable: boolean;
}

export interface RunStartedEntry extends RunEntryBase {
  readonly type: 'run-started';
  readonly phases: readonly { readonly id: string; readonly kind: RunPhaseKind; readonly title: string }[];
  readonly nodes: readonly RunNodeAtStart[];
  readonly rookOperator?: { readonly namespace: string; readonly name: string; readonly image: string | undefined };
  readonly cephClusters?: readonly { readonly namespace: string; readonly name: string; readonly image: string | undefined }[];
  /** `gitops`: the plan's `strategy.apply` — the run waits for git to apply its changes and writes none itself. */
  readonly apply?: 'gitops';
}

/** The run picked up again (after a reload, a crash, a pause) from `fromPhase`. */
export interface RunResumedEntry extends RunEntryBase {
  readonly type: 'run-resumed';
  readonly fromPhase: string | undefined;
  readonly reason: string;
}

export interface PhaseStartedEntry extends RunEntryBase {
  readonly type: 'phase-started';
  readonly phaseId: string;
  readonly kind: RunPhaseKind;
  readonly hop?: PhaseHop;
  /** The nodes the phase touches, as resolved when it started (a canary by selector included). */
  readonly nodes?: readonly string[];
}

export type WriteOutcome = 'ok' | 'refused' | 'conflict' | 'absent' | 'failed';

/** One change sent to the API server (not a dry run): what, the resourceVersions around it, and the answer. */
export interface WriteEntry extends RunEntryBase {
  readonly type: 'write';
  readonly phaseId?: string;
  readonly verb: 'create' | 'patch' | 'delete';
  readonly description: string;
  readonly object: ObjectRef;
  readonly resource: WriteTarget;
  readonly beforeResourceVersion?: string;
  readonly afterResourceVersion?: string;
  readonly outcome: WriteOutcome;
  /** The API server's reason when not ok. */
  readonly message?: string;
  /** The fields changed, before and after (`image`, `unschedulable`), never whole objects. */
  readonly before?: Evidence;
  readonly after?: Evidence;
}

/** A node of a K3s phase moved to another step (as the cluster showed it: cordoned, upgrading, done). */
export interface NodeStepEntry extends RunEntryBase {
  readonly type: 'node-step';
  readonly phaseId: string;
  readonly node: string;
  readonly step: NodeStep;
  /** The kubelet version the node reported then. */
  readonly version?: string;
}

/**
 * A change the run waited for in GitOps mode, seen applied (by Flux, Argo CD) and checked against the plan:
 * the object, its resourceVersion then, and the fields that matter before and after (`image`, `version`).
 */
export interface GitOpsAppliedEntry extends RunEntryBase {
  readonly type: 'gitops-applied';
  readonly phaseId: string;
  readonly description: string;
  readonly object: ObjectRef;
  readonly resourceVersion?: string;
  readonly before?: Evidence;
  readonly after?: Evidence;
}

/** The run waits for the plan's maintenance window before `phaseId` (written once per wait). */
export interface WindowWaitEntry extends RunEntryBase {
  readonly type: 'window-wait';
  readonly phaseId: string;
  readonly opensAt: string;
  readonly opensInMinutes: number;
}

export interface GateEntry extends RunEntryBase {
  readonly type: 'gate';
  readonly phaseId: string;
  readonly result: GateResult;
}

export interface PhaseDoneEntry extends RunEntryBase {
  readonly type: 'phase-done';
  readonly phaseId: string;
  readonly outcome: 'done' | 'failed' | 'skipped';
  readonly reason?: string;
}

export interface RunPausedEntry extends RunEntryBase {
  readonly type: 'run-paused';
  readonly phaseId?: string;
  readonly reason: string;
}

/** Cancel: what was done, what was not, and what was cleaned up (Plans deleted, nodes uncordoned). */
export interface RunCancelledEntry extends RunEntryBase {
  readonly type: 'run-cancelled';
  readonly reason: string;
  readonly done: readonly string[];
  readonly notDone: readonly string[];
  readonly cleanup: readonly string[];
}

export type RunOutcome = 'succeeded' | 'failed' | 'stopped' | 'cancelled' | 'rolled-back';

export interface RunFinishedEntry extends RunEntryBase {
  readonly type: 'run-finished';
  readonly outcome: RunOutcome;
  readonly reason: string;
}

export interface RollbackStepEntry extends RunEntryBase {
  readonly type: 'rollback-step';
  readonly stepId: string;
  readonly title: string;
  /** `nothing`: there was nothing to undo for this step. */
  readonly outcome: 'done' | 'failed' | 'manual' | 'not-possible' | 'nothing';
  readonly message?: string;
}

export type RunEntry =
  | RunStartedEntry | RunResumedEntry | PhaseStartedEntry | WriteEntry | GateEntry | PhaseDoneEntry
  | RunPausedEntry | RunCancelledEntry | RunFinishedEntry | RollbackStepEntry | NodeStepEntry | WindowWaitEntry | GitOpsAppliedEntry;

export const RUN_ENTRY_TYPES: readonly RunEntry['type'][] = [
  'run-started', 'run-resumed', 'phase-started', 'write', 'gate', 'phase-done', 'run-paused', 'run-cancelled', 'run-finished', 'rollback-step', 'node-step', 'window-wait', 'gitops-applied',
];

/** Whether a parsed journal line is a run entry (the fields every entry has, a known type and a run id). */
export function isRunEntry(v: unknown): v is RunEntry {
  return isJournalRecord(v) && (RUN_ENTRY_TYPES as readonly string[]).includes(v.type) && typeof v.runId === 'string';
}

/** A journal beside a plan as a run reads it back: the entries of journal/entries.ts and the run's own. */
export function parseRunJournal(text: string): Result<ParsedJournal<JournalEntry | RunEntry>> {
  return parseJournal(text, (v): v is JournalEntry | RunEntry => isJournalEntry(v) || isRunEntry(v));
}

/** An object the run created and has not deleted since: what a resume reattaches to, a cancel or rollback deletes. */
export interface CreatedObject {
  readonly object: ObjectRef;
  readonly resource: WriteTarget;
  readonly phaseId: string | undefined;
}

export interface RunJournalState {
  readonly runId: string;
  readonly plan: string;
  readonly cluster: JournalCluster;
  readonly startedAt: string;
  readonly phases: RunStartedEntry['phases'];
  readonly nodesAtStart: readonly RunNodeAtStart[];
  readonly rookOperatorAtStart: RunStartedEntry['rookOperator'];
  readonly cephClustersAtStart: RunStartedEntry['cephClusters'];
  /** How the run's changes reach the cluster: made by the run, or applied from git and watched (strategy.apply). */
  readonly apply: 'direct' | 'gitops';
  /** GitOps mode: the objects seen applied from git, in order (the way back reverts them in git, not through the API). */
  readonly appliedFromGit: readonly GitOpsAppliedEntry[];
  /** A run-finished entry closes the run. */
  readonly finished: boolean;
  readonly outcome: RunOutcome | undefined;
  readonly cancelled: boolean;
  /** The last run-paused entry, when nothing started since. */
  readonly paused: { readonly phaseId: string | undefined; readonly reason: string; readonly at: string } | undefined;
  /** Phases done (or skipped), in journal order. */
  readonly completed: readonly string[];
  readonly lastCompleted: string | undefined;
  /** Started and neither done nor failed: where a crash interrupted the run. */
  readonly inProgress: string | undefined;
  /** The last phase that failed, when it has not been started again. */
  readonly failedPhase: string | undefined;
  /** Where a resume continues: the phase in progress, the failed one, else the first not completed. */
  readonly resumeFrom: string | undefined;
  readonly created: readonly CreatedObject[];
  /**
   * Nodes the run's phases touched (cordoned by its Plans, or by itself) that were schedulable at the
   * start and not uncordoned by the run since: uncordon those that are still cordoned.
   */
  readonly cordoned: readonly string[];
  /** Successful patches (Rook operator image, Ceph image, …), in order, with the fields before and after. */
  readonly patches: readonly WriteEntry[];
  /** The phase-started entries of K3s node phases, in order (their hop tells the version before and after). */
  readonly k3sPhases: readonly PhaseStartedEntry[];
  /** phase id → when it was last started and done. */
  readonly phaseStartedAt: Readonly<Record<string, string>>;
  readonly doneAt: Readonly<Record<string, string>>;
  /** The run waits for the maintenance window before this phase (a window-wait entry, nothing started since). */
  readonly waiting: { readonly phaseId: string; readonly opensAt: string } | undefined;
  /** The hops the run started, in order (phase-started entries; each hop once). */
  readonly hops: readonly PhaseHop[];
  /** When the run-finished entry was written. */
  readonly finishedAt: string | undefined;
  /** phase id → its nodes as last journalled (node-step entries), in the order they first moved. */
  readonly nodeSteps: Readonly<Record<string, readonly NodeStepRow[]>>;
}

/** A node of a K3s phase as the journal last saw it: its step, version, and when it first moved and reached that step. */
export interface NodeStepRow {
  readonly node: string;
  readonly step: NodeStep;
  readonly version: string | undefined;
  /** The first node-step entry of this node in the phase. */
  readonly since: string;
  /** The entry that set the current step. */
  readonly at: string;
}

const K3S_KINDS: readonly RunPhaseKind[] = ['k3s-servers', 'k3s-canary', 'k3s-agents'];
const isRun = (e: { type: string }): e is RunEntry => (RUN_ENTRY_TYPES as readonly string[]).includes(e.type);

/**
 * The last run in `entries` (journal order), as far as the journal tells: undefined when there is none.
 * Linear in the entries. A torn last line was already skipped by the parser; whatever the run did
 * after its last entry is for the caller to read from the cluster (the Plans by the run's label).
 */
export function runStateFromJournal(entries: readonly (JournalEntry | RunEntry)[]): RunJournalState | undefined {
  let start: RunStartedEntry | undefined;
  for (const e of entries) if (e.type === 'run-started') start = e;
  if (!start) return undefined;
  const runId = start.runId;
  const mine = entries.filter((e): e is RunEntry => isRun(e) && e.runId === runId);
  const completed: string[] = [];
  const startedAt: Record<string, string> = {};
  const doneAt: Record<string, string> = {};
  let inProgress: string | undefined;
  let failedPhase: string | undefined;
  let paused: RunJournalState['paused'];
  let waiting: RunJournalState['waiting'];
  let finished: RunFinishedEntry | undefined;
  let cancelled = false;
  const created = new Map<string, CreatedObject>();
  const touched = new Set<string>();
  const uncordoned = new Set<string>();
  const patches: WriteEntry[] = [];
  const appliedFromGit: GitOpsAppliedEntry[] = [];
  const k3sPhases: PhaseStartedEntry[] = [];
  const nodeSteps: Record<string, Map<string, NodeStepRow>> = {};
  const hops = new Map<number, PhaseHop>();
  const key = (o: ObjectRef): string => `${o.kind}/${o.namespace ?? ''}/${o.name}`;
  for (const e of mine) {
    switch (e.type) {
      case 'window-wait':
        if (typeof e.phaseId === 'string' && typeof e.opensAt === 'string') waiting = { phaseId: e.phaseId, opensAt: e.opensAt };
        break;
      case 'phase-started':
        waiting = undefined;
        startedAt[e.phaseId] = e.at;
        if (e.hop && typeof e.hop.index === 'number' && !hops.has(e.hop.index)) hops.set(e.hop.index, e.hop);
        inProgress = e.phaseId;
        paused = undefined;
        if (failedPhase === e.phaseId) failedPhase = undefined;
        if (K3S_KINDS.includes(e.kind)) {
          k3sPhases.push(e);
          for (const n of e.nodes ?? []) {
            touched.add(n);
            uncordoned.delete(n);
          }
        }
        break;
      case 'phase-done':
        doneAt[e.phaseId] = e.at;
        if (inProgress === e.phaseId) inProgress = undefined;
        if (e.outcome === 'failed') failedPhase = e.phaseId;
        else if (!completed.includes(e.phaseId)) completed.push(e.phaseId);
        break;
      case 'write':
        if (e.outcome !== 'ok' && !(e.verb === 'delete' && e.outcome === 'absent')) break;
        if (e.verb === 'create') created.set(key(e.object), { object: e.object, resource: e.resource, phaseId: e.phaseId });
        else if (e.verb === 'delete') created.delete(key(e.object));
        else patches.push(e);
        if (e.verb === 'patch' && e.object.kind === 'Node') {
          if (e.after?.unschedulable === true) {
            touched.add(e.object.name);
            uncordoned.delete(e.object.name);
          } else if (e.after?.unschedulable === false) uncordoned.add(e.object.name);
        }
        break;
      case 'node-step': {
        // Read back from a file: only well-formed rows.
        if (typeof e.node !== 'string' || typeof e.phaseId !== 'string' || !NODE_STEPS.includes(e.step)) break;
        const rows = (nodeSteps[e.phaseId] ??= new Map());
        const prev = rows.get(e.node);
        rows.set(e.node, { node: e.node, step: e.step, version: e.version, since: prev?.since ?? e.at, at: e.at });
        break;
      }
      case 'gitops-applied':
        if (typeof e.phaseId === 'string' && e.object && typeof e.object.name === 'string') appliedFromGit.push(e);
        break;
      case 'run-paused':
        paused = { phaseId: e.phaseId, reason: e.reason, at: e.at };
        break;
      case 'run-resumed':
        paused = undefined;
        break;
      case 'run-cancelled':
        cancelled = true;
        break;
      case 'run-finished':
        finished = e;
        break;
      default:
        break;
    }
  }
  const before = new Set(start.nodes.filter((n) => n.unschedulable).map((n) => n.name));
  const cordoned = [...touched].filter((n) => !before.has(n) && !uncordoned.has(n));
  const order = start.phases.map((p) => p.id);
  const firstOpen = order.find((id) => !completed.includes(id));
  return {
    runId, plan: start.plan, cluster: start.cluster, startedAt: start.at, phases: start.phases,
    nodesAtStart: start.nodes, rookOperatorAtStart: start.rookOperator, cephClustersAtStart: start.cephClusters,
    apply: start.apply === 'gitops' ? 'gitops' : 'direct', appliedFromGit,
    finished: finished !== undefined, outcome: finished?.outcome, cancelled, paused, waiting: finished || paused ? undefined : waiting,
    completed, lastCompleted: completed[completed.length - 1], inProgress, failedPhase,
    resumeFrom: finished ? undefined : inProgress ?? failedPhase ?? firstOpen,
    created: [...created.values()], cordoned, patches, k3sPhases, phaseStartedAt: startedAt, doneAt,
    hops: [...hops.values()].sort((a, b) => a.index - b.index), finishedAt: finished?.at,
    nodeSteps: Object.fromEntries(Object.entries(nodeSteps).map(([id, rows]) => [id, [...rows.values()]])),
  };
}

/**
 * The run-started entry: the phases, and what the way back needs to know of the cluster as the run
 * found it (every node's version and whether it was cordoned, the Rook operator's and Ceph's images).
 */
export function runStartedEntry(base: { at: string; plan: string; cluster: JournalCluster; runId: string }, phases: readonly RunPhase[], snapshot: ClusterSnapshot, apply: 'direct' | 'gitops' = 'direct'): RunStartedEntry {
  const op = snapshot.components.rookOperator;
  const cc = snapshot.components.cephClusters;
  return {
    ...base,
    type: 'run-started',
    phases: phases.map((p) => ({ id: p.id, kind: p.kind, title: p.title })),
    nodes: snapshot.nodes.state === 'ok' ? snapshot.nodes.value.map((n) => ({ name: n.name, version: n.kubeletVersion, server: n.isServer, unschedulable: n.unschedulable })) : [],
    ...(op.state === 'ok' ? { rookOperator: { namespace: op.value.namespace, name: op.value.name, image: op.value.image } } : {}),
    ...(cc.state === 'ok' ? { cephClusters: cc.value.map((c) => ({ namespace: c.namespace, name: c.name, image: c.image })) } : {}),
    ...(apply === 'gitops' ? { apply } : {}),
  };
}
