import { type Result, ok, err } from '../../common/result';

/** Who built a Kubernetes version string: upstream, a distribution, or a managed service. */
export type Distribution = 'kubernetes' | 'k3s' | 'rke2' | 'eks' | 'gke' | 'aks' | 'other';

/**
 * A Kubernetes version as reported by `/version`, a node's kubelet, or a distribution's release tag:
 * `v1.30.4`, `v1.30.4+k3s1`, `v1.30.4-rc1+k3s1`, `v1.30.4+rke2r1`, `v1.30.4-eks-a737599`, `v1.30.4-gke.1348000`.
 */
export interface KubeVersion {
  readonly raw: string;
  readonly major: number;
  readonly minor: number;
  readonly patch: number;
  /** A real pre-release (`alpha.1`, `beta.0`, `rc.1`, `rc1`); managed-service suffixes are not pre-releases. */
  readonly prerelease: string | undefined;
  readonly distribution: Distribution;
  /** The distribution's build revision: `+k3s2` → 2, `+rke2r3` → 3; 0 where there is none. */
  readonly revision: number;
  /** A managed service's build suffix (`eks-a737599`, `gke.1348000`), kept for display. */
  readonly build: string | undefined;
}

const KUBE_RE = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+?))?(?:\+([0-9A-Za-z.-]+))?$/;
const PRERELEASE_RE = /^(alpha|beta|rc)\.?\d*(\.\d+)?$/;

export function parseKubeVersion(input: string): Result<KubeVersion> {
  const raw = input.trim();
  const m = KUBE_RE.exec(raw);
  if (!m) {
    return err(`"${input}" is not a Kubernetes version (expected e.g. v1.30.4 or v1.30.4+k3s1)`);
  }
  const [, maj, min, pat, dash, plus] = m;
  let distribution: Distribution = 'kubernetes';
  let revision = 0;
  let prerelease: string | undefined;
  let build: string | undefined;
  if (dash !== undefined) {
    if (/^eks-/.test(dash)) {
      distribution = 'eks';
      build = dash;
    } else if (/^gke\./.test(dash)) {
      distribution = 'gke';
      build = dash;
    } else if (PRERELEASE_RE.test(dash)) {
      prerelease = dash;
    } else {
      distribution = 'other';
      build = dash;
    }
  }
  if (plus !== undefined) {
    const k3s = /^k3s(\d+)$/.exec(plus);
    const rke2 = /^rke2r(\d+)$/.exec(plus);
    if (k3s) {
      distribution = 'k3s';
      revision = Number(k3s[1]);
    } else if (rke2) {
      distribution = 'rke2';
      revision = Number(rke2[1]);
    } else {
      distribution = distribution === 'kubernetes' ? 'other' : distribution;
      build = build ? `${build}+${plus}` : plus;
    }
  }
  return ok({ raw, major: Number(maj), minor: Number(min), patch: Number(pat), prerelease, distribution, revision, build });
}

/** Parses or throws; only for literals known to be valid (tables, tests). */
export function kube(input: string): KubeVersion {
  const r = parseKubeVersion(input);
  if (!r.ok) {
    throw new Error(r.error);
  }
  return r.value;
}

function comparePrerelease(a: string | undefined, b: string | undefined): number {
  if (a === b) return 0;
  if (a === undefined) return 1; // a release sorts after its pre-releases
  if (b === undefined) return -1;
  const pa = a.split(/[.]|(?<=[a-z])(?=\d)/);
  const pb = b.split(/[.]|(?<=[a-z])(?=\d)/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i];
    const y = pb[i];
    if (x === undefined) return -1;
    if (y === undefined) return 1;
    const nx = /^\d+$/.test(x) ? Number(x) : NaN;
    const ny = /^\d+$/.test(y) ? Number(y) : NaN;
    if (!Number.isNaN(nx) && !Number.isNaN(ny)) {
      if (nx !== ny) return nx - ny;
    } else if (x !== y) {
      return x < y ? -1 : 1;
    }
  }
  return 0;
}

/** Orders by major, minor, patch, pre-release (a release after its candidates), then distribution revision. */
export function compareKube(a: KubeVersion, b: KubeVersion): number {
  return a.major - b.major || a.minor - b.minor || a.patch - b.patch || comparePrerelease(a.prerelease, b.prerelease) || a.revision - b.revision;
}

/** `1.30` — the minor line a version belongs to. */
export function minorKey(v: Pick<KubeVersion, 'major' | 'minor'>): string {
  return `${v.major}.${v.minor}`;
}

/** Minor releases from a to b (negative when b is older); majors other than 1 count 100 minors apart. */
export function minorsBetween(a: Pick<KubeVersion, 'major' | 'minor'>, b: Pick<KubeVersion, 'major' | 'minor'>): number {
  return (b.major - a.major) * 100 + (b.minor - a.minor);
}

/** `v1.30.4` without distribution suffixes: the upstream Kubernetes version a distribution release carries. */
export function upstreamOf(v: KubeVersion): string {
  return `v${v.major}.${v.minor}.${v.patch}${v.prerelease ? `-${v.prerelease}` : ''}`;
}
