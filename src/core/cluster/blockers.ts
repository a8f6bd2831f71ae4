import { type Verdict, kubeletSkew, rookSupportsCeph, rookSupportsKubernetes } from '../compat';
import { type CephVersion, type KubeVersion, parseCephVersion, parseKubeVersion, parseRookVersion } from '../versions';
import { cephDisplay } from './cephDisplay';
import type { ClusterSnapshot } from './snapshot';

/** Something in the cluster that must change before the API server can move to the next minor. */
export interface Blocker {
  /** What blocks, as a row names it: `Rook v1.14`, `k3s-agent-5`. */
  readonly subject: string;
  /** The rule's sentence (core/compat), with what to do first when it is known. */
  readonly reason: string;
  /** The rule's code, `rook.kubernetes-too-new`, `skew.kubelet-too-old`. */
  readonly code: string;
}

export interface NextMinorCheck {
  /** `v1.31` */
  readonly nextMinor: string;
  readonly blockers: readonly Blocker[];
}

type Minor = Pick<KubeVersion, 'major' | 'minor'>;

/** The parts of a snapshot the check reads. */
export type BlockerInputs = Pick<ClusterSnapshot, 'apiServerVersion' | 'nodes' | 'components'>;

/**
 * What blocks the API server's next minor, by the rules of core/compat: the running Rook's
 * Kubernetes window, and kubelets that would trail the new API server by more than the skew policy
 * allows. Undefined when the API server version cannot be read. Nothing is guessed: a Rook release
 * the rules do not know is no blocker (the plan's validation says so).
 */
export function nextMinorBlockers(s: BlockerInputs): NextMinorCheck | undefined {
  const api = parseKubeVersion(s.apiServerVersion);
  if (!api.ok) return undefined;
  const next: Minor = { major: api.value.major, minor: api.value.minor + 1 };
  const blockers: Blocker[] = [];
  const rook = rookBlocker(s, next);
  if (rook) blockers.push(rook);
  blockers.push(...kubeletBlockers(s, next));
  return { nextMinor: `v${next.major}.${next.minor}`, blockers };
}

function rookBlocker(s: BlockerInputs, next: Minor): Blocker | undefined {
  const op = s.components.rookOperator;
  const rook = op.state === 'ok' && op.value.version ? parseRookVersion(op.value.version) : undefined;
  if (!rook?.ok) return undefined;
  const v = rookSupportsKubernetes(rook.value, next);
  if (v.ok || v.code === 'rook.unknown-release') return undefined;
  const subject = `Rook v${rook.value.major}.${rook.value.minor}`;
  if (v.code !== 'rook.kubernetes-too-new') return { subject, reason: `${v.reason}.`, code: v.code };
  // Rook upgrades one minor at a time: say whether its next minor would carry the cluster.
  const nextRook = { major: rook.value.major, minor: rook.value.minor + 1 };
  const then = rookSupportsKubernetes(nextRook, next);
  const ceph = cephOf(s);
  const cephThen = then.ok && ceph ? rookSupportsCeph(nextRook, ceph) : undefined;
  const first = then.ok
    ? ` Upgrade Rook first: ${then.reason}${cephThen && !cephThen.ok ? `, but ${cephThen.reason}` : ''}.`
    : '';
  return { subject, reason: `${v.reason}.${first}`, code: v.code };
}

/** Each distinct kubelet minor that the next API server minor would leave too far behind. */
function kubeletBlockers(s: BlockerInputs, next: Minor): Blocker[] {
  if (s.nodes.state !== 'ok') return [];
  const byMinor = new Map<string, { minor: Minor; names: string[] }>();
  for (const n of s.nodes.value) {
    const k = parseKubeVersion(n.kubeletVersion);
    if (!k.ok) continue;
    const key = `${k.value.major}.${k.value.minor}`;
    const group = byMinor.get(key) ?? { minor: k.value, names: [] };
    group.names.push(n.name);
    byMinor.set(key, group);
  }
  const out: Blocker[] = [];
  for (const { minor, names } of byMinor.values()) {
    const v: Verdict = kubeletSkew([next], minor);
    if (v.ok) continue;
    const subject = names.length === 1 ? names[0] : `${names.length} nodes`;
    const which = names.length === 1 ? '' : ` (${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''})`;
    out.push({ subject, reason: `${subject}${which}: ${v.reason}. Upgrade ${names.length === 1 ? 'it' : 'them'} within the current minor first.`, code: v.code });
  }
  return out;
}

function cephOf(s: BlockerInputs): CephVersion | undefined {
  const c = s.components.cephClusters;
  const first = c.state === 'ok' ? c.value.find((x) => x.cephVersion) : undefined;
  const v = first?.cephVersion ? parseCephVersion(first.cephVersion) : undefined;
  return v?.ok ? v.value : undefined;
}

/** The running Rook against the running cluster: inside its Kubernetes window, and running its Ceph. */
export interface RookNow {
  /** `Rook v1.14 supports Kubernetes v1.25–v1.30`, or why not. */
  readonly kubernetes: Verdict;
  /** One verdict per CephCluster with a readable version. */
  readonly ceph: readonly { readonly cluster: string; readonly version: string; readonly verdict: Verdict }[];
}

export function rookNow(s: BlockerInputs): RookNow | undefined {
  const op = s.components.rookOperator;
  const rook = op.state === 'ok' && op.value.version ? parseRookVersion(op.value.version) : undefined;
  const api = parseKubeVersion(s.apiServerVersion);
  if (!rook?.ok || !api.ok) return undefined;
  const c = s.components.cephClusters;
  const ceph = (c.state === 'ok' ? c.value : []).flatMap((cc) => {
    const v = cc.cephVersion ? parseCephVersion(cc.cephVersion) : undefined;
    return v?.ok ? [{ cluster: `${cc.namespace}/${cc.name}`, version: cephDisplay(v.value), verdict: rookSupportsCeph(rook.value, v.value) }] : [];
  });
  return { kubernetes: rookSupportsKubernetes(rook.value, api.value), ceph };
}
