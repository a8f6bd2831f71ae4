// A run's journal as the executor would write it, entry by entry, for the journal and rollback tests.
import type { BackupEntry, JournalEntry } from '../../../src/core/journal';
import type { RunEntry, RunNodeAtStart, RunPhase } from '../../../src/core/run';
import { uncordonWrite } from '../../../src/core/run';

export const CLUSTER = { context: 'k3s-demo', server: 'https://127.0.0.1:6443', kubeSystemUID: 'uid-1' };
export const RUN_ID = '20261128-220000-ab12cd';
const base = (at: string) => ({ at, plan: 'prod-k3s-1-33', cluster: CLUSTER, runId: RUN_ID });

export const NODES_AT_START: RunNodeAtStart[] = [
  ...[1, 2, 3].map((i) => ({ name: `k3s-server-${i}`, version: 'v1.30.8+k3s1', server: true, unschedulable: false })),
  { name: 'k3s-agent-1', version: 'v1.30.8+k3s1', server: false, unschedulable: false },
  { name: 'k3s-agent-5', version: 'v1.30.8+k3s1', server: false, unschedulable: true },
];

export function started(phases: readonly RunPhase[], at = '2026-11-28T22:00:00Z'): RunEntry {
  return {
    ...base(at), type: 'run-started', phases: phases.map((p) => ({ id: p.id, kind: p.kind, title: p.title })), nodes: NODES_AT_START,
    rookOperator: { namespace: 'rook-ceph', name: 'rook-ceph-operator', image: 'rook/ceph:v1.14.9' },
    cephClusters: [{ namespace: 'rook-ceph', name: 'rook-ceph', image: 'quay.io/ceph/ceph:v18.2.4' }],
  };
}

export function phaseStarted(phase: RunPhase, at: string, nodes?: string[]): RunEntry {
  return { ...base(at), type: 'phase-started', phaseId: phase.id, kind: phase.kind, ...('hop' in phase ? { hop: phase.hop } : {}), ...(nodes ? { nodes } : {}) };
}

export function phaseDone(id: string, at: string, outcome: 'done' | 'failed' | 'skipped' = 'done'): RunEntry {
  return { ...base(at), type: 'phase-done', phaseId: id, outcome };
}

export function nodeStep(phaseId: string, node: string, step: 'cordoned' | 'upgrading' | 'done', at: string, version?: string): RunEntry {
  return { ...base(at), type: 'node-step', phaseId, node, step, ...(version ? { version } : {}) };
}

export function createdPlan(phaseId: string, name: string, at: string): RunEntry {
  return {
    ...base(at), type: 'write', phaseId, verb: 'create', description: `create Plan system-upgrade/${name}`,
    object: { kind: 'Plan', namespace: 'system-upgrade', name }, resource: { group: 'upgrade.cattle.io', version: 'v1', resource: 'plans', namespace: 'system-upgrade' },
    afterResourceVersion: '1200', outcome: 'ok',
  };
}

export function patched(phaseId: string, kind: 'Deployment' | 'CephCluster', name: string, before: string, after: string, at: string): RunEntry {
  return {
    ...base(at), type: 'write', phaseId, verb: 'patch', description: `patch ${kind} rook-ceph/${name}`,
    object: { kind, namespace: 'rook-ceph', name }, resource: { group: kind === 'Deployment' ? 'apps' : 'ceph.rook.io', version: 'v1', resource: kind === 'Deployment' ? 'deployments' : 'cephclusters', namespace: 'rook-ceph' },
    beforeResourceVersion: '900', afterResourceVersion: '901', outcome: 'ok', before: { image: before }, after: { image: after },
  };
}

export function uncordoned(node: string, at: string): RunEntry {
  const w = uncordonWrite(node, 'cordoned by this run');
  return { ...base(at), type: 'write', verb: 'patch', description: w.description, object: w.object, resource: w.resource, outcome: 'ok', before: { unschedulable: true }, after: { unschedulable: false } };
}

/** A verified etcd snapshot, as the backups phase journals it (evidence from verifySnapshotFile). */
export function etcdBackup(file: string, snapshotName: string, createdAt: string, extra: Record<string, string> = {}): JournalEntry {
  const e: BackupEntry = {
    at: createdAt, plan: 'prod-k3s-1-33', cluster: CLUSTER, runId: RUN_ID, type: 'backup', kind: 'etcd-snapshot', status: 'verified',
    reason: `snapshot ${snapshotName} saved on k3s-server-1`, objects: [{ kind: 'ETCDSnapshotFile', name: file }],
    evidence: { snapshotFile: file, snapshotName, node: 'k3s-server-1', location: `file:///var/lib/rancher/k3s/server/db/snapshots/${snapshotName}`, sizeBytes: 18874400, readyToUse: true, createdAt, ...extra },
    startedAt: createdAt, finishedAt: createdAt,
  };
  return e;
}
