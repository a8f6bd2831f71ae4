import { type Result, err, ok } from '../../common/result';
import { MANAGED_BY, PLAN_ANNOTATION } from '../backups/etcdSnapshot';
import { timestampSlug, toDnsLabel } from '../backups/names';

/**
 * How a run names and marks what it creates, so that a later run (or the same one after a crash) finds
 * its objects by label and deletes them: the plan and the run as labels, the phase as an annotation.
 */

export const RUN_PLAN_LABEL = 'upgradeplanner.dev/plan';
export const RUN_ID_LABEL = 'upgradeplanner.dev/run';
export const RUN_PHASE_ANNOTATION = 'upgradeplanner.dev/phase';
/** The node label system-upgrade-controller sets to a Plan's hash once the node ran that Plan: `plan.upgrade.cattle.io/<plan>`. */
export const SUC_NODE_LABEL_PREFIX = 'plan.upgrade.cattle.io/';

const LABEL_VALUE_RE = /^(?:[A-Za-z0-9](?:[-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?)?$/;

/**
 * A run id: `20261127-161200-3f9a1c` from the time it starts and a random nonce the caller draws (the
 * core reads no clock and draws no randomness). A valid label value, so objects carry it.
 */
export function makeRunId(startedAt: string, nonce: string): Result<string> {
  const tail = nonce.toLowerCase().replace(/[^a-z0-9]/g, '').slice(0, 12);
  if (tail.length < 4) return err('a run id needs a nonce of at least 4 letters or digits');
  return ok(`${timestampSlug(startedAt)}-${tail}`);
}

/** A label value for `text`: the text when it is one, else cut to 63 characters and trimmed to end on a letter or digit. */
export function labelValue(text: string): string {
  if (LABEL_VALUE_RE.test(text)) return text;
  const cleaned = text.replace(/[^-A-Za-z0-9_.]/g, '-').slice(0, 63).replace(/^[^A-Za-z0-9]+|[^A-Za-z0-9]+$/g, '');
  return cleaned;
}

/** Whether `text` is a valid label value (at most 63 characters, alphanumeric at both ends). */
export function isLabelValue(text: string): boolean {
  return LABEL_VALUE_RE.test(text);
}

/** The labels every object a run creates carries, and the annotations naming the full plan and the phase. */
export function runMarks(planName: string, runId: string, phaseId: string): { labels: Record<string, string>; annotations: Record<string, string> } {
  return {
    labels: { ...MANAGED_BY, [RUN_PLAN_LABEL]: labelValue(planName), [RUN_ID_LABEL]: labelValue(runId) },
    annotations: { [PLAN_ANNOTATION]: planName, [RUN_PHASE_ANNOTATION]: phaseId },
  };
}

export type SucPlanRole = 'server' | 'canary' | 'agent';

/**
 * The system-upgrade-controller Plan of a hop: `<plan>-k3s-v1-31-10-k3s1-server`. Deterministic (a
 * resumed run finds it by name), a DNS label of at most 63 characters, because the controller puts the
 * Plan name in a node label key (`plan.upgrade.cattle.io/<name>`), whose name part is limited to 63.
 * The plan name is cut first; the hop version and role always stay whole.
 */
export function sucPlanName(planName: string, hopVersion: string, role: SucPlanRole): string {
  const suffix = `k3s-${toDnsLabel(hopVersion, 40, 'version')}-${role}`;
  return `${toDnsLabel(planName, 63 - suffix.length - 1, 'plan')}-${suffix}`;
}
