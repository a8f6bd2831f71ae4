import type { Document } from 'yaml';
import { isRecord } from '../../common/guards';
import { COMPONENT_NAMES, type ComponentName, type PlanDiagnostic } from '../plans/model';
import { clampRange } from '../plans/parse';
import { findPath, nodeRange, pairKeyRange } from '../plans/yamlPath';
import { MAX_PINNED_IMAGES, PIN_COMMAND_ID, PIN_COMMAND_TITLE, digestFor, pinsByDigest } from './pinning';
import { parseImageRef } from './reference';
import { hopImage } from './upgradeImages';

/**
 * With `images.pinByDigest: true`, each hop whose upgrade image has no digest in `images.digests` is an error on
 * the hop's version, with the quick fix "Pin Upgrade Images by Digest". The plan alone does not say which
 * registry the cluster's Rook operator and Ceph come from (a mirror stays a mirror), so a Rook or Ceph hop counts
 * as pinned when a listed image has the hop's tag and the upstream repository's path (`rook/ceph`, `ceph/ceph`)
 * under any registry; the run itself checks the exact reference.
 */

export const IMAGE_NOT_PINNED = 'image-not-pinned';

export function imageDigestDiagnostics(text: string, doc: Document, value: unknown): PlanDiagnostic[] {
  if (!isRecord(value) || !isRecord(value.images) || !pinsByDigest(value.images)) return [];
  const digests = isRecord(value.images.digests) ? value.images.digests : undefined;
  const hops = Array.isArray(value.hops) ? (value.hops as unknown[]) : [];
  const out: PlanDiagnostic[] = [];
  hops.forEach((h, i) => {
    if (!isRecord(h) || typeof h.version !== 'string' || !COMPONENT_NAMES.includes(h.component as ComponentName)) return;
    const ref = hopImage({ component: h.component as ComponentName, version: h.version });
    if (!ref || digestFor(ref, digests) !== undefined || (h.component !== 'k3s' && listedOnAnyRegistry(ref, digests))) return;
    const r = nodeRange(findPath(doc, ['hops', i, 'version']).node) ?? pairKeyRange(findPath(doc, ['images']).pair) ?? { start: 0, end: 0 };
    out.push({
      range: clampRange(text, r.start, r.end),
      severity: 'error',
      code: IMAGE_NOT_PINNED,
      source: 'rules',
      message: `images.pinByDigest is true but images.digests has no digest for ${ref}, the image hop ${i + 1} pulls: a run of this plan is refused until it has one.`,
      fixes: [{ title: PIN_COMMAND_TITLE, edits: [], command: PIN_COMMAND_ID, preferred: true }],
    });
  });
  return out;
}

/** A listed image with the same tag whose repository is `ref`'s, or ends with it (a mirror's prefix). */
function listedOnAnyRegistry(ref: string, digests: Readonly<Record<string, unknown>> | undefined): boolean {
  const want = parseImageRef(ref);
  if (!want.ok || !digests) return false;
  const path = want.value.repository;
  return Object.keys(digests).slice(0, MAX_PINNED_IMAGES).some((key) => {
    const k = parseImageRef(key);
    return k.ok && k.value.tag === want.value.tag && (k.value.repository === path || k.value.repository.endsWith(`/${path}`));
  });
}
