// system-upgrade-controller's drain: the upgrade Job's `drain` init container runs
//   kubectl drain <node> --pod-selector '!upgrade.cattle.io/controller[,<spec.drain.podSelector>]' [--ignore-daemonsets]
//     [--delete-emptydir-data] [--force] [--timeout T] [--grace-period N] [--disable-eviction=true] [--skip-wait-for-delete-timeout N]
// (rancher/system-upgrade-controller pkg/upgrade/job/job.go). This plays that command against the real API server:
// the node's pods are filtered as kubectl drain filters them, then each is evicted through the pods/eviction
// subresource (policy/v1), which the API server refuses with 429 while a PodDisruptionBudget allows no disruption;
// refused evictions are retried on every step until the drain's timeout (none: forever), and the drain is over
// only once the evicted pods are gone. The budgets are never judged here: the API server decides.
import { ApiException, CoreV1Api } from '@kubernetes/client-node';
import { type Informer, type Kube, selects } from './kube';
import type { DrainSpec, Pod } from './types';

export type DrainResult =
  | { state: 'drained' }
  | { state: 'waiting' }
  /** The drain container failed, so the Job does: the message the Plan shows. */
  | { state: 'failed'; message: string };

/** system-upgrade-controller's own pods; its drain always leaves them. */
const CONTROLLER_LABEL = 'upgrade.cattle.io/controller';
const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
const GO_UNIT_MS: Record<string, number> = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `drain.timeout` in milliseconds (0: none), as kubectl reads `--timeout`; undefined when it does not parse. */
export function drainTimeoutMs(t: DrainSpec['timeout']): number | undefined {
  if (t === undefined || t === null) return 0;
  if (typeof t === 'number') return Number.isFinite(t) && t >= 0 ? t / 1e6 : undefined;
  const s = String(t).trim();
  if (s === '0') return 0;
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(s)) return undefined;
  let ms = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += Number(m[1]) * GO_UNIT_MS[m[2]];
  return ms;
}

/** A duration as kubectl prints it in its timeout error (`30s`, `1m30s`). */
function goDuration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}m${s % 60 ? `${s % 60}s` : ''}`;
}

function podRef(p: Pod): string {
  return `${p.metadata.namespace}/${p.metadata.name}`;
}

/** What an eviction the API server refused says: its message, and the budget named in its causes. */
function refusal(e: unknown): { code: number; message: string } {
  if (!(e instanceof ApiException)) return { code: 0, message: e instanceof Error ? e.message : String(e) };
  let body: unknown = e.body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      /* not a Status */
    }
  }
  const status = body as { message?: unknown; details?: { causes?: { message?: unknown }[] } } | undefined;
  const message = typeof status?.message === 'string' ? status.message : String(e.message);
  const causes = (status?.details?.causes ?? []).map((c) => c.message).filter((m): m is string => typeof m === 'string');
  return { code: e.code, message: causes.length ? `${message} ${causes.join('; ')}` : message };
}

export class Drainer {
  private readonly core: CoreV1Api;
  /** Pod uid → the last refusal of its eviction (`error when evicting pods/"x" -n "ns": …`). */
  private readonly refused = new Map<string, string>();

  constructor(
    private readonly kube: Kube,
    private readonly pods: Informer<Pod>,
    private readonly log: (s: string) => void,
  ) {
    this.core = kube.kc.makeApiClient(CoreV1Api);
  }

  /** One pass of the drain of `node`, started at `startedMs`: evict what is left, or say it is over. */
  async drain(node: string, spec: DrainSpec, startedMs: number, nowMs: number): Promise<DrainResult> {
    const timeoutMs = drainTimeoutMs(spec.timeout);
    if (timeoutMs === undefined) return { state: 'failed', message: `drain of ${node}: invalid timeout ${JSON.stringify(spec.timeout)}` };
    const onNode = this.pods.list().filter((p) => p.spec.nodeName === node && !(p.metadata.labels ?? {})[CONTROLLER_LABEL] && (spec.podSelector === undefined || selects(spec.podSelector, p.metadata.labels)));

    // kubectl drain's filters: skip DaemonSet and mirror pods, refuse bare pods and local storage unless told.
    const errors: string[] = [];
    const toGo: Pod[] = [];
    for (const p of onNode) {
      const finished = p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed';
      const controller = p.metadata.ownerReferences?.find((o) => (o as { controller?: boolean }).controller === true);
      if (p.metadata.deletionTimestamp && (spec.skipWaitForDeleteTimeout ?? 0) > 0 && nowMs - Date.parse(p.metadata.deletionTimestamp) > (spec.skipWaitForDeleteTimeout ?? 0) * 1000) continue;
      if (controller?.kind === 'DaemonSet') {
        if (spec.ignoreDaemonSets === false) errors.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${podRef(p)}`);
        continue;
      }
      if (p.metadata.annotations?.[MIRROR_ANNOTATION] !== undefined) continue;
      if (!finished && !controller && !spec.force) errors.push(`cannot delete Pods that declare no controller (use --force to override): ${podRef(p)}`);
      const localData = spec.deleteLocalData !== false && spec.deleteEmptydirData !== false;
      if (!finished && !localData && (p.spec.volumes ?? []).some((v) => v.emptyDir !== undefined)) errors.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${podRef(p)}`);
      toGo.push(p);
    }
    if (errors.length) return { state: 'failed', message: `drain of ${node} refused: ${errors.join(', ')}` };
    if (!toGo.length) {
      this.log(`drain: ${node} drained`);
      return { state: 'drained' };
    }
    if (timeoutMs > 0 && nowMs - startedMs > timeoutMs) {
      const stuck = toGo.find((p) => this.refused.has(p.metadata.uid ?? '')) ?? toGo[0];
      const why = this.refused.get(stuck.metadata.uid ?? '') ?? `waiting for pods/"${stuck.metadata.name}" -n "${stuck.metadata.namespace}" to be deleted`;
      return { state: 'failed', message: `drain of ${node} failed: global timeout reached: ${goDuration(timeoutMs)}: ${why}` };
    }
    for (const p of toGo) {
      if (p.metadata.deletionTimestamp) continue; // evicted already: wait until it is gone
      const failure = await this.evict(p, spec);
      if (failure) return { state: 'failed', message: `drain of ${node} failed: ${failure}` };
    }
    return { state: 'waiting' };
  }

  /** Evicts (or with disableEviction deletes) one pod; a 429 is kept to retry, any other refusal ends the drain. */
  private async evict(p: Pod, spec: DrainSpec): Promise<string | undefined> {
    const { namespace = 'default', name, uid = '' } = p.metadata;
    const grace = spec.gracePeriod !== undefined && spec.gracePeriod >= 0 ? { gracePeriodSeconds: spec.gracePeriod } : {};
    try {
      if (spec.disableEviction) {
        await this.kube.request('DELETE', `/api/v1/namespaces/${namespace}/pods/${name}`, { apiVersion: 'v1', kind: 'DeleteOptions', ...grace });
        this.log(`drain: deleted pod ${namespace}/${name}`);
      } else {
        await this.core.createNamespacedPodEviction({ name, namespace, body: { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name, namespace }, ...(spec.gracePeriod !== undefined ? { deleteOptions: grace } : {}) } });
        this.log(`drain: evicted pod ${namespace}/${name}`);
      }
      this.refused.delete(uid);
      return undefined;
    } catch (e) {
      const r = refusal(e);
      const status = e instanceof Error && 'status' in e ? (e as { status: number }).status : r.code;
      if (status === 404) return undefined; // gone already
      const text = `error when evicting pods/"${name}" -n "${namespace}": ${r.message}`;
      if (status === 429) {
        if (!this.refused.has(uid)) this.log(`drain: ${text} (will retry)`);
        this.refused.set(uid, text);
        return undefined;
      }
      return text;
    }
  }
}
