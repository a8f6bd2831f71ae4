import type { ComponentName, PlanHop } from '../plans/model';
import { CEPH_IMAGE_REPOSITORY, ROOK_IMAGE_REPOSITORY } from '../run/writes';
import { k3sUpgradeImage, releaseTag } from './pinning';
import { withoutDigest } from './reference';

/**
 * The upgrade images a run of a plan pulls, by tag: `rancher/k3s-upgrade:<version>` for each K3s hop (the
 * system-upgrade-controller Plans' upgrade and prepare image), the Rook operator image of each Rook hop and the
 * Ceph image of each Ceph hop. From the run's phases these are exact (a cluster on a mirror keeps its mirror);
 * from the hops alone Rook and Ceph are the upstream repositories.
 */

export type ImageComponent = Extract<ComponentName, 'k3s' | 'rook' | 'ceph'>;

export interface UpgradeImage {
  /** `repo:tag` as the run uses it (the key of `images.digests`). */
  readonly ref: string;
  readonly component: ImageComponent;
  /** The hops that pull it, 1-based as in the run's phase ids. */
  readonly hops: readonly number[];
}

/**
 * What this module reads of a run phase (src/core/run/phases.ts RunPhase, which fits it): the hop, and the
 * image of a Rook operator phase or the images of a Ceph image phase.
 */
export interface ImagePhase {
  readonly kind: string;
  readonly hop?: { readonly index: number; readonly version: string };
  readonly image?: string;
  readonly clusters?: readonly { readonly image: string }[];
}

/** The image a hop pulls with the upstream repositories; undefined for a plain Kubernetes hop (no run upgrades it). */
export function hopImage(hop: Pick<PlanHop, 'component' | 'version'>): string | undefined {
  if (hop.component === 'k3s') return k3sUpgradeImage(hop.version);
  if (hop.component === 'rook') return `${ROOK_IMAGE_REPOSITORY}:${releaseTag(hop.version)}`;
  if (hop.component === 'ceph') return `${CEPH_IMAGE_REPOSITORY}:${releaseTag(hop.version)}`;
  return undefined;
}

/**
 * The images a run of `plan` pulls, each once, in hop order: from `phases` (runPhases) when given, else from
 * the hops with the upstream repositories.
 */
export function upgradeImagesOf(plan: { readonly hops: readonly Pick<PlanHop, 'component' | 'version'>[] }, phases?: readonly ImagePhase[]): UpgradeImage[] {
  const found: { ref: string; component: ImageComponent; hop: number }[] = [];
  if (phases) {
    for (const p of phases) {
      if (!p.hop) continue;
      if (p.kind === 'k3s-servers' || p.kind === 'k3s-canary' || p.kind === 'k3s-agents') found.push({ ref: k3sUpgradeImage(p.hop.version), component: 'k3s', hop: p.hop.index });
      if (p.kind === 'rook-operator' && p.image) found.push({ ref: withoutDigest(p.image), component: 'rook', hop: p.hop.index });
      if (p.kind === 'ceph-image') for (const c of p.clusters ?? []) found.push({ ref: withoutDigest(c.image), component: 'ceph', hop: p.hop.index });
    }
  } else {
    plan.hops.forEach((h, i) => {
      const ref = hopImage(h);
      if (ref) found.push({ ref, component: h.component as ImageComponent, hop: i + 1 });
    });
  }
  const out = new Map<string, { ref: string; component: ImageComponent; hops: number[] }>();
  for (const f of found) {
    const known = out.get(f.ref);
    if (!known) out.set(f.ref, { ref: f.ref, component: f.component, hops: [f.hop] });
    else if (!known.hops.includes(f.hop)) known.hops.push(f.hop);
  }
  return [...out.values()];
}
