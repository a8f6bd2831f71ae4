import type { ApiPlanVersions } from '../core/apis';
import { type MinorLine, compareMinor, kubeMinorOf } from '../core/versions';
import { isRecord } from '../common/guards';

/** vscode-free: which Kubernetes versions the workspace's manifests are judged against, and why. */

/** One plan file's Kubernetes line: `components.k3s` or `components.kubernetes`. */
export interface PlanKubeVersions {
  /** metadata.name, else the file name. */
  readonly name: string;
  readonly current: string;
  readonly target: string;
}

export interface Judgement extends ApiPlanVersions {
  /** The target as a minor, `v1.33`. */
  readonly targetMinor: string;
  /** Why this target, as a clause: `your plan prod-k3s targets v1.33`. */
  readonly because: string;
}

/** `v1.33`, `1.33`, `v1.33.7+k3s3` → 1.33; undefined for anything else. */
export const minorOf = kubeMinorOf;

const text = (m: MinorLine): string => `v${m.major}.${m.minor}`;

/** The Kubernetes line of a parsed plan document (its plain value); undefined when it has none that parses. */
export function planKubeVersionsOf(value: unknown, fileName: string): PlanKubeVersions | undefined {
  if (!isRecord(value) || value.kind !== 'UpgradePlan' || !isRecord(value.components)) return undefined;
  const line = isRecord(value.components.k3s) ? value.components.k3s : isRecord(value.components.kubernetes) ? value.components.kubernetes : undefined;
  if (!line || typeof line.current !== 'string' || typeof line.target !== 'string') return undefined;
  if (!minorOf(line.current) || !minorOf(line.target)) return undefined;
  const name = isRecord(value.metadata) && typeof value.metadata.name === 'string' && value.metadata.name ? value.metadata.name : fileName;
  return { name, current: line.current, target: line.target };
}

export interface JudgementInputs {
  readonly plans: readonly PlanKubeVersions[];
  /** `upgradePlanner.removedApis.targetVersion`; empty when unset. */
  readonly setting: string;
  /** The newest Kubernetes minor the release catalog knows (`1.35`), when loaded. */
  readonly newestKnown: string | undefined;
}

export const SETTING = 'upgradePlanner.removedApis.targetVersion';

/**
 * Plans first: the highest target and the lowest current among them (a manifest may be applied to any of the
 * clusters). Without a plan, the setting; without the setting, the newest minor the catalog knows. Without a
 * plan there is no current version: the target stands for both, so removals read "not served since".
 * Undefined when nothing applies (no plan, no setting, catalog not loaded); a bad setting is reported.
 */
export function judge(inputs: JudgementInputs): { judgement: Judgement | undefined; problem?: string } {
  if (inputs.plans.length > 0) {
    let high = inputs.plans[0];
    let low = inputs.plans[0];
    for (const p of inputs.plans) {
      if (compareMinor(minorOf(p.target) as MinorLine, minorOf(high.target) as MinorLine) > 0) high = p;
      if (compareMinor(minorOf(p.current) as MinorLine, minorOf(low.current) as MinorLine) < 0) low = p;
    }
    const target = text(minorOf(high.target) as MinorLine);
    const others = inputs.plans.length > 1 ? ` (the highest target of ${inputs.plans.length} plans)` : '';
    return { judgement: { current: low.current, target: high.target, targetMinor: target, because: `your plan ${high.name} targets ${target}${others}` } };
  }
  const setting = inputs.setting.trim();
  let problem: string | undefined;
  if (setting) {
    const m = minorOf(setting);
    if (m) return { judgement: { current: text(m), target: text(m), targetMinor: text(m), because: `the setting ${SETTING} is ${text(m)}` } };
    problem = `The setting ${SETTING} is "${setting.slice(0, 40)}", which is not a Kubernetes version (e.g. v1.33); the newest version the release catalog knows is used.`;
  }
  const newest = inputs.newestKnown ? minorOf(inputs.newestKnown) : undefined;
  if (!newest) return problem ? { judgement: undefined, problem } : { judgement: undefined };
  const judgement = { current: text(newest), target: text(newest), targetMinor: text(newest), because: `no plan in the workspace, so the newest Kubernetes the release catalog knows, ${text(newest)}, is assumed` };
  return problem ? { judgement, problem } : { judgement };
}

