import { type Result, err, ok } from '../../common/result';
import type { NotesRange } from '../releaseNotes/model';
import type { ItemPatch } from './checklistEdits';
import { planRanges } from '../releaseNotes/planRanges';
import { type ChecklistItem, type ChecklistState, type ComponentName, COMPONENT_NAMES } from './model';

/** The default checklist (DESIGN.md "Checklist"): the practice every plan starts from, refined by its components. */
export function defaultChecklist(components: readonly ComponentName[], options: { velero?: boolean } = {}): ChecklistItem[] {
  const items: ChecklistItem[] = [
    { id: 'release-notes-reviewed', title: 'Release notes reviewed for every hop (breaking changes, CVEs, removed APIs)', state: 'pending', required: true },
    { id: 'staging-tested', title: 'The same path tested on a staging cluster', state: 'pending', required: true },
    { id: 'backup-verified', title: `Backups taken and verified (etcd snapshot${options.velero ? ', Velero backup' : ''}, manifest export)`, state: 'pending', required: true },
    { id: 'rollback-rehearsed', title: 'Rollback rehearsed: snapshot restore steps known for every minor', state: 'pending', required: true },
    { id: 'monitoring-ready', title: 'Monitoring and alerting watched during the upgrade', state: 'pending', required: true },
    { id: 'phased-rollout', title: 'Phased rollout: canary first, then batches, soak time between phases', state: 'pending', required: true },
  ];
  if (components.includes('rook') || components.includes('ceph')) {
    items.push({ id: 'ceph-healthy', title: 'Ceph HEALTH_OK with all PGs active+clean before starting', state: 'pending', required: true });
  }
  items.push({ id: 'removed-apis-checked', title: 'No removed APIs in use for the target Kubernetes version', state: 'pending', required: true });
  return items;
}

/*
 * The checklist a plan implies, as the Checklist view shows it: the items of the file merged with the
 * default ones, each with a status. "Release notes reviewed" is verified by the tool: per component, a
 * review recorded for exactly the plan's current → target range (`reviewed v1.30.4+k3s1 → v1.33.7+k3s3`);
 * a review of another range no longer counts, and a hand tick says it was overridden.
 */

/** The item that stands for every component's release-notes review. */
export const RELEASE_NOTES_ITEM = 'release-notes-reviewed';
/** The computed item "every risky edge accepted": never written, the plan rules decide it. */
export const RISKY_EDGES_ITEM = 'risky-edges-accepted';
/** The evidence of a verifiable item ticked by hand. */
export const OVERRIDDEN_EVIDENCE = 'overridden by hand';
/** The evidence the tool writes on RELEASE_NOTES_ITEM once every component's notes are reviewed. */
export const ALL_REVIEWED_EVIDENCE = 'every component reviewed for the plan\'s ranges';

/** Items a tool checks elsewhere (Preflight, the Removed APIs diagnostics); ticked by hand once it is clean. */
const LATER: Readonly<Record<string, string>> = {
  'ceph-healthy': 'Preflight checks it live (ceph.health, ceph.mons, ceph.pgs): tick it once those pass',
  'removed-apis-checked': 'Preflight checks the live cluster (apis.removed), the Removed APIs diagnostics the manifests: tick it once both are clean',
};
/** The item "backups taken and verified": ticked by the tool when every backup of a backup run verified. */
export const BACKUP_ITEM = 'backup-verified';
/** How evidence the tool writes begins (BACKUP_ITEM: the backups and their proof; STAGING_ITEM: the staging run and its journal). */
export const TOOL_EVIDENCE_PREFIX = 'verified by the tool: ';
export const BACKUP_EVIDENCE_PREFIX = TOOL_EVIDENCE_PREFIX;
/** The item "the same path tested on a staging cluster": ticked by the tool from a staging run's journal (core/run/stagingEvidence), or by hand with a link. */
export const STAGING_ITEM = 'staging-tested';

/** Items whose tick wants an evidence link. */
const WANTS_LINK: ReadonlySet<string> = new Set([STAGING_ITEM]);

const REVIEW_LABELS: Readonly<Record<NotesRange['component'], string>> = { k3s: 'K3s', rook: 'Rook', ceph: 'Ceph' };

/** How an item gets ticked: by the tool (hand ticks are overrides), by the tool later, by hand, or computed from the plan. */
export type ItemCheck = 'tool' | 'later' | 'hand' | 'computed';

/** The written states, plus verified (by the tool), overridden (a verifiable item ticked by hand), stale (a review of another range). */
export type ItemStatus = ChecklistState | 'verified' | 'overridden' | 'stale';

export interface ChecklistEntry {
  readonly id: string;
  readonly title: string;
  readonly required: boolean;
  readonly check: ItemCheck;
  readonly status: ItemStatus;
  /** One phrase: who ticked it and when, the evidence, or what is missing. */
  readonly detail: string;
  /** The item as the file has it, with its index in `checklist`. */
  readonly written?: ChecklistItem;
  readonly index?: number;
  /** A per-component review: the range it must cover. */
  readonly range?: NotesRange;
  /** The per-component reviews under RELEASE_NOTES_ITEM. */
  readonly children?: readonly ChecklistEntry[];
  /** A tick wants an evidence link (CI run, ticket). */
  readonly wantsLink?: boolean;
}

export interface ChecklistInput {
  /** Messages of the plan's `risky-edge` findings; undefined while the plan rules have not run. */
  readonly riskyEdges?: readonly string[];
}

/** Whether the entry counts as ticked (its checkbox is on). */
export function isTicked(status: ItemStatus): boolean {
  return status !== 'pending' && status !== 'stale';
}

export function reviewItemId(component: NotesRange['component']): string {
  return `release-notes-${component}`;
}

export function reviewTitle(component: NotesRange['component']): string {
  return `${REVIEW_LABELS[component]} release notes reviewed`;
}

/** The evidence of a review of exactly this range. */
export function reviewEvidence(range: Pick<NotesRange, 'from' | 'to'>): string {
  return `reviewed ${range.from} → ${range.to}`;
}

const REVIEW_RE = /^reviewed (\S+) → (\S+)$/;

/** The plan's checklist as the view shows it. `plan` is the plan as plain data (ParsedPlan.value), checked loosely. */
export function planChecklist(plan: unknown, input: ChecklistInput = {}): ChecklistEntry[] {
  const written = writtenItems(plan);
  const byId = new Map<string, { item: ChecklistItem; index: number }>();
  for (const w of written) if (!byId.has(w.item.id)) byId.set(w.item.id, w);
  const ranges = planRanges(plan);
  const reviewIds = new Set(ranges.map((r) => reviewItemId(r.component)));
  const components = Object.keys(record(record(plan).components)).filter((c): c is ComponentName => (COMPONENT_NAMES as readonly string[]).includes(c));
  const defaults = defaultChecklist(components, { velero: Object.prototype.hasOwnProperty.call(record(record(plan).backups), 'velero') });
  const order = [...new Set([...written.map((w) => w.item.id).filter((id) => !reviewIds.has(id)), ...defaults.map((d) => d.id)])];
  const entries = order.map((id): ChecklistEntry => {
    const w = byId.get(id);
    const fallback = defaults.find((d) => d.id === id);
    const base = { id, title: w?.item.title ?? fallback?.title ?? id, required: (w?.item.required ?? fallback?.required ?? true) !== false, ...(w ? { written: w.item, index: w.index } : {}) };
    if (id === RELEASE_NOTES_ITEM && ranges.length > 0) return notesEntry(base, ranges.map((r) => reviewEntry(r, byId.get(reviewItemId(r.component)))));
    if (id === BACKUP_ITEM) return backupEntry(base, w?.item);
    const later = LATER[id];
    const wantsLink = WANTS_LINK.has(id);
    // A staging run found by the tool: verified, its evidence the run and its journal.
    if (w?.item.state === 'done' && w.item.evidence?.startsWith(TOOL_EVIDENCE_PREFIX) && id === STAGING_ITEM) {
      return { ...base, check: 'hand', status: 'verified', detail: `${w.item.evidence.slice(TOOL_EVIDENCE_PREFIX.length)}${whoWhen(w.item)}` };
    }
    return { ...base, check: later ? 'later' : 'hand', status: w?.item.state ?? 'pending', detail: handDetail(w?.item, later, wantsLink), ...(wantsLink ? { wantsLink } : {}) };
  });
  entries.push(riskyEntry(input.riskyEdges));
  return entries;
}

function backupEntry(base: Omit<ChecklistEntry, 'check' | 'status' | 'detail'>, item: ChecklistItem | undefined): ChecklistEntry {
  const entry = { ...base, check: 'tool' as const };
  if (!item || item.state === 'pending') return { ...entry, status: 'pending', detail: 'taken and verified by the tool: "Back Up Before Upgrading…" (or the run\'s backup phase)' };
  if (item.state !== 'done') return { ...entry, status: item.state, detail: `${item.state === 'waived' ? 'waived' : 'not applicable'}${item.evidence ? `: ${item.evidence}` : ''}${whoWhen(item)}` };
  if (item.evidence?.startsWith(BACKUP_EVIDENCE_PREFIX)) return { ...entry, status: 'verified', detail: `${item.evidence.slice(BACKUP_EVIDENCE_PREFIX.length)}${whoWhen(item)}` };
  return { ...entry, status: 'overridden', detail: `ticked by hand, not verified by the tool${item.evidence && item.evidence !== OVERRIDDEN_EVIDENCE ? ` (${item.evidence})` : ''}${whoWhen(item)}` };
}

/**
 * The change that records verified backups on BACKUP_ITEM, by the tool: `what` names each backup and
 * its proof (`etcd snapshot X on k3s-server-1 (18 MB); export backups/… (42 files, SHA256SUMS 3f…)`).
 */
export function backupPatches(plan: unknown, what: string, tick: Tick): Result<ItemPatch[]> {
  const entry = findChecklistEntry(planChecklist(plan), BACKUP_ITEM);
  const title = entry?.title ?? defaultChecklist([]).find((d) => d.id === BACKUP_ITEM)?.title ?? BACKUP_ITEM;
  if (!what.trim()) return err('No backup was verified: nothing to record.');
  return ok([{ id: BACKUP_ITEM, title, required: entry?.required ?? true, state: 'done', evidence: `${BACKUP_EVIDENCE_PREFIX}${what}`, by: tick.by, at: tick.at }]);
}

function reviewEntry(range: NotesRange, w: { item: ChecklistItem; index: number } | undefined): ChecklistEntry {
  const base = { id: reviewItemId(range.component), title: w?.item.title ?? reviewTitle(range.component), required: w?.item.required !== false, range, check: 'tool' as const, ...(w ? { written: w.item, index: w.index } : {}) };
  const want = `${range.from} → ${range.to}`;
  const item = w?.item;
  if (!item || item.state === 'pending') return { ...base, status: 'pending', detail: `not reviewed yet: ${want}` };
  if (item.state !== 'done') return { ...base, status: item.state, detail: `${item.state}${item.evidence ? `: ${item.evidence}` : ''}` };
  if (item.evidence === reviewEvidence(range)) return { ...base, status: 'verified', detail: `reviewed ${want}${whoWhen(item)}` };
  const m = item.evidence ? REVIEW_RE.exec(item.evidence) : null;
  if (m) return { ...base, status: 'stale', detail: `reviewed ${m[1]} → ${m[2]}, but the plan now goes ${want}: review again` };
  return { ...base, status: 'overridden', detail: `ticked by hand, not verified by the tool${item.evidence && item.evidence !== OVERRIDDEN_EVIDENCE ? ` (${item.evidence})` : ''}${whoWhen(item)}` };
}

function notesEntry(base: Omit<ChecklistEntry, 'check' | 'status' | 'detail'>, children: ChecklistEntry[]): ChecklistEntry {
  const item = base.written;
  const reviewed = children.filter((c) => c.status === 'verified').length;
  const count = `${reviewed} of ${children.length} components reviewed for the plan's ranges`;
  const entry = { ...base, check: 'tool' as const, children };
  if (item && (item.state === 'waived' || item.state === 'not-applicable')) return { ...entry, status: item.state, detail: `${item.state}${item.evidence ? `: ${item.evidence}` : ''}` };
  if (reviewed === children.length) return { ...entry, status: 'verified', detail: count };
  if (item?.state === 'done' && item.evidence !== ALL_REVIEWED_EVIDENCE) return { ...entry, status: 'overridden', detail: `ticked by hand, not verified by the tool; ${count}` };
  if (children.every((c) => isTicked(c.status))) return { ...entry, status: 'overridden', detail: `${count}; ticked by hand: ${children.filter((c) => c.status !== 'verified').map((c) => c.title).join(', ')}` };
  return { ...entry, status: children.some((c) => c.status === 'stale') ? 'stale' : 'pending', detail: count };
}

function riskyEntry(risky: readonly string[] | undefined): ChecklistEntry {
  const base = { id: RISKY_EDGES_ITEM, title: 'Every risky upgrade edge accepted', required: true, check: 'computed' as const };
  if (risky === undefined) return { ...base, status: 'pending', detail: 'not checked yet: the plan rules have not run' };
  if (risky.length === 0) return { ...base, status: 'verified', detail: 'no hop takes a risky edge that is not accepted' };
  return { ...base, status: 'pending', detail: `${risky.length} risky edge${risky.length === 1 ? '' : 's'} not accepted: accept each in acceptedRisks with a reason` };
}

function handDetail(item: ChecklistItem | undefined, later: string | undefined, wantsLink: boolean): string {
  if (!item || item.state === 'pending') return later ?? (wantsLink ? 'needs an evidence link (CI run, ticket)' : 'not done yet');
  const evidence = item.evidence ? `: ${item.evidence}` : wantsLink && item.state === 'done' ? ' — no evidence link' : '';
  return `${item.state}${evidence}${whoWhen(item)}`;
}

function whoWhen(item: ChecklistItem): string {
  return `${item.by ? ` by ${item.by}` : ''}${item.at ? ` on ${item.at.slice(0, 10)}` : ''}`;
}

function record(v: unknown): Record<string, unknown> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {};
}

const STATES: readonly ChecklistState[] = ['pending', 'done', 'waived', 'not-applicable'];

/** The file's checklist items with a string id, loosely (the plan may not pass the schema while it is edited). */
function writtenItems(plan: unknown): { item: ChecklistItem; index: number }[] {
  const list = record(plan).checklist;
  if (!Array.isArray(list)) return [];
  return list.flatMap((raw: unknown, index) => {
    const r = record(raw);
    if (typeof r.id !== 'string' || !r.id) return [];
    const s = (k: string): string | undefined => (typeof r[k] === 'string' ? (r[k]) : undefined);
    const item: ChecklistItem = {
      id: r.id, title: s('title') ?? r.id,
      state: (STATES as readonly unknown[]).includes(r.state) ? (r.state as ChecklistState) : 'pending',
      ...(typeof r.required === 'boolean' ? { required: r.required } : {}),
      ...(s('evidence') !== undefined ? { evidence: s('evidence') } : {}),
      ...(s('by') !== undefined ? { by: s('by') } : {}),
      ...(s('at') !== undefined ? { at: s('at') } : {}),
    };
    return [{ item, index }];
  });
}

/** Who ticks and when (ISO 8601). */
export interface Tick {
  readonly by: string;
  readonly at: string;
}

/** Evidence the tool writes, removed again when the item is unticked (evidence a person wrote stays). */
function isToolEvidence(e: string | undefined): boolean {
  return e === OVERRIDDEN_EVIDENCE || e === ALL_REVIEWED_EVIDENCE || (e !== undefined && (REVIEW_RE.test(e) || e.startsWith(BACKUP_EVIDENCE_PREFIX)));
}

/** The entry `id`, at the top level or under another (a per-component review). */
export function findChecklistEntry(entries: readonly ChecklistEntry[], id: string): ChecklistEntry | undefined {
  for (const e of entries) {
    if (e.id === id) return e;
    const c = e.children?.find((x) => x.id === id);
    if (c) return c;
  }
  return undefined;
}

/**
 * The changes that tick (or untick) an item by hand. A verifiable item ticked by hand is recorded as
 * overridden; unticking clears who, when and the tool's evidence. `evidence` is what the person gave (a link).
 */
export function togglePatches(plan: unknown, id: string, ticked: boolean, tick: Tick, evidence?: string): Result<ItemPatch[]> {
  const entries = planChecklist(plan);
  const entry = findChecklistEntry(entries, id);
  if (!entry) return err(`This plan's checklist has no item "${id}".`);
  if (entry.check === 'computed') return err(`"${entry.title}" follows from the plan itself and cannot be ticked: ${entry.detail}.`);
  const head = { id, title: entry.title, required: entry.required, ...(entry.range ? { groupPrefix: 'release-notes' } : {}) };
  const patch: ItemPatch = ticked
    ? { ...head, state: 'done', by: tick.by, at: tick.at, ...(entry.check === 'tool' ? { evidence: OVERRIDDEN_EVIDENCE } : evidence !== undefined ? { evidence } : {}) }
    : { ...head, state: 'pending', by: null, at: null, ...(isToolEvidence(entry.written?.evidence) ? { evidence: null } : {}) };
  return ok([patch, ...(entry.range ? syncNotesItem(entries, id, ticked, tick) : [])]);
}

/** The changes that record a review of the plan's range of this component, by the tool. */
export function reviewPatches(plan: unknown, component: NotesRange['component'], tick: Tick): Result<ItemPatch[]> {
  const entries = planChecklist(plan);
  const entry = findChecklistEntry(entries, reviewItemId(component));
  if (!entry?.range) return err(`The plan has no ${REVIEW_LABELS[component]} range (current → a different target): nothing to mark reviewed.`);
  const patch: ItemPatch = {
    id: entry.id, title: entry.title, required: entry.required, groupPrefix: 'release-notes',
    state: 'done', evidence: reviewEvidence(entry.range), by: tick.by, at: tick.at,
  };
  return ok([patch, ...syncNotesItem(entries, entry.id, true, tick)]);
}

/**
 * RELEASE_NOTES_ITEM follows its components so that what reads the file (preflight) sees it: done by the
 * tool once every component is ticked, pending again when one is unticked. A hand tick or a waiver is left alone.
 */
function syncNotesItem(entries: readonly ChecklistEntry[], changed: string, ticked: boolean, tick: Tick): ItemPatch[] {
  const parent = entries.find((e) => e.id === RELEASE_NOTES_ITEM);
  if (!parent?.children) return [];
  const all = parent.children.every((c) => (c.id === changed ? ticked : isTicked(c.status)));
  const w = parent.written;
  const byTool = !w || w.state === 'pending' || (w.state === 'done' && w.evidence === ALL_REVIEWED_EVIDENCE);
  if (!byTool) return [];
  const head = { id: parent.id, title: parent.title, required: parent.required };
  if (all) return [{ ...head, state: 'done', evidence: ALL_REVIEWED_EVIDENCE, by: tick.by, at: tick.at }];
  return w?.state === 'done' ? [{ ...head, state: 'pending', evidence: null, by: null, at: null }] : [];
}
