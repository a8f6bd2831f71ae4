import { type Result, err, ok } from '../../common/result';
import { isRecord } from '../../common/guards';
import type { PlanImages } from '../plans/model';
import { DIGEST_PATTERN, canonicalName, parseImageRef, withoutDigest } from './reference';

/**
 * A plan's `images.pinByDigest`: the run uses every upgrade image as `repo:tag@sha256:…`, the digest taken
 * from `images.digests` (keyed by `repo:tag` as the run uses it). Kubernetes pulls by the digest when a
 * reference has both; system-upgrade-controller adds `:<version>` to an upgrade image only when it has
 * neither tag nor digest (upstream pkg/upgrade/container WithLatestTag), so a pinned image is used as it is.
 */

/** The image system-upgrade-controller runs for a K3s upgrade; the tag is the Plan's version, munged. */
export const K3S_UPGRADE_IMAGE = 'rancher/k3s-upgrade';
/** Most digests a plan lists (the schema's maxProperties): a lookup never walks more. */
export const MAX_PINNED_IMAGES = 200;
/** What a user runs to fill `images.digests` in (the command's title and id in package.json). */
export const PIN_COMMAND_TITLE = 'Pin Upgrade Images by Digest';
export const PIN_COMMAND_ID = 'upgradePlanner.pinImageDigests';

/** upgradeplan.MungeVersion: a K3s version as an image tag (`v1.31.4+k3s1` → `v1.31.4-k3s1`; `+` is not allowed in a tag). */
export function k3sImageTag(version: string): string {
  return version.replace(/\+/g, '-');
}

/** `rancher/k3s-upgrade:<munged version>`: the image a K3s hop to `version` pulls. */
export function k3sUpgradeImage(version: string): string {
  return `${K3S_UPGRADE_IMAGE}:${k3sImageTag(version)}`;
}

/** A Rook or Ceph version as its image tag (`1.15.5` → `v1.15.5`). */
export function releaseTag(version: string): string {
  return version.startsWith('v') ? version : `v${version}`;
}

/** Whether the plan asks for pinned images. */
export function pinsByDigest(images: PlanImages | undefined): boolean {
  return isRecord(images) && images.pinByDigest === true;
}

/**
 * The digest listed for `ref` (with tag): the key written as the run uses it, else a key naming the same
 * image (`docker.io/rancher/k3s-upgrade:…` for `rancher/k3s-upgrade:…`). Undefined when none is listed.
 */
export function digestFor(ref: string, digests: Readonly<Record<string, unknown>> | undefined): unknown {
  if (!isRecord(digests)) return undefined;
  const name = withoutDigest(ref);
  if (Object.prototype.hasOwnProperty.call(digests, name)) return digests[name];
  const want = parseImageRef(name);
  if (!want.ok) return undefined;
  const canonical = canonicalName(want.value);
  let seen = 0;
  for (const [key, value] of Object.entries(digests)) {
    if (++seen > MAX_PINNED_IMAGES) break;
    const k = parseImageRef(key);
    if (k.ok && !k.value.digest && canonicalName(k.value) === canonical) return value;
  }
  return undefined;
}

/** `ref@digest` with the digest listed for `ref`; refused, naming the image, when none (or a malformed one) is listed. */
export function pinnedImage(ref: string, digests: Readonly<Record<string, unknown>> | undefined): Result<string> {
  const name = withoutDigest(ref);
  const digest = digestFor(name, digests);
  if (digest === undefined) return err(`images.pinByDigest is true but images.digests has no digest for ${name}: run "${PIN_COMMAND_TITLE}" on the plan`);
  if (typeof digest !== 'string' || !DIGEST_PATTERN.test(digest)) return err(`images.digests: the digest of ${name} is not sha256:<64 lower-case hex digits>`);
  return ok(`${name}@${digest}`);
}

/** The image a run uses for `ref` (with tag): pinned by digest when the plan says so, else `ref` as it is. */
export function imageForRun(ref: string, images: PlanImages | undefined): Result<string> {
  return pinsByDigest(images) ? pinnedImage(ref, images?.digests) : ok(ref);
}
