import { type KubeVersion, compareKube, minorKey, parseKubeVersion } from '../versions/kube';
import { type RookVersion, compareRook, formatRook, parseRookVersion } from '../versions/rook';
import { type CephVersion, compareCeph, formatCeph, parseCephVersion } from '../versions/ceph';
import { ROOK_SUPPORT, rookSupportOf, rookSupportsCeph, rookSupportsKubernetes } from '../compat';
import { type VersionIndex, nearest, resolveCeph, resolveKube, resolveRook } from './versionIndex';
import { parseMinorLine } from '../versions/minorLine';
import { type ClusterState, hasKubernetes, highestApiServer } from './state';
import type { Finding, Target } from './types';

/** Targets resolved against the catalog; `undefined` means the component does not move. */
export interface Goals {
  readonly kubernetes: KubeVersion | undefined;
  readonly rook: RookVersion | undefined;
  readonly ceph: CephVersion | undefined;
}

const reject = (code: string, message: string, subject: string): Finding => ({ code, severity: 'error', message, subject });
const DOWNGRADE = 'downgrades are not supported; K3s rolls back only by restoring a snapshot';

function downgradeOf(s: ClusterState, kubernetes: KubeVersion): Finding | undefined {
  const newest = [...s.kubelets.map((k) => k.version), highestApiServer(s)].reduce((a, b) => (compareKube(a, b) >= 0 ? a : b));
  return compareKube(kubernetes, newest) < 0
    ? reject('version.downgrade', `Kubernetes target ${kubernetes.raw} is older than ${newest.raw}, which the cluster already runs: ${DOWNGRADE}`, 'target.kubernetes')
    : undefined;
}

/**
 * Resolves and checks the targets: known versions, no downgrade, installed components, and a Rook
 * release that supports the Kubernetes and Ceph targets. Picks a Rook target when Kubernetes or Ceph
 * needs one the user did not ask for (reported as a warning).
 */
export function resolveGoals(s: ClusterState, t: Target, c: VersionIndex): { goals?: Goals; reasons: Finding[]; warnings: Finding[] } {
  const reasons: Finding[] = [];
  const warnings: Finding[] = [];
  let kubernetes: KubeVersion | undefined;
  const kubeLine = t.kubernetes !== undefined ? parseMinorLine(t.kubernetes) : undefined;
  if (t.kubernetes !== undefined && !hasKubernetes(s)) {
    reasons.push(reject('cluster.no-kubernetes', `Kubernetes target ${t.kubernetes} given, but no Kubernetes version of the cluster is known`, 'target.kubernetes'));
  } else if (kubeLine && t.kubernetes !== undefined) {
    kubernetes = c.latestKube.get(`${kubeLine.major}.${kubeLine.minor}`);
    if (!kubernetes) reasons.push(reject('version.unknown', `no release of Kubernetes v${kubeLine.major}.${kubeLine.minor} is known, so the target ${t.kubernetes} cannot be resolved`, 'target.kubernetes'));
    else {
      warnings.push({ code: 'target.minor-resolved', severity: 'info', message: `the target ${t.kubernetes.trim()} is read as the newest patch of v${kubeLine.major}.${kubeLine.minor} known: ${kubernetes.raw}`, subject: 'target.kubernetes' });
      const down = downgradeOf(s, kubernetes);
      if (down) reasons.push(down);
    }
  } else if (t.kubernetes !== undefined) {
    const p = parseKubeVersion(t.kubernetes);
    if (!p.ok) reasons.push(reject('version.invalid', `Kubernetes target: ${p.error}`, 'target.kubernetes'));
    else {
      kubernetes = resolveKube(c, p.value);
      if (!kubernetes) {
        const near = nearest(c.kubernetes, p.value, compareKube, (k) => minorKey(k) === minorKey(p.value), (k) => k.raw);
        reasons.push(reject('version.unknown', `Kubernetes ${t.kubernetes} is not a known release${near.length ? `; nearest: ${near.join(', ')}` : ' (no releases are available)'}`, 'target.kubernetes'));
      } else {
        const down = downgradeOf(s, kubernetes);
        if (down) reasons.push(down);
      }
    }
  }
  let rook: RookVersion | undefined;
  const rookLine = t.rook !== undefined ? parseMinorLine(t.rook) : undefined;
  if (t.rook !== undefined && rookLine && s.rook) {
    rook = c.latestRook.get(`${rookLine.major}.${rookLine.minor}`);
    if (!rook) reasons.push(reject('version.unknown', `no release of Rook v${rookLine.major}.${rookLine.minor} is known, so the target ${t.rook} cannot be resolved`, 'target.rook'));
    else {
      warnings.push({ code: 'target.minor-resolved', severity: 'info', message: `the Rook target ${t.rook.trim()} is read as the newest patch of v${rookLine.major}.${rookLine.minor} known: ${rook.raw}`, subject: 'target.rook' });
      if (compareRook(rook, s.rook) < 0) reasons.push(reject('version.downgrade', `Rook target ${rook.raw} is older than the running ${s.rook.raw}: downgrades are not supported`, 'target.rook'));
    }
  } else if (t.rook !== undefined) {
    const p = parseRookVersion(t.rook);
    if (!s.rook) reasons.push(reject('rook.not-installed', `Rook target ${t.rook} given, but no Rook operator runs in the cluster`, 'target.rook'));
    else if (!p.ok) reasons.push(reject('version.invalid', `Rook target: ${p.error}`, 'target.rook'));
    else {
      rook = resolveRook(c, p.value);
      if (!rook) {
        const near = nearest(c.rook, p.value, compareRook, (r) => r.minor === p.value.minor, (r) => r.raw);
        reasons.push(reject('version.unknown', `Rook ${t.rook} is not a known release${near.length ? `; nearest: ${near.join(', ')}` : ''}`, 'target.rook'));
      } else if (compareRook(rook, s.rook) < 0) {
        reasons.push(reject('version.downgrade', `Rook target ${rook.raw} is older than the running ${s.rook.raw}: downgrades are not supported`, 'target.rook'));
      } else if (!rookSupportOf(rook)) {
        reasons.push(reject('rook.unknown-release', `no compatibility data for Rook ${rook.raw} (known minors: ${ROOK_SUPPORT.map((x) => x.rook).join(', ')})`, 'target.rook'));
      }
    }
  }
  let ceph: CephVersion | undefined;
  if (t.ceph !== undefined) {
    const p = parseCephVersion(t.ceph);
    if (!s.ceph) reasons.push(reject('ceph.not-installed', `Ceph target ${t.ceph} given, but no CephCluster version is known`, 'target.ceph'));
    else if (!p.ok) reasons.push(reject('version.invalid', `Ceph target: ${p.error}`, 'target.ceph'));
    else {
      ceph = resolveCeph(c, p.value);
      if (!ceph) {
        const near = nearest(c.ceph, p.value, compareCeph, (x) => x.major === p.value.major, formatCeph);
        reasons.push(reject('version.unknown', `Ceph ${t.ceph} is not a known release${near.length ? `; nearest: ${near.join(', ')}` : ''}`, 'target.ceph'));
      } else if (compareCeph(ceph, s.ceph) < 0) {
        reasons.push(reject('version.downgrade', `Ceph target ${formatCeph(ceph)} is older than the running ${formatCeph(s.ceph)}: Ceph daemons are never downgraded`, 'target.ceph'));
      }
    }
  }
  if (reasons.length > 0) return { reasons, warnings };

  // The Rook release at the end must support the final Kubernetes and Ceph.
  if (s.rook) {
    const finalKube = kubernetes ?? (hasKubernetes(s) ? highestApiServer(s) : undefined);
    const fits = (r: RookVersion): string | undefined => {
      const k = finalKube ? rookSupportsKubernetes(r, finalKube) : undefined;
      if (k && !k.ok) return k.reason;
      if (ceph) {
        const cv = rookSupportsCeph(r, ceph);
        if (!cv.ok) return cv.reason;
      }
      return undefined;
    };
    if (rook) {
      const why = fits(rook);
      if (why) reasons.push(reject('rook.target-incompatible', `the targets do not fit together: ${why}`, 'target.rook'));
    } else if (rookSupportOf(s.rook) && fits(s.rook)) {
      const candidates = ROOK_SUPPORT.filter((x) => {
        const [maj, min] = x.rook.split('.').map(Number);
        return maj * 100 + min > s.rook!.major * 100 + s.rook!.minor;
      }).map((x) => c.latestRook.get(x.rook)).filter((x): x is RookVersion => x !== undefined);
      rook = candidates.find((r) => fits(r) === undefined);
      if (rook) {
        warnings.push({ code: 'rook.implicit-upgrade', severity: 'warning', message: `Rook ${s.rook.raw} cannot stay: ${fits(s.rook)}. The path upgrades Rook to ${formatRook(rook)} as well.`, subject: 'rook' });
      } else {
        reasons.push(reject('rook.no-compatible-release', `no available Rook release supports the targets: ${fits(s.rook)}`, 'rook'));
      }
    }
  }
  if (reasons.length > 0) return { reasons, warnings };
  return { goals: { kubernetes, rook, ceph }, reasons, warnings };
}
