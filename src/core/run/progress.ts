import type { ClusterSnapshot } from '../cluster';
import { type Labels, labelSelectorMatcher, type LabelSelector } from '../cluster/labelSelector';
import { compareKube, parseKubeVersion } from '../versions';
import { SUC_NODE_LABEL_PREFIX } from './names';
import type { RunPhase } from './phases';

/**
 * Where each node of a K3s phase stands, from what the cluster shows: the node's version and
 * schedulability, the `plan.upgrade.cattle.io/<plan>` label system-upgrade-controller sets to the
 * Plan's hash when the node is done, and the Plan's `status.applying`.
 */

export const NODE_STEPS = ['pending', 'cordoned', 'upgrading', 'done'] as const;
export type NodeStep = (typeof NODE_STEPS)[number];

export interface NodeProgress {
  readonly node: string;
  readonly step: NodeStep;
  readonly version: string | undefined;
  readonly cordoned: boolean;
}

/** The Plan's status as read (`status.latestHash`, `applying`, conditions), and the labels of the nodes. */
export interface SucPlanStatusInput {
  readonly latestHash?: string;
  readonly latestVersion?: string;
  readonly applying?: readonly string[];
  readonly conditions?: readonly { readonly type: string; readonly status: string; readonly reason?: string; readonly message?: string }[];
  /** Node name → labels, for the nodes of the cluster (or at least those the Plan may select). */
  readonly nodeLabels?: Readonly<Record<string, Labels>>;
}

export interface PhaseProgress {
  readonly phase: string;
  readonly nodes: readonly NodeProgress[];
  readonly done: number;
  readonly total: number;
  /** The Plan says `Complete` True. */
  readonly complete: boolean;
  /** The Plan says an upgrade Job failed (`Complete` False with reason `JobFailed`): its message. */
  readonly failure?: string;
}

type K3sPhase = Extract<RunPhase, { kind: 'k3s-servers' | 'k3s-canary' | 'k3s-agents' }>;

/**
 * Per node of a K3s phase: `done` once the node carries the Plan's hash (or, before the Plan has a
 * status, runs the hop's version schedulable); `upgrading` while the Plan applies it and it is not
 * cordoned yet, or already runs the new version; `cordoned` while applied and cordoned (drained) on the
 * old version; else `pending`. The nodes are the phase's own, else those `planSelector` selects by label.
 */
export function phaseProgress(phase: K3sPhase, snapshot: Pick<ClusterSnapshot, 'nodes'>, suc?: SucPlanStatusInput, planSelector?: LabelSelector): PhaseProgress {
  const listed = snapshot.nodes.state === 'ok' ? snapshot.nodes.value : [];
  const names = phase.nodes ?? nodesSelected(listed.map((n) => n.name), suc?.nodeLabels, planSelector);
  const label = `${SUC_NODE_LABEL_PREFIX}${phase.sucPlan}`;
  const applying = new Set(suc?.applying ?? []);
  const target = parseKubeVersion(phase.hop.version);
  const nodes = names.map((name): NodeProgress => {
    const n = listed.find((x) => x.name === name);
    const v = n ? parseKubeVersion(n.kubeletVersion) : undefined;
    const onTarget = v?.ok === true && target.ok && compareKube(v.value, target.value) >= 0;
    const cordoned = n?.unschedulable === true;
    const hash = suc?.nodeLabels?.[name]?.[label];
    let step: NodeStep;
    if (suc?.latestHash ? hash === suc.latestHash && !applying.has(name) : onTarget && !cordoned && !applying.has(name)) step = 'done';
    else if (applying.has(name)) step = onTarget || !cordoned ? 'upgrading' : 'cordoned';
    else step = 'pending';
    return { node: name, step, version: n?.kubeletVersion, cordoned };
  });
  const complete = suc?.conditions?.find((c) => c.type === 'Complete');
  const failed = complete?.status === 'False' && complete.reason === 'JobFailed' ? complete.message || 'an upgrade Job failed' : undefined;
  return {
    phase: phase.id, nodes, done: nodes.filter((n) => n.step === 'done').length, total: nodes.length, complete: complete?.status === 'True',
    ...(failed ? { failure: failed } : {}),
  };
}

/** The names among `names` whose labels `selector` selects (none when labels or selector are missing, or the selector is invalid). */
export function nodesSelected(names: readonly string[], labels: Readonly<Record<string, Labels>> | undefined, selector: LabelSelector | undefined): string[] {
  if (!labels || !selector) return [];
  const m = labelSelectorMatcher(selector);
  if (!m.ok) return [];
  return names.filter((n) => m.value(labels[n]));
}
