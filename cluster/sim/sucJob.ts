// The upgrade Job system-upgrade-controller creates for one node of a Plan, as rancher/system-upgrade-controller
// pkg/upgrade/job/job.go New() builds it: named apply-<plan>-on-<node>-with-<hash> (wrangler's SafeConcatName),
// labelled with the controller, node, plan, version and plan.upgrade.cattle.io/<plan>=<hash>, in the Plan's
// namespace without an owner reference (the controller deletes the Jobs of a deleted Plan itself), pinned to the
// node by affinity, init containers prepare, then drain or cordon, then the upgrade container
// `<spec.upgrade.image>:<version>`.
import { createHash } from 'node:crypto';
import type { LabelSelector } from './kube';
import type { DrainSpec, Node, Plan } from './types';

/** The controller's name (its Deployment's `upgrade.cattle.io/controller` label): the value of that label on its Jobs. */
export const CONTROLLER_NAME = 'system-upgrade-controller';
export const LABEL_CONTROLLER = 'upgrade.cattle.io/controller';
export const LABEL_NODE = 'upgrade.cattle.io/node';
export const LABEL_PLAN = 'upgrade.cattle.io/plan';
export const LABEL_VERSION = 'upgrade.cattle.io/version';
export const LABEL_EXCLUSIVE = 'upgrade.cattle.io/exclusive';
export const PLAN_LABEL_PREFIX = 'plan.upgrade.cattle.io/';
const ANNOTATION_TTL = 'upgrade.cattle.io/ttl-seconds-after-finished';

/** Values of the scenario's `default-controller-env` ConfigMap (cluster/scenarios/k3s-demo.yaml), which the controller reads at start. */
const KUBECTL_IMAGE = 'rancher/kubectl:v1.30.3';
const ACTIVE_DEADLINE_SECONDS = 900;
const TTL_SECONDS_AFTER_FINISHED = 900;
/**
 * Deviation: the scenario's controller env says SYSTEM_UPGRADE_JOB_BACKOFF_LIMIT=99; the simulator uses 0 so a
 * failing pod fails its Job at once instead of after kube-controller-manager's 10 s, 20 s, 40 s … pod retries.
 */
const BACKOFF_LIMIT = 0;
/**
 * Deviation: the Job's activeDeadlineSeconds is at least this. The simulated work is compressed (stepDelayMs per
 * container), but kwok's stages and kube-controller-manager's one-second pod-update batching are not, so a Plan
 * deadline of a few seconds would fail every Job, even one whose work is done.
 */
const MIN_ACTIVE_DEADLINE_SECONDS = 8;

/** wrangler's name.SafeConcatName: the parts joined by "-", cut to 63 characters with a 5-hex sha256 suffix when longer. */
export function safeConcatName(...parts: string[]): string {
  const full = parts.join('-');
  if (full.length < 64) return full;
  const digest = createHash('sha256').update(full).digest('hex').slice(0, 5);
  const c = full[56];
  const keep = /[a-z0-9]/.test(c) ? 57 : 56;
  return `${full.slice(0, keep)}-${digest}`;
}

/** upgradeplan.MungeVersion: a version as a label value and image tag (`+` is not allowed in either). */
export function mungeVersion(version: string): string {
  return version.replace(/\+/g, '-');
}

/** The Job's name for a plan, node and hash (the node's short name, before the first dot). */
export function upgradeJobName(planName: string, nodeName: string, hash: string): string {
  return safeConcatName('apply', planName, 'on', nodeName.split('.')[0], 'with', hash);
}

/** container.WithLatestTag: the tag is added only when the image has none. */
function withTag(image: string, tag: string): string {
  const last = image.slice(image.lastIndexOf('/') + 1);
  return last.includes(':') || last.includes('@') ? image : `${image}:${tag}`;
}

/** A Go time.Duration as String() prints it (`5s`, `1m30s`, `1.5s`). */
function goDurationString(ns: number): string {
  if (ns === 0) return '0s';
  let s = ns / 1e9;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const secs = `${Number(s.toFixed(9))}s`;
  return `${h ? `${h}h` : ''}${h || m ? `${m}m` : ''}${secs}`;
}

/** A label selector as labels.Selector.String() writes it, requirements sorted by key. */
function selectorString(sel: LabelSelector | undefined): [string, string][] {
  const reqs: [string, string][] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) reqs.push([k, `${k}=${v}`]);
  for (const e of sel?.matchExpressions ?? []) {
    const vals = [...(e.values ?? [])].sort().join(',');
    if (e.operator === 'In') reqs.push([e.key, `${e.key} in (${vals})`]);
    else if (e.operator === 'NotIn') reqs.push([e.key, `${e.key} notin (${vals})`]);
    else if (e.operator === 'Exists') reqs.push([e.key, e.key]);
    else if (e.operator === 'DoesNotExist') reqs.push([e.key, `!${e.key}`]);
  }
  return reqs;
}

function drainArgs(node: string, drain: DrainSpec): string[] {
  const reqs = [[LABEL_CONTROLLER, `!${LABEL_CONTROLLER}`] as [string, string], ...selectorString(drain.podSelector)].sort((a, b) => a[0].localeCompare(b[0]));
  const args = ['drain', node, '--pod-selector', reqs.map((r) => r[1]).join(',')];
  if (drain.ignoreDaemonSets !== false) args.push('--ignore-daemonsets');
  if (drain.deleteLocalData !== false && drain.deleteEmptydirData !== false) args.push('--delete-emptydir-data');
  if (drain.force) args.push('--force');
  if (drain.timeout !== undefined && drain.timeout !== null) args.push('--timeout', typeof drain.timeout === 'number' ? goDurationString(drain.timeout) : String(drain.timeout));
  if (drain.gracePeriod !== undefined) args.push('--grace-period', String(drain.gracePeriod));
  if (drain.disableEviction) args.push('--disable-eviction=true');
  if ((drain.skipWaitForDeleteTimeout ?? 0) > 0) args.push('--skip-wait-for-delete-timeout', String(drain.skipWaitForDeleteTimeout));
  return args;
}

/** The batch/v1 Job for `node`, as the controller would create it for the plan at `hash`/`version`. */
export function upgradeJob(plan: Plan, node: Node, hash: string, version: string): Record<string, unknown> {
  const planName = plan.metadata.name;
  const nodeName = node.metadata.name;
  const hostname = node.metadata.labels?.['kubernetes.io/hostname'] ?? nodeName;
  const tag = mungeVersion(version);
  const labels: Record<string, string> = {
    ...Object.fromEntries(Object.entries(plan.metadata.labels ?? {}).filter(([k]) => !k.includes('cattle.io/'))),
    [LABEL_CONTROLLER]: CONTROLLER_NAME,
    [LABEL_EXCLUSIVE]: 'false',
    [LABEL_NODE]: nodeName,
    [LABEL_PLAN]: planName,
    [LABEL_VERSION]: tag,
    [`${PLAN_LABEL_PREFIX}${planName}`]: hash,
  };
  const carried = Object.fromEntries(Object.entries(plan.metadata.annotations ?? {}).filter(([k]) => !k.includes('cattle.io/') && !k.includes('kubectl.kubernetes.io/')));
  const env = [
    { name: 'SYSTEM_UPGRADE_NODE_NAME', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
    { name: 'SYSTEM_UPGRADE_POD_NAME', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
    { name: 'SYSTEM_UPGRADE_PLAN_NAME', value: planName },
    { name: 'SYSTEM_UPGRADE_PLAN_LATEST_HASH', value: hash },
    { name: 'SYSTEM_UPGRADE_PLAN_LATEST_VERSION', value: tag },
  ];
  const volumeMounts = [{ name: 'host-root', mountPath: '/host' }, { name: 'pod-info', mountPath: '/run/system-upgrade/pod', readOnly: true }];
  const container = (name: string, image: string, spec: { command?: string[]; args?: string[] }, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
    name,
    image,
    imagePullPolicy: 'Always',
    ...(spec.command ? { command: spec.command } : {}),
    ...(spec.args ? { args: spec.args } : {}),
    env,
    volumeMounts,
    ...extra,
  });
  const initContainers: Record<string, unknown>[] = [];
  if (plan.spec.prepare) initContainers.push(container('prepare', withTag(plan.spec.prepare.image ?? plan.spec.upgrade.image ?? '', tag), plan.spec.prepare));
  if (plan.spec.drain) initContainers.push(container('drain', KUBECTL_IMAGE, { args: drainArgs(nodeName, plan.spec.drain) }));
  else if (plan.spec.cordon) initContainers.push(container('cordon', KUBECTL_IMAGE, { args: ['cordon', nodeName] }));
  const securityContext = { privileged: true, capabilities: { add: ['CAP_SYS_BOOT'] } };
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: upgradeJobName(planName, nodeName, hash),
      namespace: plan.metadata.namespace ?? 'default',
      labels,
      annotations: { ...carried, [ANNOTATION_TTL]: String(TTL_SECONDS_AFTER_FINISHED) },
    },
    spec: {
      podReplacementPolicy: 'TerminatingOrFailed',
      backoffLimit: BACKOFF_LIMIT,
      ttlSecondsAfterFinished: TTL_SECONDS_AFTER_FINISHED,
      activeDeadlineSeconds: Math.max(MIN_ACTIVE_DEADLINE_SECONDS, plan.spec.jobActiveDeadlineSecs && plan.spec.jobActiveDeadlineSecs > 0 ? plan.spec.jobActiveDeadlineSecs : ACTIVE_DEADLINE_SECONDS),
      completions: 1,
      // The controller creates it paused (0) and unpauses it once the node is in status.applying; the simulator
      // puts the node there in the same pass, so it starts unpaused.
      parallelism: 1,
      template: {
        metadata: { labels, annotations: carried },
        spec: {
          hostIPC: true,
          hostPID: true,
          hostNetwork: true,
          dnsPolicy: 'ClusterFirstWithHostNet',
          ...(plan.spec.serviceAccountName ? { serviceAccountName: plan.spec.serviceAccountName } : {}),
          affinity: {
            nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'kubernetes.io/hostname', operator: 'In', values: [hostname] }] }] } },
            podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [{ key: LABEL_PLAN, operator: 'In', values: [planName] }] }, topologyKey: 'kubernetes.io/hostname' }] },
          },
          tolerations: [{ key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' }, ...(plan.spec.tolerations ?? [])],
          restartPolicy: 'Never',
          volumes: [
            { name: 'host-root', hostPath: { path: '/', type: 'Directory' } },
            { name: 'pod-info', downwardAPI: { defaultMode: 420, items: [{ path: 'labels', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.labels' } }, { path: 'annotations', fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.annotations' } }] } },
          ],
          ...(initContainers.length ? { initContainers } : {}),
          containers: [container('upgrade', withTag(plan.spec.upgrade.image ?? '', tag), plan.spec.upgrade, { securityContext })],
        },
      },
    },
  };
}
