import type { Result } from '../common/result';
import { type AccessVerdict, type RequiredAccess, upgradePermissions } from '../core/cluster/permissions';
import type { ClusterSnapshot } from '../core/cluster/snapshot';
import type { CephStatusInput, PdbInput, RookDaemonInput, SucInstallInput } from '../core/preflight/inputs';
import { reviewAccess } from './accessReview';
import type { KubeClient } from './client';
import { readPdbs } from './preflight/pdbRead';
import { type Unread, unreadSentence, whyUnread } from './preflight/readError';
import { readRook } from './preflight/rookRead';
import { readSucInstall } from './preflight/sucRead';

/** What preflight reads from a cluster besides its snapshot (the optional fields of core/preflight PreflightInputs). */
export interface PreflightReads {
  readonly pdbs?: readonly PdbInput[];
  readonly suc?: SucInstallInput;
  readonly rookDaemons?: readonly RookDaemonInput[];
  readonly cephStatus?: readonly CephStatusInput[];
  readonly access?: readonly AccessVerdict<RequiredAccess>[];
  /** One sentence per read that failed (a field left undefined makes its check say "not checked"). */
  readonly unread: readonly string[];
}

/**
 * Reads everything preflight needs beyond `snapshot`, all at once and with a fixed number of requests
 * whatever the cluster's size (one list per kind, never one request per node or per budget):
 * - PodDisruptionBudgets, unfinished pods and, when a selected pod has one, ReplicaSets (kube/preflight/pdbRead);
 * - the system-upgrade-controller's Plans API, Deployment and service accounts (kube/preflight/sucRead);
 * - Rook's daemon Deployments per Rook namespace and the CephClusters, from which mon quorum and PG
 *   state are inferred (kube/preflight/rookRead, core/preflight/cephInference);
 * - a SelfSubjectAccessReview per permission of `upgradePermissions(snapshot.components)`.
 * Nothing is written. A read that fails (403, no answer, cancelled) leaves its field undefined and says
 * why in `unread`; the others still count.
 */
export async function readPreflightInputs(client: KubeClient, snapshot: ClusterSnapshot, signal?: AbortSignal): Promise<PreflightReads> {
  const [pdb, suc, rook, access] = await Promise.all([
    readPdbs(client, signal),
    readSucInstall(client, snapshot, signal),
    readRook(client, snapshot, signal),
    reviewAccess(client, upgradePermissions(snapshot.components), { signal }),
  ]);
  const unread: string[] = [];
  const take = <T>(r: Result<T, Unread> | undefined): T | undefined => {
    if (r === undefined) return undefined;
    if (r.ok) return r.value;
    unread.push(unreadSentence(r.error));
    return undefined;
  };
  const pdbs = take(pdb.pdbs);
  if (pdb.replicaSets) unread.push(unreadSentence(pdb.replicaSets));
  const sucInstall = take(suc);
  const rookDaemons = take(rook.rookDaemons);
  const cephStatus = take(rook.cephStatus);
  if (!access.ok) unread.push(`the permissions (SelfSubjectAccessReview) were not asked: ${whyUnread(access.error)}`);
  return {
    ...(pdbs ? { pdbs } : {}),
    ...(sucInstall ? { suc: sucInstall } : {}),
    ...(rookDaemons ? { rookDaemons } : {}),
    ...(cephStatus ? { cephStatus } : {}),
    ...(access.ok ? { access: access.value } : {}),
    unread,
  };
}
