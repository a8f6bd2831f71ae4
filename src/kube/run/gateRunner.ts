import { type Result, err, ok } from '../../common/result';
import { type AlertsReading, alertRuleOf } from '../../core/run/alerts';
import type { ApiNode } from '../../core/cluster/apiObjects';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import { type GateInputs, type GateResult, evaluateGate, settleAtDeadline } from '../../core/run/gates';
import { type GatePod, type GateWorkload, podHealthOf, restartBaseline } from '../../core/run/podHealth';
import type { Expectation, HealthCheckName } from '../../core/run/phases';
import { sucNamespace } from '../../core/run/sucPlans';
import { SUC_PLANS } from '../../core/run/writes';
import { CEPH_CLUSTERS, DEPLOYMENTS, NODES } from '../discovery';
import { type ApiSucPlan, planFailure, rookNamespace, withNodes, withRook } from './clusterView';
import type { RunContext } from './context';
import { type Watched, watchAll } from './watchAll';
import { PODS, UNFINISHED_PODS } from '../preflight/refs';
import { prometheusClient } from '../prometheus';

/**
 * A health gate (or a wait on versions) evaluated on every change of what it watches: the nodes always,
 * the phase's Plan for K3s, Rook's Deployments and the CephClusters for Rook and Ceph. No polling: only
 * `/readyz` and the plan's Prometheus alerts (no watch exists for either) are read again, at most every
 * READYZ_EVERY_MS and PROMETHEUS_EVERY_MS while the gate waits.
 * Ends at pass, at fail, or at the deadline, where a gate still waiting fails (settleAtDeadline).
 */

/** How often `/readyz` is read again while a gate that checks the API server waits. */
export const READYZ_EVERY_MS = 10_000;
/** How often the Prometheus alerts are read again while a gate with `noFiringAlerts` waits. */
export const PROMETHEUS_EVERY_MS = 10_000;
/** A gate entered at or past its deadline still gets this long for its first reading. */
const FIRST_READ_MS = 15_000;

export interface GateSpec {
  readonly id: string;
  readonly checks: readonly HealthCheckName[];
  readonly expect: Expectation;
  /** The plan's duration text, for the deadline message. */
  readonly timeout: string;
  readonly timeoutMs: number;
  /** The nodes of the phase the gate follows, as resolved when it started (a canary by selector). */
  readonly phaseNodes?: readonly string[];
  /** `soak`: a waiting result does not end the wait; the deadline with nothing failed is a pass. */
  readonly soak?: boolean;
}

/** Evaluates `spec` until it passes, fails or its time is up; the error is the cluster's (or cancelled). */
export async function runGate(ctx: RunContext, base: ClusterSnapshot, spec: GateSpec): Promise<Result<GateResult, string>> {
  const started = ctx.now().getTime();
  const deadline = started + spec.timeoutMs;
  const k3s = spec.expect.component === 'k3s' ? spec.expect : undefined;
  const rook = !k3s || spec.checks.some((c) => c === 'cephHealthOk' || c === 'pgsActiveClean');
  const ns = rookNamespace(base);
  const watched: Watched[] = [{ ref: NODES }];
  if (k3s) watched.push({ ref: SUC_PLANS(sucNamespace(base)), fieldSelector: `metadata.name=${k3s.sucPlan}` });
  if (rook) watched.push({ ref: { ...DEPLOYMENTS, namespace: ns } }, { ref: CEPH_CLUSTERS });
  const readyz = spec.checks.includes('apiServerHealthy');
  const readAlerts = spec.checks.includes('noFiringAlerts') ? alertsReader(ctx) : undefined;
  // Pods and workloads (all namespaces) only when a check reads them; unfinished pods only.
  const workloads = spec.checks.some((c) => c === 'workloadsHealthy' || c === 'noPendingPods');
  const podsAt = watched.length;
  if (workloads) {
    watched.push(
      { ref: PODS, fieldSelector: UNFINISHED_PODS },
      { ref: DEPLOYMENTS },
      { ref: { group: 'apps', version: 'v1', resource: 'statefulsets' } },
      { ref: { group: 'apps', version: 'v1', resource: 'daemonsets' } },
    );
  }
  /** Restarts when the gate first read the pods: "since the phase" for crash loops. */
  let baseline: Map<string, number> | undefined;
  let last: GateResult | undefined;
  // What cannot be watched is read when due: at the start, then at most every READYZ_EVERY_MS / PROMETHEUS_EVERY_MS.
  let apiServer: GateInputs['apiServer'];
  let alerts: AlertsReading | undefined;
  let readyzDue = started;
  let alertsDue = started;
  for (;;) {
    if (readyz && ctx.now().getTime() >= readyzDue) {
      apiServer = await readReadyz(ctx);
      readyzDue = ctx.now().getTime() + READYZ_EVERY_MS;
    }
    if (readAlerts && ctx.now().getTime() >= alertsDue) {
      alerts = await readAlerts();
      alertsDue = ctx.now().getTime() + PROMETHEUS_EVERY_MS;
    }
    // The time left; only a gate entered at or past its deadline gets FIRST_READ_MS for a first reading.
    const left = deadline - ctx.now().getTime();
    const window = left > 0 ? left : last ? 1 : FIRST_READ_MS;
    const nextRead = Math.min(readyz ? readyzDue : Infinity, readAlerts ? alertsDue : Infinity) - ctx.now().getTime();
    const inputs = (objects: readonly (readonly object[])[]): GateInputs => {
      const nodes = objects[0] as ApiNode[];
      let i = 1;
      const plan = k3s ? (objects[i++] as ApiSucPlan[])[0] : undefined;
      const rookParts = rook ? withRook(withNodes(base, nodes), objects[i], objects[i + 1]) : { snapshot: withNodes(base, nodes) };
      const failure = planFailure(plan);
      let pods: GateInputs['pods'];
      if (workloads) {
        const list = objects[podsAt] as GatePod[];
        baseline ??= restartBaseline(list);
        const kinds: [number, string][] = [[podsAt + 1, 'Deployment'], [podsAt + 2, 'StatefulSet'], [podsAt + 3, 'DaemonSet']];
        pods = podHealthOf(list, kinds.flatMap(([at, kind]) => (objects[at] as GateWorkload[]).map((w) => ({ ...w, kind }))), baseline);
      }
      return {
        ...(pods ? { pods } : {}),
        ...rookParts,
        cordonedAtStart: ctx.cordonedAtStart,
        ...(spec.phaseNodes ? { phaseNodes: spec.phaseNodes } : {}),
        ...(failure ? { planFailure: failure } : {}),
        ...(apiServer ? { apiServer } : {}),
        ...(alerts ? { alerts } : {}),
      };
    };
    const settle = (g: GateResult): GateResult => settleAtDeadline(g, ctx.now(), new Date(deadline).toISOString(), spec.timeout);
    const r = await watchAll<GateResult>(ctx.client, watched, (objects) => {
      last = evaluateGate(spec.id, spec.checks, spec.expect, inputs(objects));
      if (last.status === 'fail' || (!spec.soak && last.status === 'pass')) return last;
      // Past the deadline (a gate entered late, after its phase ran out of time) the first reading decides.
      return ctx.now().getTime() >= deadline ? settle(last) : undefined;
    }, { timeoutMs: Math.max(1, Math.min(window, nextRead)), signal: ctx.signal, what: `gate ${spec.id}` });
    if (r.ok) return r;
    if (r.error.kind !== 'timeout') return err(r.error.kind === 'aborted' ? 'cancelled' : `the cluster could not be read: ${r.error.message}`);
    if (ctx.now().getTime() < deadline) continue;
    if (!last) return err(`nothing was read for gate ${spec.id} within ${spec.timeout}`);
    return ok(settle(last));
  }
}

async function readReadyz(ctx: RunContext): Promise<{ healthy: boolean; detail?: string }> {
  try {
    const res = await ctx.client.getText('/readyz', ctx.signal, { maxBytes: 64 * 1024 });
    return res.status === 200 ? { healthy: true } : { healthy: false, detail: `HTTP ${res.status}: ${res.body.slice(0, 200)}` };
  } catch (e) {
    return { healthy: false, detail: e instanceof Error ? e.message : String(e) };
  }
}

/** Reads the alerts of the plan's `gates.prometheus`; a plan without one (or a bad URL) reads as an error the gate shows. */
function alertsReader(ctx: RunContext): () => Promise<AlertsReading> {
  const rule = alertRuleOf(ctx.plan.gates);
  const fallback = { url: '', names: [], severity: undefined };
  if (!rule.ok || !rule.value) return () => Promise.resolve({ rule: fallback, read: err(rule.ok ? 'the plan has no gates.prometheus' : rule.error) });
  const known = rule.value;
  const client = prometheusClient(known.url);
  if (!client.ok) return () => Promise.resolve({ rule: known, read: client });
  return async () => ({ rule: known, read: await client.value.alerts(ctx.signal) });
}
