import * as semver from 'semver';
import { type Result, ok, err } from '../../common/result';

/** A Rook operator release (`v1.14.9`, `v1.15.0-beta.0`), also accepted as an image reference `rook/ceph:v1.14.9`. */
export interface RookVersion {
  readonly raw: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  readonly prerelease: string | undefined;
}

const ROOK_RE = /^v?(\d+)\.(\d+)(?:\.(\d+))?(?:-([0-9A-Za-z.-]+))?$/;

export function parseRookVersion(input: string): Result<RookVersion> {
  const raw = input.trim();
  const tag = tagOf(raw);
  const m = ROOK_RE.exec(tag);
  if (!m) {
    return err(`"${input}" is not a Rook version (expected e.g. v1.14.9 or rook/ceph:v1.14.9)`);
  }
  return ok({ raw, major: Number(m[1]), minor: Number(m[2]), patch: m[3] === undefined ? 0 : Number(m[3]), prerelease: m[4] });
}

export function rook(input: string): RookVersion {
  const r = parseRookVersion(input);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/** Rook tags are semantic versions: `semver` orders them, pre-releases before their release. */
export function compareRook(a: RookVersion, b: RookVersion): number {
  const norm = (v: RookVersion): string => `${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ''}`;
  return semver.compare(norm(a), norm(b));
}

export function formatRook(v: Pick<RookVersion, 'major' | 'minor' | 'patch'>): string {
  return `v${v.major}.${v.minor}.${v.patch}`;
}

/**
 * The tag of an image reference: `quay.io/ceph/ceph:v18.2.4` → `v18.2.4`; a digest is dropped;
 * a bare version is returned as it is.
 */
export function tagOf(imageOrVersion: string): string {
  const noDigest = imageOrVersion.split('@')[0];
  const lastSlash = noDigest.lastIndexOf('/');
  const colon = noDigest.indexOf(':', lastSlash + 1);
  return colon >= 0 ? noDigest.slice(colon + 1) : noDigest;
}
