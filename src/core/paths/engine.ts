import { type KubeVersion, compareKube, minorKey } from '../versions/kube';
import { type RookVersion, compareRook, formatRook } from '../versions/rook';
import { type CephVersion, compareCeph, formatCeph } from '../versions/ceph';
import { maxKubeletLag, rookSupportOf, rookSupportsCeph, cephStep } from '../compat';
import { type VersionIndex, buildVersionIndex } from './versionIndex';
import { type ClusterState, checkState, hasKubernetes, lowestApiServer, moveNodes, parseCluster, setCeph, setRook } from './state';
import { type Goals, resolveGoals } from './targets';
import { markRisks } from './riskMarks';
import { validateParsed } from './validate';
import type { AvailableVersions, ClusterVersions, Finding, Hop, PathOptions, PathResult, Target } from './types';

/** Upper bound on hops, far above any real path (35 minors × 3 hops); guards against a rule bug looping. */
const MAX_HOPS = 400;

/** Ends planning with a reason; caught in computePath and turned into `ok: false` (never escapes). */
class Stop extends Error {
  constructor(readonly finding: Finding) {
    super(finding.message);
  }
}

const stop = (code: string, message: string, subject?: string): never => {
  throw new Stop({ code, severity: 'error', message, subject });
};

/**
 * Computes the ordered hops from the cluster's versions to the target.
 *
 * Kubernetes: the latest patch of the current minor first, then one minor at a time (each to its
 * latest patch, the last to the exact target), servers then agents; kubelets that lag so far that the
 * next API server step would break skew are brought along first. Rook: one minor per hop, upgraded
 * before Kubernetes leaves its window; Ceph first when the next Rook drops the running Ceph.
 * Never returns an empty path silently: no hops means a warning `path.already-at-target`; an
 * impossible target gives `ok: false` with reasons.
 */
export function computePath(cluster: ClusterVersions, target: Target, available: AvailableVersions, options: PathOptions = {}): PathResult {
  const parsed = parseCluster(cluster);
  if (!parsed.state) return { ok: false, reasons: parsed.findings };
  const state = parsed.state;
  const catalog = buildVersionIndex(available, cluster.distribution);
  const warnings: Finding[] = checkState(state).map((f) => ({ ...f, severity: 'warning' as const, code: f.code, message: `now: ${f.message}` }));
  if (state.rook && !rookSupportOf(state.rook)) {
    warnings.push({ code: 'rook.unknown-release', severity: 'warning', message: `no compatibility data for the running Rook ${state.rook.raw}; its Kubernetes window and Ceph support are not checked`, subject: 'rook' });
  }
  const resolved = resolveGoals(state, target, catalog);
  if (!resolved.goals) return { ok: false, reasons: resolved.reasons };
  warnings.push(...resolved.warnings);
  let hops: Hop[];
  try {
    hops = plan(state, resolved.goals, catalog);
  } catch (e) {
    if (e instanceof Stop) return { ok: false, reasons: [e.finding] };
    throw e;
  }
  // Defence in depth: the engine's own output must pass the validator, or it is not returned.
  const broken = validateParsed(state, hops, undefined).filter((f) => f.severity === 'error');
  const startBroken = warnings.some((w) => w.message.startsWith('now: '));
  if (broken.length > 0 && !startBroken) return { ok: false, reasons: broken.map((f) => ({ ...f, code: `internal.${f.code}` })) };
  const risky = markRisks(hops, options.risks ?? []);
  warnings.push(...risky.warnings);
  if (risky.hops.length === 0) {
    warnings.push({ code: 'path.already-at-target', severity: 'info', message: 'the cluster already runs the target versions; nothing to do' });
  }
  return { ok: true, hops: risky.hops, warnings };
}

function plan(start: ClusterState, goals: Goals, c: VersionIndex): Hop[] {
  const hops: Hop[] = [];
  let s = start;
  const ids = new Map<string, number>();
  const push = (h: Omit<Hop, 'id'>): void => {
    const base = `${h.component}${h.phase ? `-${h.phase}` : ''}@${h.to}`;
    const n = (ids.get(base) ?? 0) + 1;
    ids.set(base, n);
    hops.push({ ...h, id: n === 1 ? base : `${base}#${n}` });
  };
  const latestKube = (minor: number): KubeVersion => {
    const k = goals.kubernetes && goals.kubernetes.minor === minor ? goals.kubernetes : c.latestKube.get(`1.${minor}`);
    return k ?? stop('minor.unavailable', `no release of Kubernetes v1.${minor} is available, and minors cannot be skipped`, `v1.${minor}`);
  };

  const moveKube = (phase: 'servers' | 'agents', to: KubeVersion, nodes: readonly { name: string; version: KubeVersion }[], reason: string): void => {
    if (nodes.length === 0) return;
    const from = nodes.reduce((lo, n) => (compareKube(n.version, lo) < 0 ? n.version : lo), nodes[0].version);
    push({ component: 'kubernetes', phase, from: from.raw, to: to.raw, nodes: nodes.map((n) => n.name), reason });
    s = moveNodes(s, new Set(nodes.map((n) => n.name)), to, phase === 'servers');
  };
  /** Nodes of a role that step to `to`: older than it and at most one minor behind. */
  const movers = (role: 'server' | 'agent', to: KubeVersion): { name: string; version: KubeVersion }[] => {
    const out: { name: string; version: KubeVersion }[] = s.kubelets.filter((k) => k.role === role && compareKube(k.version, to) < 0 && to.minor - k.version.minor <= 1);
    if (role === 'server') {
      const have = new Set(out.map((o) => o.name));
      for (const a of s.apiServers) if (compareKube(a.version, to) < 0 && !have.has(a.name)) out.push(a);
    }
    return out;
  };
  /** Brings the kubelets of the lowest lagging minor up by one minor (never past the oldest API server). */
  const catchUp = (why: string): void => {
    const lowest = s.kubelets.reduce((lo, k) => Math.min(lo, k.version.minor), Number.MAX_SAFE_INTEGER);
    const api = lowestApiServer(s);
    const next = lowest + 1;
    let to: KubeVersion;
    if (next < api.minor) to = latestKube(next);
    else {
      const same = c.kubernetes.filter((k) => k.minor === api.minor && !k.prerelease && compareKube(k, api) <= 0);
      to = same[same.length - 1] ?? api;
    }
    for (const role of ['server', 'agent'] as const) {
      const group = s.kubelets.filter((k) => k.role === role && k.version.minor <= next && compareKube(k.version, to) < 0 && to.minor - k.version.minor <= 1);
      moveKube(role === 'server' ? 'servers' : 'agents', to, group, `${role === 'server' ? 'Server' : 'Agent'} kubelets at v1.${lowest} ${why}: bring them to ${to.raw} (one minor at a time, not newer than the API server)`);
    }
  };
  const cephSupportedBy = (r: RookVersion | undefined, v: CephVersion): boolean => !r || !rookSupportOf(r) || rookSupportsCeph(r, v).ok;

  const rookStepTo = (next: RookVersion, why: string): void => {
    const cur = s.rook!;
    if (s.ceph && !cephSupportedBy(next, s.ceph)) {
      const running = s.ceph;
      const candidates = c.ceph.filter((x) => compareCeph(x, running) > 0 && (!goals.ceph || compareCeph(x, goals.ceph) <= 0) && cephStep(running, x).ok && cephSupportedBy(cur, x) && cephSupportedBy(next, x));
      const wanted = goals.ceph && candidates.find((x) => compareCeph(x, goals.ceph!) === 0);
      const lowestRelease = candidates[0]?.major;
      const pick = wanted ?? candidates.filter((x) => x.major === lowestRelease).pop();
      if (!pick) {
        stop('ceph.no-bridge', `Rook ${formatRook(next)} does not run Ceph ${formatCeph(running)} (${rookSupportsCeph(next, running).reason}), and no available Ceph version is supported by both Rook v${cur.major}.${cur.minor} and v${next.major}.${next.minor}`, 'ceph');
      }
      pushCeph(pick!, `Rook ${formatRook(next)} drops Ceph ${running.release ?? running.major} ${formatCeph(running)}: upgrade Ceph first to ${formatCeph(pick!)}, which Rook v${cur.major}.${cur.minor} and v${next.major}.${next.minor} both support`);
    }
    push({ component: 'rook', phase: 'operator', from: cur.raw, to: next.raw, reason: why });
    s = setRook(s, next);
  };
  const pushCeph = (to: CephVersion, reason: string): void => {
    push({ component: 'ceph', phase: 'cluster', from: formatCeph(s.ceph!), to: to.raw, reason });
    s = setCeph(s, to);
  };
  const nextRook = (): RookVersion => {
    const cur = s.rook!;
    const goal = goals.rook;
    if (goal && goal.minor === cur.minor) return goal;
    if (goal && goal.minor === cur.minor + 1) return goal;
    const key = `${cur.major}.${cur.minor + 1}`;
    return c.latestRook.get(key) ?? stop('minor.unavailable', `no release of Rook v${key} is available, and Rook upgrades one minor at a time`, 'rook');
  };

  for (let guard = 0; ; guard++) {
    if (guard > MAX_HOPS) stop('internal.no-progress', 'the path engine made no progress; please report this cluster and target');
    const k = goals.kubernetes;
    const kubeLeft = k !== undefined && hasKubernetes(s) && (s.apiServers.some((a) => compareKube(a.version, k) < 0) || s.kubelets.some((n) => compareKube(n.version, k) < 0));
    if (k && kubeLeft) {
      const apiLo = lowestApiServer(s);
      if (compareKube(apiLo, k) >= 0) {
        catchUp(`are behind the target ${k.raw}`);
        continue;
      }
      const m = apiLo.minor;
      const latestHere = latestKube(m);
      // Mid-upgrade HA (servers on two minors) finishes the newer minor instead of patching the older one.
      const oneMinor = s.apiServers.every((a) => a.version.minor === m);
      const samePatchStep = oneMinor && s.apiServers.some((a) => compareKube(a.version, latestHere) < 0);
      const v = samePatchStep ? latestHere : latestKube(m + 1);
      // Rook's window: move Rook first when the next Kubernetes minor is beyond it.
      const window = s.rook && rookSupportOf(s.rook)?.kubernetes;
      if (window && v.minor > window.max) {
        const next = nextRook();
        rookStepTo(next, `Rook v${s.rook!.major}.${s.rook!.minor} supports Kubernetes up to v1.${window.max}: upgrade Rook to ${formatRook(next)} before Kubernetes v${minorKey(v)}`);
        continue;
      }
      const laggard = s.kubelets.find((n) => v.minor - n.version.minor > maxKubeletLag(n.version));
      if (laggard) {
        catchUp(`would be more than ${maxKubeletLag(laggard.version)} minors behind an API server at v${minorKey(v)}`);
        continue;
      }
      const isTarget = compareKube(v, k) === 0;
      const what = samePatchStep && !isTarget
        ? `latest patch of the current minor v${minorKey(v)} first`
        : isTarget ? `target ${v.raw}` : `next minor v${minorKey(v)} at its latest patch (minors are never skipped)`;
      moveKube('servers', v, movers('server', v), `Servers first, one at a time: ${what}`);
      moveKube('agents', v, movers('agent', v), `Agents after the servers: ${what}`);
      continue;
    }
    const r = goals.rook;
    if (r && s.rook && compareRook(s.rook, r) < 0) {
      const next = nextRook();
      const isTarget = compareRook(next, r) === 0;
      rookStepTo(next, isTarget ? `Rook target ${next.raw}` : `Rook one minor at a time: ${formatRook(next)} on the way to ${r.raw}`);
      continue;
    }
    const cg = goals.ceph;
    if (cg && s.ceph && compareCeph(s.ceph, cg) < 0) {
      const cur = s.ceph;
      if (cg.major - cur.major <= 2) {
        pushCeph(cg, `Ceph target ${formatCeph(cg)}${s.rook ? `, supported by Rook v${s.rook.major}.${s.rook.minor}` : ''}`);
      } else {
        const via = c.ceph.filter((x) => x.major === cur.major + 2 && cephSupportedBy(s.rook, x)).pop();
        if (!via) stop('ceph.no-bridge', `Ceph cannot go from ${formatCeph(cur)} to ${formatCeph(cg)} in one hop (at most two releases) and no intermediate release is available`, 'ceph');
        pushCeph(via!, `Ceph upgrades skip at most one release: ${formatCeph(via!)} on the way to ${formatCeph(cg)}`);
      }
      continue;
    }
    break;
  }
  return hops;
}
