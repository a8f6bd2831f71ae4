import { type Result, err, ok } from '../../common/result';
import { type MinorLine, compareMinor, kubeMinorOf } from '../versions';
import { type ApiLifecycleTable, apiVersionOf, bundledLifecycle, lifecycleOf } from './lifecycle';
import type { ApiLifecycleEntry, GroupVersionKind } from './types';

/** The plan's versions: the cluster's current Kubernetes and the target (`1.30`, `v1.30`, `v1.30.4+k3s1`). */
export interface ApiPlanVersions {
  readonly current: string;
  readonly target: string;
}

export type MigrationChange = 'mechanical' | 'fields' | 'none' | 'unknown';

export interface ApiFinding {
  /** removed: not served at the target (error); deprecated: served at the target, removed later or not scheduled (warning). */
  readonly status: 'removed' | 'deprecated';
  readonly severity: 'error' | 'warning';
  readonly apiVersion: string;
  readonly kind: string;
  readonly entry: ApiLifecycleEntry;
  /** The first minor that does not serve it, when known. */
  readonly removedIn: string | null;
  readonly deprecatedIn: string | null;
  /** True when the removal minor lies on the way: after the current minor, at or before the target. */
  readonly removedOnTheWay: boolean;
  /** Where to move: the replacement chain followed past versions that are removed or deprecated at the target. */
  readonly replacement: GroupVersionKind | null;
  readonly replacementApiVersion: string | null;
  /** The minor the replacement is served from, when known; moving before it is impossible. */
  readonly replacementFrom: string | null;
  /** mechanical: only apiVersion changes; fields: see notes; none: no replacement; unknown: not reviewed. */
  readonly change: MigrationChange;
  /** What else must change (from the reviewed migrations), in the order of the hops. */
  readonly notes: readonly string[];
  /** One sentence for the user. */
  readonly message: string;
}


const MAX_HOPS = 8;

/**
 * What the plan means for one manifest's apiVersion and kind. Removed at or before the target → error (naming the
 * minor it is removed in, on the way or already); deprecated at or before the target and removed later → warning.
 */
export function findingsFor(apiVersion: string, kind: string, plan: ApiPlanVersions, data: ApiLifecycleTable = bundledLifecycle()): Result<ApiFinding | undefined> {
  const current = kubeMinorOf(plan.current);
  const target = kubeMinorOf(plan.target);
  if (!current) return err(`"${plan.current}" is not a Kubernetes version.`);
  if (!target) return err(`"${plan.target}" is not a Kubernetes version.`);
  const entry = lifecycleOf(apiVersion, kind, data);
  if (!entry) return ok(undefined);
  const removed = entry.removed ? kubeMinorOf(entry.removed) : undefined;
  const deprecated = entry.deprecated ? kubeMinorOf(entry.deprecated) : undefined;
  const isRemoved = removed !== undefined && compareMinor(removed, target) <= 0;
  const isDeprecated = deprecated !== undefined && compareMinor(deprecated, target) <= 0;
  if (!isRemoved && !isDeprecated) return ok(undefined);

  const hop = followReplacements(entry, target, data);
  const removedOnTheWay = isRemoved && removed !== undefined && compareMinor(removed, current) > 0;
  const base = {
    apiVersion: apiVersionOf(entry), kind: entry.kind, entry,
    removedIn: entry.removed, deprecatedIn: entry.deprecated, removedOnTheWay,
    replacement: hop.to, replacementApiVersion: hop.to ? apiVersionOf(hop.to) : null, replacementFrom: hop.from,
    change: hop.change, notes: hop.notes,
  };
  const what = `${base.apiVersion} ${entry.kind}`;
  const move = moveSentence(hop);
  if (isRemoved) {
    const when = removedOnTheWay ? `is removed in Kubernetes ${entry.removed}, on the way to ${minorText(target)}` : `is not served since Kubernetes ${entry.removed}`;
    return ok({ ...base, status: 'removed', severity: 'error', message: `${what} ${when}. ${move}` });
  }
  const later = entry.removed ? `; it is removed in ${entry.removed}` : '';
  return ok({ ...base, status: 'deprecated', severity: 'warning', message: `${what} is deprecated since Kubernetes ${entry.deprecated}${later}. ${move}` });
}

interface Hops {
  to: GroupVersionKind | null;
  from: string | null;
  change: MigrationChange;
  notes: string[];
}

/** Follows replacements while the next one is itself removed or deprecated at the target (flowcontrol v1beta1 → v1beta3 → v1). */
function followReplacements(entry: ApiLifecycleEntry, target: MinorLine, data: ApiLifecycleTable): Hops {
  let at = entry;
  let change: MigrationChange = 'mechanical';
  const notes: string[] = [];
  for (let i = 0; i < MAX_HOPS; i++) {
    const m = at.migration;
    if (!at.replacement || m?.change === 'none') return { to: null, from: null, change: 'none', notes: [...notes, ...(m?.notes ?? [])] };
    if (!m) change = change === 'fields' ? 'fields' : 'unknown';
    else if (m.change === 'fields') change = 'fields';
    notes.push(...(m?.notes ?? []));
    const next = data.get(at.replacement);
    const by = (v: string | null | undefined): boolean => !!v && compareMinor(kubeMinorOf(v) ?? target, target) <= 0;
    // Past a replacement that is itself gone at the target, or deprecated there with a successor of its own.
    if (!next || !(by(next.removed) || (by(next.deprecated) && next.replacement))) {
      return { to: at.replacement, from: next?.introduced ?? null, change, notes: [...new Set(notes)] };
    }
    at = next;
  }
  return { to: at.replacement, from: null, change: 'unknown', notes };
}

function moveSentence(hop: Hops): string {
  if (!hop.to) return hop.notes.length > 0 ? hop.notes.join(' ') : 'There is no replacement API.';
  const to = `${apiVersionOf(hop.to)} ${hop.to.kind}`;
  const from = hop.from ? ` (served from ${hop.from})` : '';
  if (hop.change === 'mechanical') return `Use ${to}${from}; only the apiVersion changes.`;
  if (hop.change === 'fields') return `Use ${to}${from}; fields change too: ${hop.notes.join(' ')}`;
  return `Use ${to}${from}; check its schema: what else changes has not been reviewed.`;
}

function minorText(m: MinorLine): string {
  return `${m.major}.${m.minor}`;
}
