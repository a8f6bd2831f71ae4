import { isRecord } from '../../common/guards';
import { type Result, err, ok } from '../../common/result';
import type { BackupKind } from '../backups/types';
import type { ClusterSnapshot, NodeSummary } from '../cluster';
import type { LabelSelectorRequirement } from '../cluster/labelSelector';
import type { ComponentName, PlanHop, PlanImages, UpgradePlan } from '../plans/model';
import { planTakesEtcdSnapshot } from '../preflight/etcd';
import type { ObjectRef } from '../preflight/result';
import { compareKube, parseCephVersion, parseKubeVersion, parseRookVersion } from '../versions';
import { alertRuleOf } from './alerts';
import { parsePlanDuration } from './duration';
import { type SucPlanRole, sucPlanName } from './names';
import { parseSelector } from './selector';
import { CEPH_IMAGE_REPOSITORY, ROOK_IMAGE_REPOSITORY, imageWithTag } from './writes';
import { imageForRun, k3sUpgradeImage, releaseTag } from '../images/pinning';

/**
 * The ordered phases of a run, from the plan and the cluster as read: backups first, then per hop in
 * the plan's order — K3s: servers, canary agents, the rest of the agents, each followed by a health
 * gate (and soak time where the plan asks); Rook: CRDs (a manual step), operator image, every daemon on
 * the new rook-version, gate; Ceph: the CephCluster image, every daemon on the new version, gate.
 * Plain data: a phase is recorded in the journal as it is.
 */

/** The checks a plan may list in `gates.healthChecks`. */
export type PlanHealthCheckName = 'nodesReady' | 'versionsConverged' | 'workloadsHealthy' | 'cephHealthOk' | 'pgsActiveClean' | 'apiServerHealthy' | 'noPendingPods';
/** A gate's checks: the listed ones, and `noFiringAlerts` on every gate of a plan with `gates.prometheus`. */
export type HealthCheckName = PlanHealthCheckName | 'noFiringAlerts';
export const HEALTH_CHECKS: readonly PlanHealthCheckName[] = ['nodesReady', 'versionsConverged', 'workloadsHealthy', 'cephHealthOk', 'pgsActiveClean', 'apiServerHealthy', 'noPendingPods'];
/** The checks of a plan without `gates.healthChecks`. */
export const DEFAULT_HEALTH_CHECKS: readonly HealthCheckName[] = ['nodesReady', 'versionsConverged'];
/** A plan without `gates.timeout` gives each gate this long. */
export const DEFAULT_GATE_TIMEOUT = '15m';

export interface PhaseHop {
  /** 1-based, as in the phase ids (`hop-2/…`). */
  readonly index: number;
  readonly component: ComponentName;
  readonly version: string;
  /** What the component ran before this hop, as far as the plan and the cluster tell. */
  readonly from: string | undefined;
}

/** Which agents go first: a label selector (one requirement, so the rest is its opposite), or nodes by name. */
export type CanaryChoice =
  | { readonly by: 'selector'; readonly selector: string; readonly requirement: LabelSelectorRequirement }
  | { readonly by: 'names'; readonly nodes: readonly string[] };

/** What a gate (or a wait) checks the phase against. */
export type Expectation =
  | { readonly component: 'k3s'; readonly version: string; readonly nodes: readonly string[] | undefined; readonly sucPlan: string; readonly role: SucPlanRole }
  | { readonly component: 'rook' | 'ceph'; readonly version: string };

interface Base {
  /** Stable within a plan: `backups`, `hop-2/k3s-agents`, `hop-2/gate-k3s-canary`. */
  readonly id: string;
  readonly title: string;
  /** What the phase will do, one line each. */
  readonly actions: readonly string[];
}
interface HopBase extends Base {
  readonly hop: PhaseHop;
}

export type RunPhase =
  | (Base & { readonly kind: 'backups'; readonly backups: readonly BackupKind[] })
  | (HopBase & { readonly kind: 'etcd-snapshot' })
  | (HopBase & { readonly kind: 'k3s-servers'; readonly sucPlan: string; readonly nodes: readonly string[] })
  | (HopBase & { readonly kind: 'k3s-canary'; readonly sucPlan: string; readonly canary: CanaryChoice; readonly nodes: readonly string[] | undefined })
  | (HopBase & { readonly kind: 'k3s-agents'; readonly sucPlan: string; readonly canary: CanaryChoice | undefined; readonly nodes: readonly string[] | undefined; readonly concurrency: number })
  | (HopBase & { readonly kind: 'gate'; readonly after: string; readonly checks: readonly HealthCheckName[]; readonly timeout: string; readonly expect: Expectation })
  | (HopBase & { readonly kind: 'soak'; readonly after: string; readonly duration: string; readonly seconds: number; readonly checks: readonly HealthCheckName[]; readonly expect: Expectation })
  | (HopBase & { readonly kind: 'rook-crds'; readonly manual: true; readonly guide: string; readonly manifests: string })
  | (HopBase & { readonly kind: 'rook-operator'; readonly deployment: ObjectRef; readonly image: string; readonly currentImage: string | undefined })
  | (HopBase & { readonly kind: 'wait-rook-version'; readonly timeout: string; readonly expect: Expectation })
  | (HopBase & { readonly kind: 'ceph-image'; readonly clusters: readonly { readonly ref: ObjectRef; readonly image: string; readonly currentImage: string | undefined }[] })
  | (HopBase & { readonly kind: 'wait-ceph-version'; readonly timeout: string; readonly expect: Expectation });

export type RunPhaseKind = RunPhase['kind'];

/** The settings of the plan a run reads, checked once. */
interface Settings {
  readonly checks: readonly HealthCheckName[];
  readonly timeout: string;
  readonly soak: { readonly text: string; readonly seconds: number } | undefined;
  readonly agentConcurrency: number;
}

/** The phases of `plan` on the cluster `snapshot`, in order; refused (with the reason) when the plan cannot run there. */
export function runPhases(plan: UpgradePlan, snapshot: ClusterSnapshot): Result<RunPhase[]> {
  const settings = settingsOf(plan);
  if (!settings.ok) return settings;
  const phases: RunPhase[] = [backupsPhase(plan)];
  let k3sFrom = serverVersion(snapshot);
  let rookFrom = snapshot.components.rookOperator.state === 'ok' ? snapshot.components.rookOperator.value.version : undefined;
  let cephFrom = snapshot.components.cephClusters.state === 'ok' ? snapshot.components.cephClusters.value[0]?.cephVersion : undefined;
  // The cluster as the run will find it at each hop: the nodes earlier K3s hops moved are on their version.
  let planned = snapshot;
  for (const [i, h] of plan.hops.entries()) {
    const from = h.component === 'k3s' ? k3sFrom : h.component === 'rook' ? rookFrom : h.component === 'ceph' ? cephFrom : undefined;
    const hop: PhaseHop = { index: i + 1, component: h.component, version: h.version, from };
    let r: Result<RunPhase[]>;
    switch (h.component) {
      case 'k3s':
        r = k3sPhases(plan, h, hop, planned, settings.value, phases[phases.length - 1]);
        k3sFrom = h.version;
        planned = afterK3sHop(planned, h);
        break;
      case 'rook':
        r = rookPhases(hop, snapshot, settings.value, plan.images);
        rookFrom = h.version;
        break;
      case 'ceph':
        r = cephPhases(hop, snapshot, settings.value, plan.images);
        cephFrom = h.version;
        break;
      default:
        r = err(`hop ${hop.index} moves "${h.component}": a run upgrades K3s (through system-upgrade-controller), Rook and Ceph; a plain Kubernetes control plane is upgraded with its own tools`);
    }
    if (!r.ok) return err(`hop ${hop.index} (${h.component} ${h.version}): ${r.error}`);
    phases.push(...r.value);
    const soak = settings.value.soak;
    const last = r.value[r.value.length - 1];
    if (soak && i < plan.hops.length - 1 && last?.kind === 'gate') phases.push(soakAfter(last, soak));
  }
  return ok(phases);
}

/** The snapshot with the nodes a K3s hop upgrades (servers, agents or all) on its version, for the hops after it. */
function afterK3sHop(s: ClusterSnapshot, h: PlanHop): ClusterSnapshot {
  if (s.nodes.state !== 'ok') return s;
  const which = h.nodes ?? 'all';
  const moves = (n: NodeSummary): boolean => (which === 'all' || (which === 'servers') === n.isServer) && !atLeast(n.kubeletVersion, h.version);
  return { ...s, nodes: { state: 'ok', value: s.nodes.value.map((n) => (moves(n) ? { ...n, kubeletVersion: h.version } : n)) } };
}

function settingsOf(plan: UpgradePlan): Result<Settings> {
  const gates = plan.gates ?? {};
  const listed = Array.isArray(gates.healthChecks) ? (gates.healthChecks as unknown[]) : undefined;
  const unknown = listed?.find((c) => !(HEALTH_CHECKS as readonly unknown[]).includes(c));
  if (unknown !== undefined) return err(`gates.healthChecks: unknown check ${JSON.stringify(unknown)}`);
  // A phase is done only when its versions converged: that check is always part of a gate.
  const checks = [...new Set<HealthCheckName>([...((listed as HealthCheckName[] | undefined) ?? DEFAULT_HEALTH_CHECKS), 'versionsConverged'])];
  // With gates.prometheus every gate also waits while a blocking alert fires.
  const alerts = alertRuleOf(gates);
  if (!alerts.ok) return alerts;
  if (alerts.value) checks.push('noFiringAlerts');
  const timeout = typeof gates.timeout === 'string' ? gates.timeout : DEFAULT_GATE_TIMEOUT;
  const t = parsePlanDuration(timeout, 'gates.timeout');
  if (!t.ok) return t;
  const strategy = plan.strategy ?? {};
  let soak: Settings['soak'];
  if (strategy.soakTime !== undefined) {
    const s = parsePlanDuration(strategy.soakTime, 'strategy.soakTime');
    if (!s.ok) return s;
    if (s.value > 0) soak = { text: strategy.soakTime as string, seconds: s.value };
  }
  const concurrency = (strategy.concurrency ?? {}) as { agents?: unknown };
  const agents = typeof concurrency.agents === 'number' && Number.isInteger(concurrency.agents) && concurrency.agents >= 1 ? concurrency.agents : 1;
  return ok({ checks, timeout, soak, agentConcurrency: agents });
}

function backupsPhase(plan: UpgradePlan): RunPhase {
  const b = plan.backups ?? {};
  const kinds: BackupKind[] = [];
  if (planTakesEtcdSnapshot(plan)) kinds.push('etcd-snapshot');
  if (b.velero) kinds.push('velero');
  if (b.manifestExport) kinds.push('manifest-export');
  const words: Record<BackupKind, string> = { 'etcd-snapshot': 'take an etcd snapshot on a K3s server and verify its ETCDSnapshotFile', velero: 'take a Velero Backup and wait for it to complete', 'manifest-export': 'export the resources the upgrade touches, with a SHA-256 manifest' };
  return {
    kind: 'backups', id: 'backups', title: 'Backups', backups: kinds,
    actions: kinds.length ? kinds.map((k) => words[k]) : ['nothing: the plan asks for no backup (backups is empty)'],
  };
}

function serverVersion(s: ClusterSnapshot): string | undefined {
  if (s.nodes.state !== 'ok') return undefined;
  const versions = s.nodes.value.filter((n) => n.isServer).map((n) => parseKubeVersion(n.kubeletVersion)).filter((v) => v.ok).map((v) => v.value);
  return versions.sort(compareKube)[0]?.raw;
}

const natural = (a: string, b: string): number => a.localeCompare(b, undefined, { numeric: true });

function k3sPhases(plan: UpgradePlan, h: PlanHop, hop: PhaseHop, s: ClusterSnapshot, st: Settings, previous: RunPhase | undefined): Result<RunPhase[]> {
  const target = parseKubeVersion(h.version);
  if (!target.ok || target.value.distribution !== 'k3s') return err(`"${h.version}" is not a K3s version (v1.31.10+k3s1)`);
  if (s.distribution.name !== 'K3s') return err(`the cluster runs ${s.distribution.name}, not K3s (${s.distribution.evidence})`);
  if (s.nodes.state !== 'ok') return err('the nodes could not be read, so the servers and agents are unknown');
  const servers = s.nodes.value.filter((n) => n.isServer).map((n) => n.name).sort(natural);
  const agents = s.nodes.value.filter((n) => !n.isServer).sort((a, b) => natural(a.name, b.name));
  if (!servers.length) return err('the cluster lists no server (control-plane) node');
  const which = h.nodes ?? 'all';
  const out: RunPhase[] = [];
  const id = (name: string): string => `hop-${hop.index}/${name}`;
  const v = h.version;
  // With images.pinByDigest the hop's upgrade image needs its digest (sucPlans pins it): refused here, before any phase runs.
  const pinned = imageForRun(k3sUpgradeImage(v), plan.images);
  if (!pinned.ok) return pinned;

  const from = hop.from ? parseKubeVersion(hop.from) : undefined;
  const minorHop = from?.ok === true && (from.value.minor !== target.value.minor || from.value.major !== target.value.major);
  const covered = previous?.kind === 'backups' && previous.backups.includes('etcd-snapshot');
  if (plan.rollback?.snapshotPerMinor === true && minorHop && !covered) {
    out.push({
      kind: 'etcd-snapshot', id: id('etcd-snapshot'), hop, title: `etcd snapshot on K3s ${hop.from ?? 'the old minor'} before the minor hop`,
      actions: [`take an etcd snapshot while the servers still run ${hop.from ?? 'the old minor'} (rollback.snapshotPerMinor), so this minor can be restored`],
    });
  }

  const serverPlan = sucPlanName(plan.metadata.name, v, 'server');
  if (which !== 'agents') {
    const phase = {
      kind: 'k3s-servers' as const, id: id('k3s-servers'), hop, title: `K3s servers to ${v}`, sucPlan: serverPlan, nodes: servers,
      actions: [`create system-upgrade-controller Plan ${serverPlan}: servers one at a time, cordoned, to ${v}`, `servers: ${servers.join(', ')}`],
    };
    out.push(phase, gateAfter(phase, hop, st, { component: 'k3s', version: v, nodes: servers, sucPlan: serverPlan, role: 'server' }));
  } else {
    const behind = s.nodes.value.filter((n) => n.isServer && !atLeast(n.kubeletVersion, v));
    if (behind.length) return err(`the hop upgrades agents only, but servers run older versions (${behind.map((n) => `${n.name} ${n.kubeletVersion}`).join(', ')}): agents may never be newer than the servers`);
  }
  if (which === 'servers' || !agents.length) return ok(withSoakBetween(out, st));

  const canary = canaryOf(plan, h, v, agents);
  if (!canary.ok) return canary;
  const waits = which === 'agents' ? '' : `; each waits for ${serverPlan} to complete (prepare)`;
  let restNodes: readonly string[] | undefined = agents.map((n) => n.name);
  if (canary.value) {
    const c = canary.value;
    const canaryPlan = sucPlanName(plan.metadata.name, v, 'canary');
    const nodes = c.by === 'names' ? c.nodes : undefined;
    const phase = {
      kind: 'k3s-canary' as const, id: id('k3s-canary'), hop, title: `K3s canary agents to ${v}`, sucPlan: canaryPlan, canary: c, nodes,
      actions: [`create system-upgrade-controller Plan ${canaryPlan}: canary agents one at a time to ${v}${waits}`, c.by === 'names' ? `canary: ${c.nodes.join(', ')}` : `canary: the agents matching ${c.selector}`],
    };
    out.push(phase, gateAfter(phase, hop, st, { component: 'k3s', version: v, nodes, sucPlan: canaryPlan, role: 'canary' }));
    restNodes = c.by === 'names' ? restNodes.filter((n) => !c.nodes.includes(n)) : undefined;
  }
  if (restNodes && !restNodes.length) return ok(withSoakBetween(out, st));
  const agentPlan = sucPlanName(plan.metadata.name, v, 'agent');
  const phase = {
    kind: 'k3s-agents' as const, id: id('k3s-agents'), hop, title: `K3s agents to ${v}`, sucPlan: agentPlan, canary: canary.value, nodes: restNodes, concurrency: st.agentConcurrency,
    actions: [
      `create system-upgrade-controller Plan ${agentPlan}: ${st.agentConcurrency} agent${st.agentConcurrency === 1 ? '' : 's'} at a time to ${v}${waits}`,
      restNodes ? `agents: ${restNodes.join(', ')}` : `agents: every agent not matching ${canary.value?.by === 'selector' ? canary.value.selector : ''}`,
    ],
  };
  out.push(phase, gateAfter(phase, hop, st, { component: 'k3s', version: v, nodes: restNodes, sucPlan: agentPlan, role: 'agent' }));
  return ok(withSoakBetween(out, st));
}

function atLeast(version: string, target: string): boolean {
  const a = parseKubeVersion(version);
  const b = parseKubeVersion(target);
  return a.ok && b.ok && compareKube(a.value, b.value) >= 0;
}

/**
 * The canary of a K3s hop: none when the hop says `canary: false` or the plan has no `strategy.canary`
 * (and the hop does not ask for one); the plan's selector (one requirement); else the first `size`
 * agents by name (default 1) among those Ready, schedulable and not yet on the hop's version.
 */
export function canaryOf(plan: Pick<UpgradePlan, 'strategy'>, h: Pick<PlanHop, 'canary'>, version: string, agents: readonly NodeSummary[]): Result<CanaryChoice | undefined> {
  const raw = plan.strategy?.canary;
  const c = isRecord(raw) ? raw : undefined;
  if (h.canary === false || (c === undefined && h.canary !== true)) return ok(undefined);
  if (typeof c?.selector === 'string' && c.selector.trim()) {
    const r = parseSelector(c.selector);
    if (!r.ok) return err(`strategy.canary.selector: ${r.error}`);
    if (r.value.length !== 1) return err(`strategy.canary.selector "${c.selector}" has ${r.value.length} requirements: use one (such as upgradeplanner.dev/canary=true), so the other agents can be selected as its opposite`);
    return ok({ by: 'selector', selector: c.selector.trim(), requirement: r.value[0] });
  }
  const size = typeof c?.size === 'number' && Number.isInteger(c.size) && c.size >= 0 ? c.size : 1;
  if (size === 0) return ok(undefined);
  const nodes = agents.filter((n) => n.ready && !n.unschedulable && !atLeast(n.kubeletVersion, version)).map((n) => n.name).sort(natural).slice(0, size);
  return ok(nodes.length ? { by: 'names', nodes } : undefined);
}

type PhaseOf<K extends RunPhaseKind> = Extract<RunPhase, { kind: K }>;

/** The gate after `phase`: the plan's checks, plus those this phase always needs (`required`: Ceph's health after a Ceph image change). */
function gateAfter(phase: { id: string; title: string }, hop: PhaseHop, st: Settings, expect: Expectation, required: readonly HealthCheckName[] = []): PhaseOf<'gate'> {
  const name = phase.id.slice(phase.id.indexOf('/') + 1);
  const checks = [...st.checks, ...required.filter((c) => !st.checks.includes(c))];
  return {
    kind: 'gate', id: `hop-${hop.index}/gate-${name}`, hop, after: phase.id, title: `Health gate after ${phase.title.charAt(0).toLowerCase()}${phase.title.slice(1)}`,
    checks, timeout: st.timeout, expect,
    actions: [`check ${checks.join(', ')} until they pass, for at most ${st.timeout}; on failure: the plan's rollback.onGateFailure`],
  };
}

function soakAfter(gate: PhaseOf<'gate'>, soak: NonNullable<Settings['soak']>): PhaseOf<'soak'> {
  const name = gate.after.slice(gate.after.indexOf('/') + 1);
  return {
    kind: 'soak', id: `hop-${gate.hop.index}/soak-${name}`, hop: gate.hop, after: gate.id, title: `Soak ${soak.text} after ${name}`,
    duration: soak.text, seconds: soak.seconds, checks: gate.checks, expect: gate.expect,
    actions: [`wait ${soak.text} (strategy.soakTime) with the gate's checks watching; a check that fails ends the soak as a failed gate`],
  };
}

/** strategy.soakTime between the phases of a hop: servers → agents, canary → rest (a hop → the next hop is added by runPhases). */
function withSoakBetween(phases: RunPhase[], st: Settings): RunPhase[] {
  if (!st.soak) return phases;
  const out: RunPhase[] = [];
  for (const [i, p] of phases.entries()) {
    out.push(p);
    if (p.kind === 'gate' && i < phases.length - 1) out.push(soakAfter(p, st.soak));
  }
  return out;
}

function rookPhases(hop: PhaseHop, s: ClusterSnapshot, st: Settings, images: PlanImages | undefined): Result<RunPhase[]> {
  const v = parseRookVersion(hop.version);
  if (!v.ok) return v;
  const op = s.components.rookOperator;
  if (op.state !== 'ok') return err(op.state === 'absent' ? `the cluster runs no Rook operator (${op.reason})` : 'the Rook operator could not be read');
  const tag = releaseTag(hop.version);
  const id = (name: string): string => `hop-${hop.index}/${name}`;
  const pinned = imageForRun(imageWithTag(op.value.image, tag, ROOK_IMAGE_REPOSITORY), images);
  if (!pinned.ok) return pinned;
  const image = pinned.value;
  const guide = `https://github.com/rook/rook/blob/${tag}/Documentation/Upgrade/rook-upgrade.md`;
  const manifests = `https://github.com/rook/rook/tree/${tag}/deploy/examples`;
  const deployment = { kind: 'Deployment', namespace: op.value.namespace, name: op.value.name };
  const expect: Expectation = { component: 'rook', version: tag };
  const crds: PhaseOf<'rook-crds'> = {
    kind: 'rook-crds', id: id('rook-crds'), hop, manual: true, guide, manifests, title: `Rook ${tag} CRDs and common resources (manual)`,
    actions: [
      `apply Rook ${tag}'s common.yaml and crds.yaml (and csi-operator.yaml where that version has one) from ${manifests}, as ${guide} ("Update common resources and CRDs") says; with Helm, upgrade the rook-ceph chart instead`,
      'the extension does not ship every Rook version\'s manifests, so it does not apply them: confirm here when they are applied',
    ],
  };
  const operator: PhaseOf<'rook-operator'> = {
    kind: 'rook-operator', id: id('rook-operator'), hop, deployment, image, currentImage: op.value.image, title: `Rook operator to ${tag}`,
    actions: [`set the image of Deployment ${op.value.namespace}/${op.value.name} to ${image}`],
  };
  const wait: PhaseOf<'wait-rook-version'> = {
    kind: 'wait-rook-version', id: id('wait-rook-version'), hop, timeout: st.timeout, expect, title: `Every Rook daemon on ${tag}`,
    actions: [`wait until every Rook daemon Deployment carries rook-version=${tag} (at most ${st.timeout})`],
  };
  return ok([crds, operator, wait, gateAfter({ id: wait.id, title: `Rook ${tag}` }, hop, st, expect)]);
}

function cephPhases(hop: PhaseHop, s: ClusterSnapshot, st: Settings, images: PlanImages | undefined): Result<RunPhase[]> {
  const v = parseCephVersion(hop.version);
  if (!v.ok) return v;
  const cc = s.components.cephClusters;
  if (cc.state !== 'ok' || !cc.value.length) return err(cc.state === 'error' ? 'the CephClusters could not be read' : 'the cluster runs no CephCluster');
  const tag = releaseTag(hop.version);
  const id = (name: string): string => `hop-${hop.index}/${name}`;
  const clusters: { ref: ObjectRef; image: string; currentImage: string | undefined }[] = [];
  for (const c of cc.value) {
    const pinned = imageForRun(imageWithTag(c.image, tag, CEPH_IMAGE_REPOSITORY), images);
    if (!pinned.ok) return pinned;
    clusters.push({ ref: { kind: 'CephCluster', namespace: c.namespace, name: c.name }, image: pinned.value, currentImage: c.image });
  }
  const expect: Expectation = { component: 'ceph', version: tag };
  const image: PhaseOf<'ceph-image'> = {
    kind: 'ceph-image', id: id('ceph-image'), hop, clusters, title: `Ceph image to ${tag}`,
    actions: clusters.map((c) => `set spec.cephVersion.image of CephCluster ${c.ref.namespace}/${c.ref.name} to ${c.image}`),
  };
  const wait: PhaseOf<'wait-ceph-version'> = {
    kind: 'wait-ceph-version', id: id('wait-ceph-version'), hop, timeout: st.timeout, expect, title: `Every Ceph daemon on ${tag}`,
    actions: [`wait until every Ceph daemon reports ceph-version ${tag.slice(1)} and the CephCluster its new version (at most ${st.timeout})`],
  };
  // A Ceph upgrade is done only when Ceph is healthy again, whatever checks the plan lists: a cluster stuck in
  // HEALTH_WARN after its daemons moved is a failed gate, not a finished run.
  return ok([image, wait, gateAfter({ id: wait.id, title: `Ceph ${tag}` }, hop, st, expect, ['cephHealthOk'])]);
}
