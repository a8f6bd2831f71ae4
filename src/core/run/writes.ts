import type { PlannedWrite, WriteTarget } from '../backups/types';
import type { Evidence, ObjectRef } from '../preflight/result';
import { tagOf } from '../versions';
import { withoutDigest } from '../images/reference';

/**
 * The run's changes to the cluster as values: what is created, patched or deleted, shown (and dry-run)
 * before it is made and journalled after. A `PlannedWrite` (backups/types.ts) with the verb and the
 * object made explicit, since a run patches and deletes as well as creates.
 */

/**
 * `merge`: JSON merge patch (`application/merge-patch+json`, the only kind custom resources take);
 * `strategic`: strategic merge patch (`application/strategic-merge-patch+json`), for a Deployment's
 * containers, merged by name as `kubectl set image` does.
 */
export type PatchType = 'merge' | 'strategic';

export interface RunWrite extends PlannedWrite {
  readonly verb: 'create' | 'patch' | 'delete';
  readonly object: ObjectRef;
  /** For `patch`: how `body` is applied. */
  readonly patchType?: PatchType;
  /** The fields the write changes, before and after, as its journal entry records them (never whole objects). */
  readonly evidence?: { readonly before?: Evidence; readonly after?: Evidence };
}

export const SUC_PLANS = (namespace: string): WriteTarget => ({ group: 'upgrade.cattle.io', version: 'v1', resource: 'plans', namespace });
export const DEPLOYMENTS = (namespace: string): WriteTarget => ({ group: 'apps', version: 'v1', resource: 'deployments', namespace });
export const CEPH_CLUSTERS = (namespace: string): WriteTarget => ({ group: 'ceph.rook.io', version: 'v1', resource: 'cephclusters', namespace });
export const NODES: WriteTarget = { group: '', version: 'v1', resource: 'nodes' };

/** The operator container of the Rook operator Deployment (Rook's operator.yaml and Helm chart name it so). */
export const ROOK_OPERATOR_CONTAINER = 'rook-ceph-operator';
/** The image a Rook operator runs when the cluster does not say otherwise. */
export const ROOK_IMAGE_REPOSITORY = 'rook/ceph';
export const CEPH_IMAGE_REPOSITORY = 'quay.io/ceph/ceph';

/**
 * `image` with its tag replaced: the registry and repository stay (a mirror stays a mirror), a digest
 * goes (it pinned the old tag). Without a current image, `fallbackRepository:tag`.
 */
export function imageWithTag(image: string | undefined, tag: string, fallbackRepository: string): string {
  if (!image) return `${fallbackRepository}:${tag}`;
  const noDigest = withoutDigest(image);
  const current = tagOf(noDigest);
  const repository = current !== noDigest ? noDigest.slice(0, noDigest.length - current.length - 1) : noDigest;
  return `${repository || fallbackRepository}:${tag}`;
}

/** Sets the Rook operator's image (strategic merge on the container by name), with the image it replaces as `current`. */
export function rookOperatorImageWrite(deployment: { namespace: string; name: string; image: string | undefined }, image: string, why: string): RunWrite {
  const container = (img: string | undefined) => ({ spec: { template: { spec: { containers: [{ name: ROOK_OPERATOR_CONTAINER, image: img }] } } } });
  return {
    verb: 'patch',
    patchType: 'strategic',
    object: { kind: 'Deployment', namespace: deployment.namespace, name: deployment.name },
    resource: DEPLOYMENTS(deployment.namespace),
    description: `patch Deployment ${deployment.namespace}/${deployment.name}: image ${deployment.image ?? '(unknown)'} → ${image} (${why})`,
    body: container(image),
    ...(deployment.image ? { current: container(deployment.image) } : {}),
    evidence: { ...(deployment.image ? { before: { image: deployment.image } } : {}), after: { image } },
  };
}

/** Sets `spec.cephVersion.image` of a CephCluster (merge patch), with the image it replaces as `current`. */
export function cephImageWrite(cluster: { namespace: string; name: string; image: string | undefined }, image: string): RunWrite {
  const spec = (img: string | undefined) => ({ spec: { cephVersion: { image: img } } });
  return {
    verb: 'patch',
    patchType: 'merge',
    object: { kind: 'CephCluster', namespace: cluster.namespace, name: cluster.name },
    resource: CEPH_CLUSTERS(cluster.namespace),
    description: `patch CephCluster ${cluster.namespace}/${cluster.name}: spec.cephVersion.image ${cluster.image ?? '(unknown)'} → ${image}`,
    body: spec(image),
    ...(cluster.image ? { current: spec(cluster.image) } : {}),
  };
}

/** Uncordons a node (`spec.unschedulable` removed, as `kubectl uncordon` does). */
export function uncordonWrite(node: string, why: string): RunWrite {
  return {
    verb: 'patch',
    patchType: 'merge',
    object: { kind: 'Node', name: node },
    resource: NODES,
    description: `uncordon Node ${node} (${why})`,
    body: { spec: { unschedulable: null } },
    current: { spec: { unschedulable: true } },
  };
}

/** Deletes an object the run created (the body is the DeleteOptions: background propagation, so its Jobs go too). */
export function deleteWrite(object: ObjectRef, resource: WriteTarget, why: string): RunWrite {
  return {
    verb: 'delete',
    object,
    resource,
    description: `delete ${object.kind} ${object.namespace ? `${object.namespace}/` : ''}${object.name} (${why})`,
    body: { propagationPolicy: 'Background' },
  };
}
