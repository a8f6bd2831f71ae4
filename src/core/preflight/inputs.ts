import type { AccessVerdict, ClusterSnapshot, RequiredAccess } from '../cluster';
import type { PlanDiagnostic, UpgradePlan } from '../plans/model';

/**
 * What preflight reads besides the cluster snapshot. The kube layer fills each of these; a field left
 * undefined makes the check that needs it say "not checked", never pass.
 */

/** A PodDisruptionBudget as a drain meets it: its `status.disruptionsAllowed` and the nodes its pods run on. */
export interface PdbInput {
  readonly namespace: string;
  readonly name: string;
  readonly disruptionsAllowed: number;
  /** The workload owning the selected pods (the pods' controller, followed to a Deployment/StatefulSet), when known. */
  readonly workload?: { readonly kind: string; readonly name: string };
  /** The pods the PDB selects, with the node each runs on (`spec.nodeName`; undefined while pending). */
  readonly pods: readonly { readonly name: string; readonly node: string | undefined }[];
}

/** The parts of a system-upgrade-controller install the snapshot does not hold. */
export interface SucInstallInput {
  /** `plans.upgrade.cattle.io` is served. */
  readonly plansCrd: boolean;
  /** The service account the Plans run as (`system-upgrade` upstream), and whether it exists. */
  readonly serviceAccount: { readonly namespace: string; readonly name: string; readonly exists: boolean };
}

/** A Rook-managed Deployment (mon, mgr, osd, mds, rgw, …) and its `rook-version` label. */
export interface RookDaemonInput {
  readonly namespace: string;
  readonly name: string;
  /** The `rook-version` label; undefined when the Deployment has none. */
  readonly rookVersion: string | undefined;
}

/** What `ceph status` says of one CephCluster beyond its health (mon quorum, placement groups). */
export interface CephStatusInput {
  readonly namespace: string;
  readonly name: string;
  readonly mons?: { readonly expected: readonly string[]; readonly inQuorum: readonly string[] };
  /** `pgs_by_state`: `active+clean` → 120. When inferred, only the PGs a health check reports as not active+clean. */
  readonly pgsByState?: readonly { readonly state: string; readonly count: number }[];
  /**
   * Set when these figures are inferred rather than read from `ceph status`: what from (see
   * cephInference.ts). The checks say so in their reasons.
   */
  readonly inferredFrom?: string;
}

/** One object of a removed API that the cluster still serves or stores, for the target version. */
export interface RemovedApiInUse {
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** `v1.32`. */
  readonly removedIn: string;
  readonly replacement?: string;
}

/** The hook the removed-API work fills; undefined until it does. */
export interface RemovedApisInput {
  /** The Kubernetes version the scan was for. */
  readonly target: string;
  readonly inUse: readonly RemovedApiInUse[];
}

export interface PreflightInputs {
  readonly snapshot: ClusterSnapshot;
  /** The plan as parsed (after the schema); undefined when it does not parse. */
  readonly plan: UpgradePlan | undefined;
  /** Every diagnostic of the plan file (syntax, schema, rules), as the editor shows them. */
  readonly planDiagnostics: readonly PlanDiagnostic[];
  /** The time the checks are evaluated at: never read from the clock here. */
  readonly now: Date;
  readonly etcdSnapshotMaxAgeHours?: number;
  readonly pdbs?: readonly PdbInput[];
  readonly suc?: SucInstallInput;
  readonly rookDaemons?: readonly RookDaemonInput[];
  readonly cephStatus?: readonly CephStatusInput[];
  /** The API server's answers for `upgradePermissions(snapshot.components)`. */
  readonly access?: readonly AccessVerdict<RequiredAccess>[];
  readonly removedApis?: RemovedApisInput;
}
