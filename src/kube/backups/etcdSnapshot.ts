import {
  type ApiJob,
  buildEtcdSnapshotJob,
  chooseSnapshotNode,
  ETCD_JOB_DEADLINE_S,
  ETCD_JOB_TTL_S,
  etcdJobName,
  etcdSnapshotName,
  findSnapshotFile,
  jobOutcome,
  noSnapshotNodeResult,
  verifySnapshotFile,
} from '../../core/backups/etcdSnapshot';
import { failed } from '../../core/backups/result';
import type { BackupResult, PlannedWrite, ProgressListener } from '../../core/backups/types';
import type { ApiEtcdSnapshotFile } from '../../core/cluster/apiObjects';
import { describeApiError } from '../../core/cluster/errors';
import { UPGRADE_DEFAULTS } from '../../core/cluster/permissions';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import type { KubeClient, ResourceRef } from '../client';
import { ETCD_SNAPSHOT_FILES } from '../discovery';
import { formatSeconds } from '../limits';
import { type WaitError, watchUntil } from './watchUntil';
import type { PreparedBackup } from './writes';

export const JOBS = (namespace: string): ResourceRef => ({ group: 'batch', version: 'v1', resource: 'jobs', namespace });

export interface EtcdSnapshotOptions {
  /** Job `activeDeadlineSeconds` (default ETCD_JOB_DEADLINE_S). */
  readonly activeDeadlineSeconds?: number;
  /** Waiting for the Job to finish (default: its deadline plus a minute). */
  readonly jobTimeoutMs?: number;
  /** Waiting, after the Job, for K3s to record a ready ETCDSnapshotFile (default 60 s). */
  readonly fileTimeoutMs?: number;
  readonly now?: () => Date;
}

/**
 * An on-demand K3s etcd snapshot: one Job on a Ready server with the etcd role, in the
 * system-upgrade-controller's namespace (where a run may create Jobs, see permissions.ts), then the
 * ETCDSnapshotFile K3s records for it, verified ready, not empty, on that node. Without such a server
 * the result is failed at once, saying what to do instead; nothing is written.
 */
export function prepareEtcdSnapshot(client: KubeClient, snapshot: ClusterSnapshot, plan: { metadata: { name: string } }, options: EtcdSnapshotOptions = {}): PreparedBackup {
  const now = options.now ?? (() => new Date());
  const at = now().toISOString();
  const nodes = snapshot.nodes.state === 'ok' ? snapshot.nodes.value : [];
  const target = chooseSnapshotNode(nodes);
  if (!target.ok) {
    const blocked =
      snapshot.nodes.state === 'error'
        ? failed('etcd-snapshot', `the nodes could not be read (${describeApiError(snapshot.nodes.error)}), so no etcd server can be chosen`, { startedAt: at, finishedAt: at })
        : noSnapshotNodeResult(target.error, at);
    return { kind: 'etcd-snapshot', writes: [], blocked, run: () => Promise.resolve(blocked) };
  }
  const suc = snapshot.components.systemUpgradeController;
  const namespace = suc.state === 'ok' ? suc.value.namespace : UPGRADE_DEFAULTS.systemUpgradeNamespace;
  const jobName = etcdJobName(plan.metadata.name, at);
  const snapshotName = etcdSnapshotName(plan.metadata.name, at);
  const deadlineS = options.activeDeadlineSeconds ?? ETCD_JOB_DEADLINE_S;
  const body = buildEtcdSnapshotJob({ namespace, jobName, snapshotName, planName: plan.metadata.name, target: target.value, activeDeadlineSeconds: deadlineS });
  const node = target.value.node;
  const write: PlannedWrite = {
    description: `create Job ${namespace}/${jobName} running \`k3s etcd-snapshot save --name ${snapshotName}\` on ${node} (${target.value.image})`,
    resource: JOBS(namespace),
    body,
  };

  const run = async (signal?: AbortSignal, onProgress?: ProgressListener): Promise<BackupResult> => {
    const startedAt = now().toISOString();
    const say = (message: string): void => onProgress?.({ kind: 'etcd-snapshot', message });
    const job = { kind: 'Job', namespace, name: jobName };
    const base = { node, k3sVersion: target.value.k3sVersion, image: target.value.image, job: `${namespace}/${jobName}`, snapshotName };
    const fail = (reason: string, fixHint?: string, objects = [job]): BackupResult =>
      failed('etcd-snapshot', reason, { startedAt, finishedAt: now().toISOString(), objects, evidence: base, fixHint });

    say(`Checking the snapshot Job with the API server (dry run)`);
    const dry = await client.create<object>(write.resource, body, { dryRun: true }, signal);
    if (!dry.ok) return fail(`the API server refused the snapshot Job (dry run): ${describeApiError(dry.error)}`, undefined, []);
    say(`Creating Job ${namespace}/${jobName} on ${node}`);
    const created = await client.create<ApiJob>(write.resource, body, {}, signal);
    if (!created.ok) return fail(`the snapshot Job could not be created: ${describeApiError(created.error)}`, undefined, []);

    say(`Waiting for \`k3s etcd-snapshot save\` on ${node}`);
    const jobTimeoutMs = options.jobTimeoutMs ?? (deadlineS + 60) * 1000;
    const done = await watchUntil<ApiJob, ReturnType<typeof jobOutcome>>(
      client,
      JOBS(namespace),
      (jobs) => {
        const o = jobOutcome(jobs.find((j) => j.metadata?.name === jobName));
        return o.state === 'running' ? undefined : o;
      },
      { fieldSelector: `metadata.name=${jobName}`, timeoutMs: jobTimeoutMs, signal, what: `the Job ${namespace}/${jobName}` },
    );
    const logs = `kubectl -n ${namespace} logs job/${jobName}`;
    if (!done.ok) return fail(waitSentence(done.error, `the snapshot Job ${namespace}/${jobName}`), `See \`${logs}\`; the Job and its Pod stay ${ETCD_JOB_TTL_S / 3600} h after they finish.`);
    if (done.value.state === 'failed') return fail(`the snapshot Job ${namespace}/${jobName} failed: ${done.value.reason}`, `See \`${logs}\` (the Pod's log holds the k3s error).`);

    say(`Waiting for the ETCDSnapshotFile of ${snapshotName} on ${node}`);
    let lastSeen: ApiEtcdSnapshotFile | undefined;
    const file = await watchUntil<ApiEtcdSnapshotFile, ApiEtcdSnapshotFile>(
      client,
      ETCD_SNAPSHOT_FILES,
      (files) => {
        const f = findSnapshotFile(files, snapshotName, node);
        lastSeen = f ?? lastSeen;
        return f && f.status?.readyToUse === true && Number(f.status.size ?? 0) > 0 ? f : undefined;
      },
      { timeoutMs: options.fileTimeoutMs ?? 60_000, signal, what: `the ETCDSnapshotFile of ${snapshotName}` },
    );
    const parts = { startedAt, finishedAt: now().toISOString(), objects: [job], evidence: base };
    if (file.ok) return verifySnapshotFile(file.value, node, parts);
    // Seen but never ready (or empty): say so with what it showed.
    if (lastSeen && file.error.kind === 'timeout') return verifySnapshotFile(lastSeen, node, parts);
    return fail(
      file.error.kind === 'timeout'
        ? `the Job completed but K3s recorded no ETCDSnapshotFile for ${snapshotName} on ${node} within ${formatSeconds(options.fileTimeoutMs ?? 60_000)}`
        : waitSentence(file.error, `the ETCDSnapshotFile of ${snapshotName}`),
      `See \`${logs}\` and \`kubectl get etcdsnapshotfiles\`.`,
    );
  };
  return { kind: 'etcd-snapshot', writes: [write], run };
}

/** One sentence for a wait that ended without an answer. */
export function waitSentence(e: WaitError, what: string): string {
  if (e.kind === 'timeout') return e.message;
  if (e.kind === 'aborted') return `cancelled while waiting for ${what}; what was created stays`;
  return `${what} could not be watched: ${describeApiError(e)}`;
}
