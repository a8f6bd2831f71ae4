import { isRecord } from '../../common/guards';
import { type Result, err, ok } from '../../common/result';
import { UPGRADE_DEFAULTS, type ClusterSnapshot } from '../cluster';
import { K3S_UPGRADE_IMAGE, k3sUpgradeImage, pinnedImage, pinsByDigest } from '../images/pinning';
import type { LabelSelectorRequirement } from '../cluster/labelSelector';
import type { UpgradePlan } from '../plans/model';
import { parsePlanDuration } from './duration';
import { runMarks } from './names';
import type { CanaryChoice, RunPhase } from './phases';
import { negateRequirement, selectorObject } from './selector';
import { sucWindowOf } from './sucWindow';
import { type RunWrite, SUC_PLANS } from './writes';

/**
 * The system-upgrade-controller Plans of a K3s hop, as the K3s docs lay them out (docs.k3s.io
 * upgrades/automated): a server Plan on the control-plane nodes, one at a time, cordoned; agent Plans
 * whose `prepare` step (`rancher/k3s-upgrade prepare <server plan>`) waits for the server Plan; the
 * canary agents first, then the rest with the plan's concurrency and drain options; the plan's
 * maintenance window as the Plans' `window`. Field names are the CRD's (test/fixtures/crds/upgrade.cattle.io_plans.yaml).
 * The upgrade and prepare image is `rancher/k3s-upgrade`, to which the controller adds the version as tag; with
 * the plan's `images.pinByDigest`, `rancher/k3s-upgrade:<tag>@sha256:…` (core/images/pinning), used as it is.
 */

export { K3S_UPGRADE_IMAGE };
const CONTROL_PLANE = 'node-role.kubernetes.io/control-plane';
const HOSTNAME = 'kubernetes.io/hostname';

/** The namespace the Plans go to: the system-upgrade-controller's own (the docs: Plans must be in its namespace). */
export function sucNamespace(s: Pick<ClusterSnapshot, 'components'>): string {
  const suc = s.components.systemUpgradeController;
  return suc.state === 'ok' && suc.value.namespace ? suc.value.namespace : UPGRADE_DEFAULTS.systemUpgradeNamespace;
}

export interface SucPlanContext {
  readonly plan: Pick<UpgradePlan, 'metadata' | 'strategy' | 'images'>;
  readonly runId: string;
  readonly namespace: string;
}

/** A Plan built, with what the caller should know about it (a narrowed window). */
export interface SucPlanWrite {
  readonly write: RunWrite;
  readonly notes: readonly string[];
}

type K3sPhase = Extract<RunPhase, { kind: 'k3s-servers' | 'k3s-canary' | 'k3s-agents' }>;

/** The Plan of a K3s phase (servers, canary or agents); `serverPlan` is the hop's server Plan the agents wait for (absent when the hop upgrades agents only). */
export function sucPlanWrite(ctx: SucPlanContext, phase: K3sPhase, serverPlan: string | undefined): Result<SucPlanWrite> {
  const window = sucWindowOf(ctx.plan.strategy?.maintenanceWindow);
  if (!window.ok) return err(`strategy.maintenanceWindow: ${window.error}`);
  const notes = window.value.note ? [window.value.note] : [];
  const version = phase.hop.version;
  const image = pinsByDigest(ctx.plan.images) ? pinnedImage(k3sUpgradeImage(version), ctx.plan.images?.digests) : ok(K3S_UPGRADE_IMAGE);
  if (!image.ok) return image;
  const common = { serviceAccountName: UPGRADE_DEFAULTS.systemUpgradeServiceAccount, version, upgrade: { image: image.value }, ...(window.value.window ? { window: window.value.window } : {}) };
  let spec: object;
  let what: string;
  if (phase.kind === 'k3s-servers') {
    spec = { concurrency: 1, cordon: true, nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE, operator: 'In', values: ['true'] }] }, ...common };
    what = `servers one at a time, cordoned, to ${version}`;
  } else {
    const drain = drainOf(ctx.plan.strategy);
    if (!drain.ok) return drain;
    const selector = phase.kind === 'k3s-canary' ? canarySelector(phase.canary) : restSelector(phase.canary);
    const concurrency = phase.kind === 'k3s-canary' ? 1 : phase.concurrency;
    spec = {
      concurrency,
      nodeSelector: { matchExpressions: [{ key: CONTROL_PLANE, operator: 'DoesNotExist' }, ...selector] },
      ...(serverPlan ? { prepare: { image: image.value, args: ['prepare', serverPlan] } } : {}),
      ...(drain.value ? { drain: drain.value } : { cordon: true }),
      ...common,
    };
    const who = phase.kind === 'k3s-canary' ? 'canary agents' : 'agents';
    what = `${who} ${concurrency} at a time, ${drain.value ? 'drained' : 'cordoned'}, to ${version}${serverPlan ? ` after ${serverPlan}` : ''}`;
  }
  const { labels, annotations } = runMarks(ctx.plan.metadata.name, ctx.runId, phase.id);
  const body = { apiVersion: 'upgrade.cattle.io/v1', kind: 'Plan', metadata: { name: phase.sucPlan, namespace: ctx.namespace, labels, annotations }, spec };
  return ok({
    write: { verb: 'create', object: { kind: 'Plan', namespace: ctx.namespace, name: phase.sucPlan }, resource: SUC_PLANS(ctx.namespace), body, description: `create Plan ${ctx.namespace}/${phase.sucPlan}: ${what}${image.value !== K3S_UPGRADE_IMAGE ? ` (image ${image.value})` : ''}` },
    notes,
  });
}

/** The canary agents: the plan's selector, or the nodes by name. */
function canarySelector(c: CanaryChoice): LabelSelectorRequirement[] {
  return c.by === 'selector' ? [c.requirement] : [{ key: HOSTNAME, operator: 'In', values: [...c.nodes] }];
}

/** The other agents: the opposite of the canary's selector, or every node but the canaries by name. */
function restSelector(c: CanaryChoice | undefined): LabelSelectorRequirement[] {
  if (!c) return [];
  return c.by === 'names' ? [{ key: HOSTNAME, operator: 'NotIn', values: [...c.nodes] }] : [negateRequirement(c.requirement)];
}

/**
 * `strategy.drain` as the Plan's `drain`: undefined unless `enabled: true` (the agents are then only
 * cordoned). `timeout` goes as nanoseconds (an integer every controller version reads; newer ones also
 * take a string), `deleteEmptyDirData` as the CRD's `deleteEmptydirData`, `podSelector` as a label selector.
 */
export function drainOf(strategy: UpgradePlan['strategy']): Result<Record<string, unknown> | undefined> {
  const d = isRecord(strategy?.drain) ? strategy.drain : undefined;
  if (!d || d.enabled !== true) return ok(undefined);
  const out: Record<string, unknown> = {};
  if (d.timeout !== undefined) {
    const t = parsePlanDuration(d.timeout, 'strategy.drain.timeout');
    if (!t.ok) return t;
    out.timeout = t.value * 1_000_000_000;
  }
  if (typeof d.force === 'boolean') out.force = d.force;
  if (typeof d.ignoreDaemonSets === 'boolean') out.ignoreDaemonSets = d.ignoreDaemonSets;
  if (typeof d.deleteEmptyDirData === 'boolean') out.deleteEmptydirData = d.deleteEmptyDirData;
  if (typeof d.podSelector === 'string' && d.podSelector.trim()) {
    const s = selectorObject(d.podSelector);
    if (!s.ok) return err(`strategy.drain.podSelector: ${s.error}`);
    out.podSelector = s.value;
  }
  return ok(out);
}

/** The Plans of every K3s phase of a run, in phase order (what a dry run of the K3s hops shows, or a GitOps export writes). */
export function sucPlanWrites(ctx: SucPlanContext, phases: readonly RunPhase[]): Result<SucPlanWrite[]> {
  const out: SucPlanWrite[] = [];
  for (const p of phases) {
    if (p.kind !== 'k3s-servers' && p.kind !== 'k3s-canary' && p.kind !== 'k3s-agents') continue;
    const server = p.kind === 'k3s-servers' ? undefined : phases.find((q) => q.kind === 'k3s-servers' && q.hop.index === p.hop.index);
    const r = sucPlanWrite(ctx, p, server?.kind === 'k3s-servers' ? server.sucPlan : undefined);
    if (!r.ok) return err(`${p.id}: ${r.error}`);
    out.push(r.value);
  }
  return ok(out);
}
