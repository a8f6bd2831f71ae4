import { type Result, err, ok } from '../../common/result';
import type { ApiEtcdSnapshotFile } from '../cluster/apiObjects';
import type { NodeSummary } from '../cluster/snapshot';
import { type ResultParts, failed, oneLine, verified } from './result';
import { timestampSlug, toDnsLabel } from './names';
import type { BackupResult } from './types';

/**
 * The etcd snapshot as a Job: `k3s etcd-snapshot save` run on one K3s server with embedded etcd,
 * from the rancher/k3s image of that node's own version. Since K3s 1.26 the command asks the local
 * server's supervisor (127.0.0.1:6443, hence hostNetwork) with the server token from the data dir,
 * reading /etc/rancher/k3s/config.yaml for the snapshot dir and S3 settings; the server writes the
 * file and records an ETCDSnapshotFile named after `--name`, the node and the time.
 */

export const ETCD_ROLE_LABEL = 'node-role.kubernetes.io/etcd';
export const K3S_DATA_DIR = '/var/lib/rancher/k3s';
export const K3S_CONFIG_DIR = '/etc/rancher/k3s';
/** Labels on everything the planner creates, to find (and clean up) its objects. */
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'upgrade-planner' } as const;
export const BACKUP_LABEL = 'upgradeplanner.dev/backup';
export const PLAN_ANNOTATION = 'upgradeplanner.dev/plan';

/** The Job may run this long before Kubernetes kills it (pulling the image included). */
export const ETCD_JOB_DEADLINE_S = 600;
/** A finished Job (and its Pod, with the log) stays this long for whoever wants to look. */
export const ETCD_JOB_TTL_S = 24 * 3600;

const NO_ETCD_HINT =
  'Run the upgrade against a K3s server with embedded etcd, or back up the datastore with its own tools first ' +
  '(an external datastore: its database backup, e.g. pg_dump or etcdctl snapshot save) and remove backups.etcdSnapshot from the plan.';

export interface EtcdSnapshotTarget {
  readonly node: string;
  readonly k3sVersion: string;
  /** `rancher/k3s:v1.30.4-k3s1`. */
  readonly image: string;
}

/**
 * The server the snapshot is taken on: a Ready node with the etcd role, by name. Fails with a sentence
 * when the cluster has none (not K3s with embedded etcd, or none Ready) or its version is not a K3s one.
 */
export function chooseSnapshotNode(nodes: readonly NodeSummary[]): Result<EtcdSnapshotTarget, { reason: string; fixHint: string }> {
  const etcd = nodes.filter((n) => n.roles.includes('etcd')).sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }));
  if (etcd.length === 0) {
    return err({
      reason: `no node has the ${ETCD_ROLE_LABEL} role: an etcd snapshot needs a K3s server with embedded etcd`,
      fixHint: NO_ETCD_HINT,
    });
  }
  const ready = etcd.filter((n) => n.ready && !n.unschedulable);
  const node = ready[0] ?? etcd.find((n) => n.ready);
  if (!node) {
    return err({ reason: `none of the etcd servers (${etcd.map((n) => n.name).join(', ')}) is Ready`, fixHint: 'Bring an etcd server back to Ready, then take the snapshot.' });
  }
  const image = k3sImage(node.kubeletVersion);
  if (!image) {
    return err({ reason: `node ${node.name} reports version "${oneLine(node.kubeletVersion, 60)}", not a K3s version (v1.30.4+k3s1)`, fixHint: NO_ETCD_HINT });
  }
  return ok({ node: node.name, k3sVersion: node.kubeletVersion, image });
}

/** `v1.30.4+k3s1` → `rancher/k3s:v1.30.4-k3s1` (image tags cannot hold `+`); undefined for a version that is not K3s'. */
export function k3sImage(version: string): string | undefined {
  if (!/^v\d+\.\d+\.\d+(-rc\d+)?\+k3s\d+$/.test(version)) return undefined;
  return `rancher/k3s:${version.replace('+', '-')}`;
}

/** `pre-upgrade-prod-20261127-161200`: `--name` for `k3s etcd-snapshot save`, a DNS label K3s extends with node and time. */
export function etcdSnapshotName(planName: string, nowIso: string): string {
  const ts = timestampSlug(nowIso);
  return `${toDnsLabel(planName, 63 - ts.length - 1, 'plan')}-${ts}`;
}

/** The Job's name: `etcd-snapshot-<plan>-<time>`, at most 63 characters (it becomes the Pods' job-name label). */
export function etcdJobName(planName: string, nowIso: string): string {
  const ts = timestampSlug(nowIso);
  const prefix = 'etcd-snapshot-';
  return `${prefix}${toDnsLabel(planName, 63 - prefix.length - ts.length - 1, 'plan')}-${ts}`;
}

export interface EtcdJobInput {
  readonly namespace: string;
  readonly jobName: string;
  readonly snapshotName: string;
  readonly planName: string;
  readonly target: EtcdSnapshotTarget;
  readonly activeDeadlineSeconds?: number;
  readonly ttlSecondsAfterFinished?: number;
}

/** The Job, pinned to the node (no scheduler), tolerating server taints, privileged, with the K3s data and config dirs mounted. */
export function buildEtcdSnapshotJob(i: EtcdJobInput): object {
  const labels = { ...MANAGED_BY, [BACKUP_LABEL]: 'etcd-snapshot' };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name: i.jobName, namespace: i.namespace, labels, annotations: { [PLAN_ANNOTATION]: i.planName } },
    spec: {
      backoffLimit: 0,
      activeDeadlineSeconds: i.activeDeadlineSeconds ?? ETCD_JOB_DEADLINE_S,
      ttlSecondsAfterFinished: i.ttlSecondsAfterFinished ?? ETCD_JOB_TTL_S,
      template: {
        metadata: { labels },
        spec: {
          nodeName: i.target.node,
          restartPolicy: 'Never',
          hostNetwork: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          automountServiceAccountToken: false,
          // K3s' own server taints and CriticalAddonsOnly, whatever their effect.
          tolerations: ['node-role.kubernetes.io/control-plane', 'node-role.kubernetes.io/master', 'node-role.kubernetes.io/etcd', 'CriticalAddonsOnly'].map((key) => ({ key, operator: 'Exists' })),
          containers: [
            {
              name: 'etcd-snapshot',
              image: i.target.image,
              imagePullPolicy: 'IfNotPresent',
              command: ['k3s', 'etcd-snapshot', 'save', '--name', i.snapshotName],
              securityContext: { privileged: true },
              volumeMounts: [
                { name: 'k3s-data', mountPath: K3S_DATA_DIR },
                { name: 'k3s-config', mountPath: K3S_CONFIG_DIR, readOnly: true },
              ],
            },
          ],
          volumes: [
            { name: 'k3s-data', hostPath: { path: K3S_DATA_DIR, type: 'Directory' } },
            { name: 'k3s-config', hostPath: { path: K3S_CONFIG_DIR, type: 'DirectoryOrCreate' } },
          ],
        },
      },
    },
  };
}

/** The few Job fields read back. */
export interface ApiJob {
  metadata?: { name?: string; namespace?: string; uid?: string };
  status?: { conditions?: { type?: string; status?: string; reason?: string; message?: string }[]; startTime?: string; completionTime?: string };
}

export type JobOutcome = { readonly state: 'running' } | { readonly state: 'complete' } | { readonly state: 'failed'; readonly reason: string };

/** Complete or Failed once the Job controller says so (the terminal conditions, not SuccessCriteriaMet/FailureTarget). */
export function jobOutcome(job: ApiJob | undefined): JobOutcome {
  const cond = (type: string) => job?.status?.conditions?.find((c) => c.type === type && c.status === 'True');
  if (cond('Complete')) return { state: 'complete' };
  const f = cond('Failed');
  if (f) return { state: 'failed', reason: [f.reason, f.message].filter(Boolean).join(': ') || 'the Job failed' };
  return { state: 'running' };
}

/** The file K3s recorded for this save: spec.snapshotName `<name>-<node>-<unix>`, on that node (not an S3 copy). */
export function findSnapshotFile(files: readonly ApiEtcdSnapshotFile[], snapshotName: string, node: string): ApiEtcdSnapshotFile | undefined {
  return files.find((f) => f.spec?.nodeName === node && (f.spec?.snapshotName ?? '').startsWith(`${snapshotName}-`));
}

/** The snapshot file is there to restore from: ready, not empty, on the node it was taken on. */
export function verifySnapshotFile(file: ApiEtcdSnapshotFile, node: string, parts: ResultParts): BackupResult {
  const name = file.metadata?.name ?? '';
  const size = Number(file.status?.size ?? 0);
  const evidence = {
    ...parts.evidence,
    snapshotFile: name,
    snapshotName: file.spec?.snapshotName ?? '',
    node: file.spec?.nodeName ?? '',
    location: file.spec?.location ?? '',
    sizeBytes: Number.isFinite(size) ? size : 0,
    readyToUse: file.status?.readyToUse === true,
    ...(file.status?.creationTime ? { createdAt: file.status.creationTime } : {}),
  };
  const objects = [...(parts.objects ?? []), { kind: 'ETCDSnapshotFile', name }];
  const problems: string[] = [];
  if (file.status?.readyToUse !== true) problems.push('is not ready to use');
  if (!(size > 0)) problems.push('has no size');
  if (file.spec?.nodeName !== node) problems.push(`is on ${file.spec?.nodeName ?? 'no node'}, not ${node}`);
  if (problems.length) {
    return failed('etcd-snapshot', `ETCDSnapshotFile ${name} ${problems.join(' and ')}`, { ...parts, objects, evidence, fixHint: 'Look at the K3s server log on the node (journalctl -u k3s) for the snapshot.' });
  }
  return verified('etcd-snapshot', `snapshot ${file.spec?.snapshotName ?? name} saved on ${node} (${size.toLocaleString('en-US')} bytes)`, { ...parts, objects, evidence });
}

/** The result for a cluster without a server to snapshot: nothing was created. */
export function noSnapshotNodeResult(problem: { reason: string; fixHint: string }, at: string): BackupResult {
  return failed('etcd-snapshot', problem.reason, { startedAt: at, finishedAt: at, fixHint: problem.fixHint });
}
