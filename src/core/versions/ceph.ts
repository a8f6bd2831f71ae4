import { type Result, ok, err } from '../../common/result';
import { tagOf } from './rook';

/** Ceph's named major releases. */
export const CEPH_RELEASES = [
  { major: 14, name: 'nautilus' },
  { major: 15, name: 'octopus' },
  { major: 16, name: 'pacific' },
  { major: 17, name: 'quincy' },
  { major: 18, name: 'reef' },
  { major: 19, name: 'squid' },
  { major: 20, name: 'tentacle' },
] as const;

export type CephReleaseName = (typeof CEPH_RELEASES)[number]['name'];

/**
 * A Ceph version from an image tag (`v18.2.4`, `v18.2.2-20240311`, floating `v18` / `v18.2`), an image
 * reference (`quay.io/ceph/ceph:v18.2.4`), a CephCluster status (`18.2.4-0`) or `ceph version` output.
 */
export interface CephVersion {
  readonly raw: string;
  readonly major: number;
  /** undefined for a floating tag such as `v18`. */
  readonly minor: number | undefined;
  readonly patch: number | undefined;
  /** Build date or package revision after the dash (`20240311`, `0`). */
  readonly build: string | undefined;
  readonly release: CephReleaseName | undefined;
}

const CEPH_RE = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:-([0-9A-Za-z.]+))?$/;
const CEPH_CLI_RE = /ceph version (\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)/;

export function cephReleaseName(major: number): CephReleaseName | undefined {
  return CEPH_RELEASES.find((r) => r.major === major)?.name;
}

export function cephMajorOf(name: string): number | undefined {
  return CEPH_RELEASES.find((r) => r.name === name.toLowerCase())?.major;
}

export function parseCephVersion(input: string): Result<CephVersion> {
  const raw = input.trim();
  const cli = CEPH_CLI_RE.exec(raw);
  const text = cli ? cli[1] : tagOf(raw);
  const m = CEPH_RE.exec(text);
  if (!m) {
    return err(`"${input}" is not a Ceph version (expected e.g. v18.2.4, v18.2.2-20240311 or quay.io/ceph/ceph:v18.2.4)`);
  }
  const major = Number(m[1]);
  if (major < 10 || major > 99) {
    return err(`"${input}" is not a Ceph version: Ceph majors are two-digit release numbers (Reef is 18)`);
  }
  return ok({
    raw,
    major,
    minor: m[2] === undefined ? undefined : Number(m[2]),
    patch: m[3] === undefined ? undefined : Number(m[3]),
    build: m[4],
    release: cephReleaseName(major),
  });
}

export function ceph(input: string): CephVersion {
  const r = parseCephVersion(input);
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

/**
 * Orders by major, minor, patch; a floating tag (`v18`) sorts as the newest of its line;
 * date builds order by date. Package revisions (`-0`) do not change the order.
 */
export function compareCeph(a: CephVersion, b: CephVersion): number {
  const n = (x: number | undefined): number => (x === undefined ? Number.MAX_SAFE_INTEGER : x);
  const byNumber = a.major - b.major || n(a.minor) - n(b.minor) || n(a.patch) - n(b.patch);
  if (byNumber !== 0) return byNumber;
  const date = (v: CephVersion): number => (v.build && /^\d{8}$/.test(v.build) ? Number(v.build) : 0);
  return date(a) - date(b);
}

export function formatCeph(v: CephVersion): string {
  const parts = [v.major, v.minor, v.patch].filter((x): x is number => x !== undefined);
  return `v${parts.join('.')}`;
}
