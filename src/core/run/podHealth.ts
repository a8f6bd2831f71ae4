import type { PodHealthInput } from './gates';

/** The fields of a pod a gate reads (plain JSON, everything optional). */
export interface GatePod {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly nodeName?: string };
  readonly status?: {
    readonly phase?: string;
    readonly reason?: string;
    readonly conditions?: readonly { readonly type?: string; readonly status?: string; readonly reason?: string }[];
    readonly containerStatuses?: readonly { readonly restartCount?: number; readonly state?: { readonly waiting?: { readonly reason?: string } } }[];
  };
}

/** The fields of a Deployment, StatefulSet or DaemonSet a gate reads. */
export interface GateWorkload {
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: { readonly replicas?: number; readonly strategy?: { readonly rollingUpdate?: { readonly maxUnavailable?: number | string } } };
  readonly status?: { readonly availableReplicas?: number; readonly desiredNumberScheduled?: number; readonly numberAvailable?: number };
}

const key = (p: GatePod): string => `${p.metadata?.namespace ?? ''}/${p.metadata?.name ?? ''}`;
const restarts = (p: GatePod): number => (p.status?.containerStatuses ?? []).reduce((n, c) => n + (typeof c.restartCount === 'number' && c.restartCount > 0 ? c.restartCount : 0), 0);

/** Every pod's restarts now: the baseline a gate counts "restarts since the phase started" from. */
export function restartBaseline(pods: readonly GatePod[]): Map<string, number> {
  return new Map(pods.map((p) => [key(p), restarts(p)]));
}

/** `maxUnavailable` of a rolling update as a count of `desired` (a percentage rounds down, as Kubernetes does); default 25 %. */
export function maxUnavailableOf(w: GateWorkload, desired: number): number {
  const raw = w.spec?.strategy?.rollingUpdate?.maxUnavailable ?? '25%';
  if (typeof raw === 'number') return Math.max(0, Math.floor(raw));
  const m = /^(\d{1,3})%$/.exec(raw.trim());
  return m ? Math.floor((desired * Math.min(100, Number(m[1]))) / 100) : 0;
}

/**
 * What the workloads look like for a gate: pods in CrashLoopBackOff with their restarts since the
 * baseline (a pod new since then counts all of its restarts), Pending pods with why, and workloads with
 * more replicas unavailable than their rolling-update budget allows. Linear in pods and workloads.
 */
export function podHealthOf(pods: readonly GatePod[], workloads: readonly GateWorkload[], baseline: ReadonlyMap<string, number>): PodHealthInput {
  const crashLooping: PodHealthInput['crashLooping'][number][] = [];
  const pending: PodHealthInput['pending'][number][] = [];
  for (const p of pods) {
    const namespace = p.metadata?.namespace ?? '';
    const name = p.metadata?.name ?? '';
    if ((p.status?.containerStatuses ?? []).some((c) => c.state?.waiting?.reason === 'CrashLoopBackOff')) {
      crashLooping.push({ namespace, name, ...(p.spec?.nodeName ? { node: p.spec.nodeName } : {}), restartsSincePhase: Math.max(0, restarts(p) - (baseline.get(key(p)) ?? 0)) });
    }
    if (p.status?.phase === 'Pending') {
      const why = p.status.conditions?.find((c) => c.type === 'PodScheduled' && c.status === 'False')?.reason
        ?? p.status.containerStatuses?.find((c) => c.state?.waiting?.reason)?.state?.waiting?.reason
        ?? p.status.reason;
      pending.push({ namespace, name, ...(why ? { reason: why } : {}) });
    }
  }
  const unavailable: PodHealthInput['unavailable'][number][] = [];
  for (const w of workloads) {
    const kind = w.kind ?? 'Deployment';
    const daemon = kind === 'DaemonSet';
    const desired = daemon ? (w.status?.desiredNumberScheduled ?? 0) : (w.spec?.replicas ?? 1);
    const available = daemon ? (w.status?.numberAvailable ?? 0) : (w.status?.availableReplicas ?? 0);
    if (desired - available > maxUnavailableOf(w, desired)) {
      unavailable.push({ kind, namespace: w.metadata?.namespace ?? '', name: w.metadata?.name ?? '', available, desired });
    }
  }
  return { crashLooping, unavailable, pending };
}
