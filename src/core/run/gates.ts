import { type Result, err, ok } from '../../common/result';
import type { ClusterSnapshot } from '../cluster';
import { checkCephHealth, checkCephPgs } from '../preflight/ceph';
import type { CephStatusInput, RookDaemonInput } from '../preflight/inputs';
import { type CheckResult, nameList, objectRef } from '../preflight/result';
import { compareKube, parseCephVersion, parseKubeVersion } from '../versions';
import { type AlertsReading, judgeAlerts } from './alerts';
import { parsePlanDuration } from './duration';
import type { Expectation, HealthCheckName } from './phases';

/**
 * A health gate over a snapshot and a few inputs, evaluated again on every change the run watches.
 * Each check says pass, waiting (not green yet, may still turn: a node restarting, versions
 * converging, Ceph recovering) or fail (cannot turn green by waiting: a node on a newer version than
 * the hop's, a failed upgrade Job, HEALTH_ERR, a PG down). The gate fails when a check fails, or when it
 * is still waiting at its deadline (settleAtDeadline).
 */

export type GateVerdict = 'pass' | 'waiting' | 'fail';

/** A check result with the gate's verdict on it (`status` is `fail` for a check that is waiting as well). */
export interface GateCheck extends CheckResult {
  readonly verdict: GateVerdict;
}

export interface GateResult {
  /** The gate phase's id. */
  readonly id: string;
  readonly status: GateVerdict;
  readonly checks: readonly GateCheck[];
}

/** What the workloads look like since the phase started, summarised by the kube layer from pods and controllers. */
export interface PodHealthInput {
  /** Pods with a container in CrashLoopBackOff, with the restarts counted since the phase started. */
  readonly crashLooping: readonly { readonly namespace: string; readonly name: string; readonly node?: string; readonly restartsSincePhase: number }[];
  /** Deployments, StatefulSets and DaemonSets with more replicas unavailable than their budget allows. */
  readonly unavailable: readonly { readonly kind: string; readonly namespace: string; readonly name: string; readonly available: number; readonly desired: number }[];
  /** Pods Pending (not scheduled, or not started). */
  readonly pending: readonly { readonly namespace: string; readonly name: string; readonly reason?: string }[];
}

export interface GateInputs {
  readonly snapshot: ClusterSnapshot;
  /** The nodes the phase's Plan selects, when the phase could not list them (a canary by selector). */
  readonly phaseNodes?: readonly string[];
  /** Nodes cordoned before the run started: not expected to come back schedulable. */
  readonly cordonedAtStart?: readonly string[];
  /** The phase's Plan reported a failed upgrade Job (`Complete` False, reason `JobFailed`): its message. */
  readonly planFailure?: string;
  readonly pods?: PodHealthInput;
  readonly cephStatus?: readonly CephStatusInput[];
  readonly rookDaemons?: readonly RookDaemonInput[];
  /** Rook daemon Deployments and their `ceph-version` label (`19.2.3-0`). */
  readonly cephDaemons?: readonly { readonly namespace: string; readonly name: string; readonly cephVersion: string | undefined }[];
  /** `/readyz` of the API server. */
  readonly apiServer?: { readonly healthy: boolean; readonly detail?: string };
  /** The plan's `gates.prometheus` and the alerts last read from it. */
  readonly alerts?: AlertsReading;
}

/** Restarts since the phase started after which a crash-looping pod fails the gate instead of being waited for. */
export const CRASH_LOOP_FAIL_RESTARTS = 5;
/** PG states that recovery does not clear by itself. */
const STUCK_PG_STATES = ['down', 'incomplete', 'inconsistent', 'stale'];

/** Evaluates the gate `id`: each of `checks` against `expect`, in the order given. */
export function evaluateGate(id: string, checks: readonly HealthCheckName[], expect: Expectation, input: GateInputs): GateResult {
  const results = checks.map((c) => CHECKS[c](expect, input));
  const status: GateVerdict = results.some((r) => r.verdict === 'fail') ? 'fail' : results.some((r) => r.verdict === 'waiting') ? 'waiting' : 'pass';
  return { id, status, checks: results };
}

/** The time a gate started at `startedAt` must pass by: the plan's `gates.timeout` (ISO 8601). */
export function gateDeadline(startedAt: string, timeout: string): Result<string> {
  const t = Date.parse(startedAt);
  if (Number.isNaN(t)) return err(`"${startedAt}" is not a time`);
  const s = parsePlanDuration(timeout, 'gates.timeout');
  if (!s.ok) return s;
  return ok(new Date(t + s.value * 1000).toISOString());
}

/** At or after the deadline a gate still waiting has failed: its waiting checks become failures saying so. */
export function settleAtDeadline(result: GateResult, now: Date, deadline: string, timeout: string): GateResult {
  if (result.status !== 'waiting' || now.getTime() < Date.parse(deadline)) return result;
  const checks = result.checks.map((c) => (c.verdict === 'waiting' ? { ...c, verdict: 'fail' as const, status: 'fail' as const, reason: `still not green after ${timeout}: ${c.reason}` } : c));
  return { ...result, status: 'fail', checks };
}

type Check = (expect: Expectation, input: GateInputs) => GateCheck;

const pass = (id: string, title: string, reason: string, extra: Partial<CheckResult> = {}): GateCheck => ({ id, title, status: 'pass', verdict: 'pass', reason, objects: [], ...extra });
const waiting = (id: string, title: string, reason: string, extra: Partial<CheckResult> = {}): GateCheck => ({ id, title, status: 'fail', verdict: 'waiting', reason, objects: [], ...extra });
const fail = (id: string, title: string, reason: string, extra: Partial<CheckResult> = {}): GateCheck => ({ id, title, status: 'fail', verdict: 'fail', reason, objects: [], ...extra });
const unread = (id: string, title: string, what: string): GateCheck => ({ id, title, status: 'not-checked', verdict: 'waiting', reason: `${what} not read yet`, objects: [] });

const nodesOf = (expect: Expectation, input: GateInputs): readonly string[] | undefined => (expect.component === 'k3s' ? expect.nodes ?? input.phaseNodes : undefined);

const nodesReady: Check = (expect, input) => {
  const [id, title] = ['gate.nodes-ready', 'Nodes Ready and uncordoned'];
  const s = input.snapshot.nodes;
  if (s.state !== 'ok') return unread(id, title, 'the nodes were');
  const notReady = s.value.filter((n) => !n.ready).map((n) => n.name);
  const before = new Set(input.cordonedAtStart ?? []);
  const mine = new Set(nodesOf(expect, input) ?? []);
  const cordoned = s.value.filter((n) => n.unschedulable && mine.has(n.name) && !before.has(n.name)).map((n) => n.name);
  // Memory, disk or PID pressure: the kubelet taints the node and evicts, and an upgrade Job may not be scheduled there.
  const pressed = s.value.filter((n) => n.pressures.length).map((n) => `${n.name} (${n.pressures.join(', ')})`);
  const objects = [...notReady, ...cordoned, ...s.value.filter((n) => n.pressures.length).map((n) => n.name)].map((n) => objectRef('Node', n));
  const problems = [
    notReady.length ? `not Ready: ${nameList(notReady)}` : '',
    cordoned.length ? `still cordoned: ${nameList(cordoned)}` : '',
    pressed.length ? `under pressure: ${pressed.join(', ')}` : '',
  ].filter(Boolean);
  if (problems.length) return waiting(id, title, problems.join('; '), { objects, evidence: { notReady, cordoned, pressure: pressed } });
  return pass(id, title, `all ${s.value.length} nodes Ready${mine.size ? ', the phase\'s nodes schedulable' : ''}`);
};

const versionsConverged: Check = (expect, input) => {
  const [id, title] = ['gate.versions-converged', `Versions converged on ${expect.version}`];
  if (expect.component === 'k3s') {
    if (input.planFailure) return fail(id, title, `the upgrade Job failed: ${input.planFailure}`, { objects: [objectRef('Plan', expect.sucPlan)] });
    const names = nodesOf(expect, input);
    if (!names) return unread(id, title, `the nodes Plan ${expect.sucPlan} selects were`);
    const s = input.snapshot.nodes;
    if (s.state !== 'ok') return unread(id, title, 'the nodes were');
    if (!names.length && expect.role === 'canary') return fail(id, title, `the canary Plan ${expect.sucPlan} selects no agent: label the canary nodes (the plan's strategy.canary.selector), or the rest would go without a canary`, { objects: [objectRef('Plan', expect.sucPlan)] });
    if (!names.length) return pass(id, title, `Plan ${expect.sucPlan} selects no node: nothing to converge`);
    const target = parseKubeVersion(expect.version);
    if (!target.ok) return fail(id, title, target.error);
    const behind: string[] = [];
    const ahead: string[] = [];
    for (const name of names) {
      const node = s.value.find((n) => n.name === name);
      const v = node ? parseKubeVersion(node.kubeletVersion) : undefined;
      const c = v?.ok ? compareKube(v.value, target.value) : -1;
      if (c < 0) behind.push(node ? `${name} (${node.kubeletVersion})` : `${name} (not listed)`);
      else if (c > 0) ahead.push(`${name} (${node?.kubeletVersion ?? ''})`);
    }
    if (ahead.length) return fail(id, title, `newer than ${expect.version}, which cannot converge: ${nameList(ahead)}`);
    if (behind.length) return waiting(id, title, `not yet on ${expect.version}: ${nameList(behind)}`, { evidence: { behind } });
    return pass(id, title, `${names.length === 1 ? names[0] : `all ${names.length} nodes`} on ${expect.version}`);
  }
  if (expect.component === 'rook') {
    const op = input.snapshot.components.rookOperator;
    if (!input.rookDaemons) return unread(id, title, 'the Rook daemons\' rook-version labels were');
    const off = input.rookDaemons.filter((d) => d.rookVersion !== expect.version).map((d) => `${d.name} (${d.rookVersion ?? 'no label'})`);
    const opVersion = op.state === 'ok' ? op.value.version : undefined;
    if (opVersion !== expect.version) off.unshift(`the operator (${opVersion ?? 'unknown'})`);
    if (off.length) return waiting(id, title, `not yet on rook-version ${expect.version}: ${nameList(off)}`, { evidence: { behind: off } });
    return pass(id, title, `the operator and all ${input.rookDaemons.length} Rook daemons on ${expect.version}`);
  }
  const target = parseCephVersion(expect.version);
  if (!target.ok) return fail(id, title, target.error);
  const cc = input.snapshot.components.cephClusters;
  if (cc.state !== 'ok') return unread(id, title, 'the CephClusters were');
  const versions = [
    ...cc.value.map((c) => ({ what: `CephCluster ${c.namespace}/${c.name}`, v: c.cephVersion })),
    ...(input.cephDaemons ?? []).map((d) => ({ what: d.name, v: d.cephVersion })),
  ];
  const behind: string[] = [];
  const ahead: string[] = [];
  for (const x of versions) {
    const p = x.v ? parseCephVersion(x.v) : undefined;
    const c = p?.ok ? cmpCeph(p.value, target.value) : -1;
    if (c < 0) behind.push(`${x.what} (${x.v ?? 'unknown'})`);
    else if (c > 0) ahead.push(`${x.what} (${x.v ?? ''})`);
  }
  if (ahead.length) return fail(id, title, `newer than ${expect.version}: ${nameList(ahead)}`);
  if (behind.length) return waiting(id, title, `not yet on Ceph ${expect.version}: ${nameList(behind)}`, { evidence: { behind } });
  if (!input.cephDaemons) return waiting(id, title, `the CephClusters report ${expect.version}; the daemons' ceph-version labels not read yet`);
  return pass(id, title, `the CephClusters and all ${input.cephDaemons.length} Ceph daemons on ${expect.version}`);
};

/** By major, minor and patch only: a date-tagged image (`v19.2.3-20250101`) reports `19.2.3-0` once running. */
function cmpCeph(a: { major: number; minor: number | undefined; patch: number | undefined }, b: { major: number; minor: number | undefined; patch: number | undefined }): number {
  return a.major - b.major || (a.minor ?? 0) - (b.minor ?? 0) || (a.patch ?? 0) - (b.patch ?? 0);
}

const workloadsHealthy: Check = (_e, input) => {
  const [id, title] = ['gate.workloads-healthy', 'No workload crash-looping or unavailable'];
  const p = input.pods;
  if (!p) return unread(id, title, 'the pods were');
  const looping = p.crashLooping.map((c) => `${c.namespace}/${c.name} (${c.restartsSincePhase} restarts)`);
  const hopeless = p.crashLooping.filter((c) => c.restartsSincePhase >= CRASH_LOOP_FAIL_RESTARTS);
  const down = p.unavailable.map((u) => `${u.kind} ${u.namespace}/${u.name} (${u.available}/${u.desired} available)`);
  const objects = [...p.crashLooping.map((c) => objectRef('Pod', c.name, c.namespace)), ...p.unavailable.map((u) => objectRef(u.kind, u.name, u.namespace))];
  const reason = [looping.length ? `crash-looping: ${nameList(looping, 3)}` : '', down.length ? `unavailable beyond budget: ${nameList(down, 3)}` : ''].filter(Boolean).join('; ');
  if (hopeless.length) return fail(id, title, `${reason} — ${CRASH_LOOP_FAIL_RESTARTS} or more restarts since the phase started`, { objects });
  if (reason) return waiting(id, title, reason, { objects });
  return pass(id, title, 'no pod crash-looping, every workload within its budget');
};

const cephHealthOk: Check = (_e, input) => {
  const c = checkCephHealth(input.snapshot);
  const head = { id: 'gate.ceph-health', title: 'Ceph HEALTH_OK' };
  if (c.status === 'pass' || c.status === 'warn') return { ...c, ...head, verdict: 'pass' };
  const errs = input.snapshot.components.cephClusters.state === 'ok' && input.snapshot.components.cephClusters.value.some((x) => x.health === 'HEALTH_ERR');
  return { ...c, ...head, status: c.status, verdict: errs ? 'fail' : 'waiting' };
};

const pgsActiveClean: Check = (_e, input) => {
  const c = checkCephPgs(input.snapshot, input.cephStatus);
  const head = { id: 'gate.pgs-active-clean', title: 'Every placement group active+clean' };
  if (c.status === 'pass' || c.status === 'warn') return { ...c, ...head, verdict: 'pass' };
  const stuck = (input.cephStatus ?? []).flatMap((s) => s.pgsByState ?? []).filter((p) => p.count > 0 && p.state.split('+').some((x) => STUCK_PG_STATES.includes(x)));
  if (stuck.length) return { ...c, ...head, verdict: 'fail', reason: `${c.reason} (${stuck.map((p) => p.state).join(', ')} does not recover by waiting)` };
  return { ...c, ...head, verdict: 'waiting' };
};

const apiServerHealthy: Check = (_e, input) => {
  const [id, title] = ['gate.api-server', 'API server healthy'];
  if (!input.apiServer) return unread(id, title, '/readyz was');
  return input.apiServer.healthy ? pass(id, title, '/readyz answered ok') : waiting(id, title, `/readyz: ${input.apiServer.detail ?? 'not ready'}`);
};

const noPendingPods: Check = (_e, input) => {
  const [id, title] = ['gate.no-pending-pods', 'No pod Pending'];
  if (!input.pods) return unread(id, title, 'the pods were');
  const pending = input.pods.pending.map((p) => `${p.namespace}/${p.name}${p.reason ? ` (${p.reason})` : ''}`);
  if (pending.length) return waiting(id, title, `Pending: ${nameList(pending, 3)}`, { objects: input.pods.pending.map((p) => objectRef('Pod', p.name, p.namespace)) });
  return pass(id, title, 'no pod Pending');
};

/** Waiting while a blocking alert fires (it may resolve) or Prometheus cannot be read (a flaky read recovers); at the deadline either fails. */
const noFiringAlerts: Check = (_e, input) => {
  const [id, title] = ['gate.no-firing-alerts', 'No blocking Prometheus alert firing'];
  if (!input.alerts) return unread(id, title, 'the Prometheus alerts were');
  const j = judgeAlerts(input.alerts);
  return (j.verdict === 'pass' ? pass : waiting)(id, title, j.reason, { objects: j.objects, evidence: j.evidence });
};

const CHECKS: Record<HealthCheckName, Check> = { nodesReady, versionsConverged, workloadsHealthy, cephHealthOk, pgsActiveClean, apiServerHealthy, noPendingPods, noFiringAlerts };
