import { permissionOf } from './errors';
import type { Components, Section } from './snapshot';

/**
 * What an upgrade run must be allowed to do, as RBAC names it, and one sentence saying whether these
 * credentials can run upgrades or only look. The kube layer asks the API server about each
 * (`SelfSubjectAccessReview`, kube/accessReview.ts); preflight asks the same list before anything changes.
 */

/** One permission: a verb on a resource (in a namespace, on one object) as a SelfSubjectAccessReview asks it. */
export interface ResourceAccess {
  readonly verb: string;
  /** API group; '' for the core group. */
  readonly group: string;
  /** Plural resource name, `plans`. */
  readonly resource: string;
  readonly subresource?: string;
  /** Absent: every namespace (or a cluster-scoped resource). */
  readonly namespace?: string;
  /** One object by name; absent: any object. */
  readonly name?: string;
}

/** A permission an upgrade run needs, and what for. */
export interface RequiredAccess extends ResourceAccess {
  /** What the run does with it, `cordon, uncordon and label nodes`. */
  readonly purpose: string;
  /** Needed only in some runs (`exporting Secrets`): a denial does not make the context read-only. */
  readonly onlyWhen?: string;
  /** A change the run makes itself, which git makes instead in GitOps mode (`strategy.apply: gitops`): not needed there. */
  readonly directOnly?: true;
}

/** The API server's answer for one permission. */
export interface AccessVerdict<T extends ResourceAccess = ResourceAccess> {
  readonly access: T;
  readonly allowed: boolean;
  /** The authorizer's reason (`status.reason`), when it gave one. */
  readonly reason?: string;
}

/** Where the run acts when the cluster does not say otherwise (the upstream install defaults). */
export const UPGRADE_DEFAULTS = {
  systemUpgradeNamespace: 'system-upgrade',
  /** The service account system-upgrade-controller's Plans run as (its manifests' `system-upgrade`). */
  systemUpgradeServiceAccount: 'system-upgrade',
  rookNamespace: 'rook-ceph',
  rookOperator: 'rook-ceph-operator',
  veleroNamespace: 'velero',
} as const;

/**
 * The permissions an upgrade run needs on a cluster. Namespaces (and the Rook operator's name) come
 * from what the cluster runs when it was read, else the defaults; Rook's and Velero's are left out
 * when the cluster does not run them (a read that failed keeps them: they may be there).
 */
export function upgradePermissions(components?: Components): RequiredAccess[] {
  const suc = found(components?.systemUpgradeController);
  const rook = found(components?.rookOperator);
  const ceph = found(components?.cephClusters);
  const velero = found(components?.velero);
  const sucNs = suc?.namespace ?? UPGRADE_DEFAULTS.systemUpgradeNamespace;
  const rookNs = rook?.namespace ?? UPGRADE_DEFAULTS.rookNamespace;
  const out: RequiredAccess[] = [
    { verb: 'create', group: 'upgrade.cattle.io', resource: 'plans', namespace: sucNs, purpose: 'create the system-upgrade-controller Plans', directOnly: true },
    { verb: 'patch', group: 'upgrade.cattle.io', resource: 'plans', namespace: sucNs, purpose: 'move a Plan to its next version', directOnly: true },
    { verb: 'watch', group: 'upgrade.cattle.io', resource: 'plans', namespace: sucNs, purpose: 'follow the Plans the run created' },
    { verb: 'delete', group: 'upgrade.cattle.io', resource: 'plans', namespace: sucNs, purpose: 'delete the run\'s Plans when it ends, is cancelled or rolled back', directOnly: true },
    { verb: 'patch', group: '', resource: 'nodes', purpose: 'cordon, uncordon and label nodes' },
    { verb: 'watch', group: '', resource: 'nodes', purpose: 'follow the nodes through each phase and gate' },
    { verb: 'watch', group: '', resource: 'pods', purpose: 'see crash loops and Pending pods in the gates, and what holds up a drain', onlyWhen: 'a gate checks workloads or the plan drains' },
    ...(['deployments', 'statefulsets', 'daemonsets'] as const).map((resource): RequiredAccess => ({ verb: 'watch', group: 'apps', resource, purpose: 'see workloads unavailable beyond their budget in the gates', onlyWhen: 'a gate checks workloads' })),
    { verb: 'watch', group: 'policy', resource: 'poddisruptionbudgets', purpose: 'name the budget that holds up a drain', onlyWhen: 'the plan drains' },
    // The etcd snapshot Job runs beside the system-upgrade-controller, whose namespace already admits privileged host Jobs.
    { verb: 'create', group: 'batch', resource: 'jobs', namespace: sucNs, purpose: 'run the etcd snapshot Job' },
    { verb: 'watch', group: 'batch', resource: 'jobs', namespace: sucNs, purpose: 'wait for the etcd snapshot Job to finish' },
    { verb: 'watch', group: 'k3s.cattle.io', resource: 'etcdsnapshotfiles', purpose: 'verify the snapshot K3s recorded' },
  ];
  if (!(absent(components?.rookOperator) && absent(components?.cephClusters))) {
    const cephNamespaces = [...new Set((ceph ?? []).map((c) => c.namespace))];
    for (const namespace of cephNamespaces.length ? cephNamespaces : [rookNs]) {
      out.push({ verb: 'patch', group: 'ceph.rook.io', resource: 'cephclusters', namespace, purpose: 'set the Ceph image of the CephCluster', directOnly: true });
    }
    out.push({ verb: 'patch', group: 'apps', resource: 'deployments', namespace: rookNs, name: rook?.name ?? UPGRADE_DEFAULTS.rookOperator, purpose: 'set the Rook operator image', directOnly: true });
    out.push({ verb: 'watch', group: 'apps', resource: 'deployments', namespace: rookNs, purpose: 'follow the Rook and Ceph daemons to their new versions' });
    out.push({ verb: 'watch', group: 'ceph.rook.io', resource: 'cephclusters', purpose: 'follow Ceph\'s health through the upgrade' });
  }
  if (!absent(components?.velero)) {
    out.push({ verb: 'create', group: 'velero.io', resource: 'backups', namespace: velero?.namespace ?? UPGRADE_DEFAULTS.veleroNamespace, purpose: 'take a Velero backup before the upgrade' });
    out.push({ verb: 'watch', group: 'velero.io', resource: 'backups', namespace: velero?.namespace ?? UPGRADE_DEFAULTS.veleroNamespace, purpose: 'wait for the Velero backup to complete' });
  }
  // An export reads every Secret of the namespaces a plan names: a list, in any namespace.
  out.push({ verb: 'list', group: '', resource: 'secrets', purpose: 'export Secrets with the manifests', onlyWhen: 'a plan exports Secrets' });
  return out;
}

/** `create plans.upgrade.cattle.io in system-upgrade`, `patch deployments.apps "rook-ceph-operator" in rook-ceph`, `patch nodes`. */
export function describeAccess(a: ResourceAccess): string {
  const [verb, ...resource] = permissionOf(a).split(' ');
  const what = `${resource.join(' ')}${a.subresource ? `/${a.subresource}` : ''}`;
  return [verb, what, a.name ? `"${a.name}"` : '', a.namespace ? `in ${a.namespace}` : ''].filter(Boolean).join(' ');
}

/** Whether these credentials can run upgrades, and every permission they lack, named exactly. */
export interface UpgradeAccess {
  /** Every permission that every run needs was granted. */
  readonly canRun: boolean;
  /** Denied, in the order asked; those only some runs need included. */
  readonly missing: readonly AccessVerdict<RequiredAccess>[];
  /** `can run upgrades`, or `read-only for upgrades: cannot create plans.upgrade.cattle.io in system-upgrade, patch nodes`. */
  readonly sentence: string;
  /** How many permissions were asked. */
  readonly asked: number;
}

export function summarizeUpgradeAccess(verdicts: readonly AccessVerdict<RequiredAccess>[]): UpgradeAccess {
  const missing = verdicts.filter((v) => !v.allowed);
  const blocking = missing.filter((v) => !v.access.onlyWhen);
  const list = (vs: readonly AccessVerdict<RequiredAccess>[]): string => vs.map((v) => describeAccess(v.access)).join(', ');
  let sentence: string;
  if (blocking.length) sentence = `read-only for upgrades: cannot ${list(missing)}`;
  else if (missing.length) sentence = `can run upgrades; cannot ${missing.map((v) => `${describeAccess(v.access)} (needed only when ${v.access.onlyWhen ?? ''})`).join(', ')}`;
  else sentence = 'can run upgrades';
  return { canRun: blocking.length === 0, missing, sentence, asked: verdicts.length };
}

function found<T>(s: Section<T> | undefined): T | undefined {
  return s?.state === 'ok' ? s.value : undefined;
}

function absent(s: Section<unknown> | undefined): boolean {
  return s?.state === 'absent';
}
