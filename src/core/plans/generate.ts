import { Document } from 'yaml';
import { defaultChecklist } from './checklist';
import { type ComponentName, PLAN_API_VERSION, PLAN_KIND, type PlanHop } from './model';

export interface NewPlanInput {
  readonly cluster: { readonly contextName: string; readonly server: string; readonly kubeSystemUID?: string; readonly distribution?: string };
  /** Versions running now; `k3s` or `kubernetes` names the Kubernetes component. */
  readonly current: Partial<Record<ComponentName, string>>;
  readonly target: Partial<Record<ComponentName, string>>;
  readonly hops: readonly PlanHop[];
  /** ISO date, passed in (core code does not read the clock). */
  readonly date: string;
  readonly velero?: boolean;
  readonly warnings?: readonly string[];
}

export function planNameFor(contextName: string, target: string | undefined): string {
  const base = `${contextName}-${target ?? 'upgrade'}`.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '');
  return (base || 'upgrade-plan').slice(0, 63).replace(/[^a-z0-9]+$/, '');
}

/** A complete plan for one cluster, pinned to it, with the computed hops and the default checklist. */
export function generatePlanText(input: NewPlanInput): string {
  const components: Record<string, { current: string; target: string }> = {};
  for (const c of ['k3s', 'kubernetes', 'rook', 'ceph'] as const) {
    const cur = input.current[c];
    if (cur !== undefined) components[c] = { current: cur, target: input.target[c] ?? cur };
  }
  const kubeTarget = input.target.k3s ?? input.target.kubernetes;
  const hasStorage = input.current.rook !== undefined || input.current.ceph !== undefined;
  const plan = {
    apiVersion: PLAN_API_VERSION,
    kind: PLAN_KIND,
    metadata: {
      name: planNameFor(input.cluster.contextName, kubeTarget),
      description: `Upgrade of ${input.cluster.contextName}${kubeTarget ? ` to ${kubeTarget}` : ''}`,
      created: input.date,
    },
    cluster: {
      contextName: input.cluster.contextName,
      server: input.cluster.server,
      ...(input.cluster.kubeSystemUID ? { kubeSystemUID: input.cluster.kubeSystemUID } : {}),
      ...(input.cluster.distribution ? { distribution: input.cluster.distribution } : {}),
    },
    components,
    hops: input.hops.map((h) => ({ component: h.component, version: h.version, ...(h.nodes ? { nodes: h.nodes } : {}), ...(h.reason ? { reason: h.reason } : {}) })),
    strategy: {
      canary: { size: 1 },
      concurrency: { servers: 1, agents: 1 },
      drain: { enabled: true, timeout: '10m', ignoreDaemonSets: true, deleteEmptyDirData: true },
      soakTime: '15m',
    },
    backups: {
      etcdSnapshot: { required: true, verification: 'exists' },
      ...(input.velero ? { velero: { required: true, verification: 'exists' } } : {}),
      manifestExport: { required: true, verification: 'checksum', path: './backups' },
    },
    gates: {
      healthChecks: ['nodesReady', 'versionsConverged', 'workloadsHealthy', ...(hasStorage ? ['cephHealthOk', 'pgsActiveClean'] : [])],
      timeout: '15m',
    },
    checklist: defaultChecklist(Object.keys(components) as ComponentName[], { velero: input.velero ?? false }),
    acceptedRisks: [],
    rollback: { onGateFailure: 'pause', snapshotPerMinor: true, rehearsed: false },
  };
  const doc = new Document(plan);
  const notes = (input.warnings ?? []).map((w) => ` Note: ${w}`);
  doc.commentBefore = [` Upgrade plan written by Upgrade Planner on ${input.date} for context "${input.cluster.contextName}".`, ' Review it like code; the checklist must be done before it may run.', ...notes].join('\n');
  return doc.toString({ lineWidth: 0, flowCollectionPadding: false });
}
