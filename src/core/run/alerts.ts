import { isRecord } from '../../common/guards';
import { type Result, err, ok } from '../../common/result';
import { type ObjectRef, nameList, objectRef } from '../preflight/result';

/**
 * The optional alert gate of a plan (`gates.prometheus`): no blocking Prometheus alert may be firing. What
 * blocks: the alerts the plan names (and at or above `severity` when it names one too), or, when it names
 * none, every alert at or above `severity` (default critical). Pending alerts never block but are reported.
 * Pure: the kube layer reads `/api/v1/alerts` and hands the answer (or why it could not) to judgeAlerts.
 */

export type AlertSeverity = 'warning' | 'critical';

/** `gates.prometheus` of a plan, checked. */
export interface AlertRule {
  /** The Prometheus base URL as the plan gives it (may hold credentials: never shown, see the kube client). */
  readonly url: string;
  /** Alert names that block; empty: any alert at or above the severity. */
  readonly names: readonly string[];
  /** The plan's `severity`; absent: critical when no names are listed, any severity for listed names. */
  readonly severity: AlertSeverity | undefined;
}

/** One active alert of `/api/v1/alerts`, reduced to what the gate judges and shows (values capped). */
export interface PrometheusAlert {
  readonly name: string;
  /** The `severity` label; kube-prometheus uses critical, warning, info and none. */
  readonly severity: string | undefined;
  readonly state: 'firing' | 'pending';
  readonly activeAt?: string;
  /** The labels saying where (node, namespace, pod, instance), when present. */
  readonly where: Readonly<Record<string, string>>;
}

/** What the gate knows of Prometheus: the rule, and the alerts read or why they could not be. */
export interface AlertsReading {
  readonly rule: AlertRule;
  readonly read: Result<readonly PrometheusAlert[]>;
}

/** The default minimum severity when the plan lists no alert names. */
export const DEFAULT_ALERT_SEVERITY: AlertSeverity = 'critical';
/** More active alerts than this in one answer is not a cluster to judge: refused, not truncated. */
export const MAX_ALERTS = 10_000;
/** Longest label value kept (a Kubernetes name is at most 253 characters). */
const MAX_LABEL_CHARS = 256;
/** Alerts named in a check's reason and evidence. */
const MAX_SHOWN = 20;
const WHERE_LABELS = ['node', 'namespace', 'pod', 'instance'] as const;
/** Severity order; a severity not listed (`page`, `high`) blocks only when the plan names the alert. */
const SEVERITY_RANK: Readonly<Record<string, number>> = { none: 0, info: 1, warning: 2, critical: 3 };

/** `gates.prometheus` of a plan: undefined when absent, an error when it is not what the schema allows. */
export function alertRuleOf(gates: Readonly<Record<string, unknown>> | undefined): Result<AlertRule | undefined> {
  const p = gates?.prometheus;
  if (p === undefined) return ok(undefined);
  if (!isRecord(p)) return err('gates.prometheus: expected an object with a url');
  if (typeof p.url !== 'string' || !/^https?:\/\//.test(p.url) || !isUrl(p.url)) return err('gates.prometheus.url: expected an http:// or https:// URL');
  const names = p.alerts ?? [];
  if (!Array.isArray(names) || names.some((n) => typeof n !== 'string' || !n.trim())) return err('gates.prometheus.alerts: expected a list of alert names');
  const severity = p.severity;
  if (severity !== undefined && severity !== 'warning' && severity !== 'critical') return err(`gates.prometheus.severity: expected warning or critical, not ${JSON.stringify(severity)}`);
  return ok({ url: p.url, names: [...new Set((names as string[]).map((n) => n.trim()))], severity });
}

function isUrl(s: string): boolean {
  try {
    return Boolean(new URL(s).host);
  } catch {
    return false;
  }
}

/** Whether `alert` (firing or pending) is one the rule blocks on. */
export function blocksOn(rule: AlertRule, alert: PrometheusAlert): boolean {
  const rank = SEVERITY_RANK[alert.severity ?? ''] ?? -1;
  const atLeast = (s: AlertSeverity): boolean => rank >= SEVERITY_RANK[s];
  if (rule.names.length) return rule.names.includes(alert.name) && (rule.severity === undefined || atLeast(rule.severity));
  return atLeast(rule.severity ?? DEFAULT_ALERT_SEVERITY);
}

/**
 * The answer of `/api/v1/alerts` (`{status: "success", data: {alerts: [...]}}`), or why it is not one:
 * an error answer of Prometheus, not JSON, not that shape, or more than MAX_ALERTS alerts. Inactive alerts
 * and ones without an alertname are left out; label values are cut at MAX_LABEL_CHARS.
 */
export function parseAlertsAnswer(body: string): Result<PrometheusAlert[]> {
  const doc = parseEnvelope(body);
  if (!doc.ok) return doc;
  const raw = isRecord(doc.value) ? doc.value.alerts : undefined;
  if (!Array.isArray(raw)) return err('the answer has no data.alerts list');
  if (raw.length > MAX_ALERTS) return err(`the answer lists ${raw.length} alerts, more than the ${MAX_ALERTS} judged; not read`);
  const out: PrometheusAlert[] = [];
  for (const a of raw) {
    if (!isRecord(a) || !isRecord(a.labels)) continue;
    const state = a.state;
    const name = a.labels.alertname;
    if ((state !== 'firing' && state !== 'pending') || typeof name !== 'string' || !name) continue;
    const where: Record<string, string> = {};
    for (const k of WHERE_LABELS) {
      const v = a.labels[k];
      if (typeof v === 'string' && v) where[k] = cap(v);
    }
    const severity = typeof a.labels.severity === 'string' ? cap(a.labels.severity) : undefined;
    out.push({ name: cap(name), severity, state, ...(typeof a.activeAt === 'string' ? { activeAt: cap(a.activeAt) } : {}), where });
  }
  return ok(out);
}

/**
 * The answer of `/api/v1/query` as one number: a scalar's value; for a vector the first sample other than
 * 0 (so "any series non-zero" reads as non-zero), 0 when all are, undefined when it is empty.
 */
export function parseQueryAnswer(body: string): Result<number | undefined> {
  const doc = parseEnvelope(body);
  if (!doc.ok) return doc;
  const d = doc.value;
  if (!isRecord(d)) return err('the answer has no data');
  const sample = (v: unknown): number | undefined => (Array.isArray(v) && v.length === 2 && typeof v[1] === 'string' ? Number(v[1]) : undefined);
  if (d.resultType === 'scalar') {
    const n = sample(d.result);
    return n === undefined ? err('the scalar answer has no value') : ok(n);
  }
  if (d.resultType !== 'vector') return err(`the query returns a ${typeof d.resultType === 'string' ? cap(d.resultType) : 'result'}, not a number or a vector`);
  if (!Array.isArray(d.result)) return err('the vector answer has no result list');
  const values = d.result.map((s) => (isRecord(s) ? sample(s.value) : undefined));
  if (values.some((v) => v === undefined)) return err('the vector answer holds a sample without a value');
  if (!values.length) return ok(undefined);
  return ok(values.find((v) => v !== 0) ?? 0);
}

/** `data` of a Prometheus API answer, or its error (`errorType: error`). */
function parseEnvelope(body: string): Result<unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(body) as unknown;
  } catch {
    return err('the answer is not JSON');
  }
  if (!isRecord(doc)) return err('the answer is not a Prometheus API answer');
  const text = (v: unknown, fallback: string): string => cap(typeof v === 'string' ? v : fallback);
  if (doc.status === 'error') return err(`Prometheus answered ${text(doc.errorType, 'error')}: ${text(doc.error, 'no reason given')}`);
  if (doc.status !== 'success') return err('the answer is not a Prometheus API answer (no status "success")');
  return ok(doc.data);
}

/** The gate check's verdict on a reading; waiting while a blocking alert fires or Prometheus cannot be read. */
export interface AlertJudgement {
  readonly verdict: 'pass' | 'waiting';
  readonly reason: string;
  readonly objects: readonly ObjectRef[];
  readonly evidence: Readonly<Record<string, number | readonly string[]>>;
}

export function judgeAlerts(reading: AlertsReading): AlertJudgement {
  const { rule, read } = reading;
  if (!read.ok) return { verdict: 'waiting', reason: `Prometheus could not be read: ${read.error}`, objects: [], evidence: {} };
  const firing = read.value.filter((a) => a.state === 'firing');
  const blocking = firing.filter((a) => blocksOn(rule, a));
  const pending = read.value.filter((a) => a.state === 'pending' && blocksOn(rule, a));
  const shown = (list: readonly PrometheusAlert[]): string[] => list.slice(0, MAX_SHOWN).map(describeAlert);
  const evidence = {
    ...(blocking.length ? { firing: shown(blocking) } : {}),
    ...(pending.length ? { pending: shown(pending) } : {}),
    firingCount: firing.length,
    blockingCount: blocking.length,
  };
  const pendingNote = pending.length ? `; pending (not blocking yet): ${nameList(pending.map(describeAlert), 3)}` : '';
  if (blocking.length) {
    const nodes = [...new Set(blocking.map((a) => a.where.node).filter((n): n is string => n !== undefined))].slice(0, MAX_SHOWN);
    return { verdict: 'waiting', reason: `firing: ${nameList(blocking.map(describeAlert), 3)}${pendingNote}`, objects: nodes.map((n) => objectRef('Node', n)), evidence };
  }
  const others = firing.length ? `; ${firing.length} other alert${firing.length === 1 ? '' : 's'} firing` : '';
  return { verdict: 'pass', reason: `no ${describeRule(rule)} firing${others}${pendingNote}`, objects: [], evidence };
}

/** `listed alert (KubeNodeNotReady, CephHealthError)`, `alert of severity critical`. */
export function describeRule(rule: AlertRule): string {
  const sev = rule.severity ?? DEFAULT_ALERT_SEVERITY;
  if (rule.names.length) return `listed alert (${nameList(rule.names, 5)}${rule.severity ? `, at ${sev} or above` : ''})`;
  return sev === 'critical' ? 'alert of severity critical' : `alert of severity ${sev} or critical`;
}

/** `KubeNodeNotReady (warning, node k3s-agent-1)`. */
export function describeAlert(a: PrometheusAlert): string {
  const where = Object.entries(a.where).map(([k, v]) => `${k} ${v}`);
  return `${a.name} (${[a.severity ?? 'no severity', ...where].join(', ')})`;
}

function cap(s: string): string {
  return s.length > MAX_LABEL_CHARS ? `${s.slice(0, MAX_LABEL_CHARS - 1)}…` : s;
}
