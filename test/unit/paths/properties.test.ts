import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { type ClusterVersions, type Hop, type Target, computePath, validateHops } from '../../../src/core/paths';
import { cephStep, haApiServerSkew, kubeletSkew, rookStep, rookSupportOf, rookSupportsCeph, rookSupportsKubernetes } from '../../../src/core/compat';
import { type KubeVersion, ceph, compareCeph, compareKube, compareRook, kube, rook } from '../../../src/core/versions';
import { AVAILABLE, CEPH_RELEASES, LATEST_PATCH, ROOK_RELEASES } from './helpers';

/**
 * A random cluster that satisfies every rule now: kubelets within skew, Rook window and Ceph support.
 * Servers share one minor (patches differ): on K3s a server's kubelet has its API server's version, so
 * servers on two minors are a half-done upgrade that breaks "kubelet never newer than an API server".
 */
const clusterArb: fc.Arbitrary<ClusterVersions> = fc
  .record({
    base: fc.integer({ min: 22, max: 34 }),
    servers: fc.array(fc.tuple(fc.constant(0), fc.nat()), { minLength: 1, maxLength: 3 }),
    agents: fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.nat()), { maxLength: 5 }),
    rookPick: fc.option(fc.nat(), { nil: undefined }),
    cephPick: fc.nat(),
  })
  .map(({ base, servers, agents, rookPick, cephPick }) => {
    const ver = (minor: number, p: number): string => `v1.${minor}.${p % (LATEST_PATCH[minor] + 1)}+k3s1`;
    const apis = servers.map(([d, p]) => ver(Math.min(base + d, 35), p));
    const lo = Math.min(...apis.map((a) => kube(a).minor));
    const hi = Math.max(...apis.map((a) => kube(a).minor));
    const agentVersions = agents
      .map(([lag]) => lo - lag)
      .filter((m) => m >= 22 && hi - m <= (m < 25 ? 2 : 3))
      .map((m, i) => ver(m, agents[i][1]));
    let rookV: string | undefined;
    let cephV: string | undefined;
    if (rookPick !== undefined) {
      const fitting = ROOK_RELEASES.filter((r) => !rook(r).prerelease && rookSupportsKubernetes(rook(r), { major: 1, minor: lo }).ok && rookSupportsKubernetes(rook(r), { major: 1, minor: hi }).ok);
      if (fitting.length > 0) {
        rookV = fitting[rookPick % fitting.length];
        const cephs = CEPH_RELEASES.filter((c) => rookSupportsCeph(rook(rookV!), ceph(c)).ok);
        cephV = cephs.length > 0 ? cephs[cephPick % cephs.length] : undefined;
        if (!cephV) rookV = undefined;
      }
    }
    return {
      apiServers: apis.map((version, i) => ({ name: `s${i}`, version })),
      kubelets: [...apis.map((version, i) => ({ name: `s${i}`, role: 'server' as const, version })), ...agentVersions.map((version, i) => ({ name: `a${i}`, role: 'agent' as const, version }))],
      distribution: 'k3s' as const,
      ...(rookV ? { rook: { operator: rookV }, ceph: { version: cephV! } } : {}),
    };
  });

/** Targets mostly at or above what the cluster runs (so most cases have a path), sometimes anything (rejections). */
function targetFor(c: ClusterVersions): fc.Arbitrary<Target> {
  const newest = [...c.kubelets, ...c.apiServers].map((k) => kube(k.version)).reduce((a, b) => (compareKube(a, b) >= 0 ? a : b));
  const up = (all: readonly string[], keep: (v: string) => boolean): fc.Arbitrary<string | undefined> => {
    const fwd = all.filter(keep);
    return fc.option(fwd.length > 0 ? fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...fwd) }, { weight: 1, arbitrary: fc.constantFrom(...all) }) : fc.constantFrom(...all), { nil: undefined, freq: 3 });
  };
  return fc.record({
    kubernetes: up([...AVAILABLE.kubernetes, 'v1.36.0+k3s1'], (v) => compareKube(kube(v), newest) >= 0),
    rook: c.rook ? up(ROOK_RELEASES.filter((r) => !r.includes('-')), (v) => compareRook(rook(v), rook(c.rook!.operator)) >= 0) : fc.constant(undefined),
    ceph: c.ceph ? up(CEPH_RELEASES, (v) => compareCeph(ceph(v), ceph(c.ceph!.version)) >= 0) : fc.constant(undefined),
  });
}

const caseArb = clusterArb.chain((c) => fc.tuple(fc.constant(c), targetFor(c)));

interface Sim { apis: Map<string, KubeVersion>; kubelets: Map<string, { role: string; v: KubeVersion }>; rook?: string; ceph?: string }

/** Applies one hop independently of the engine's own state code and checks every rule after it. */
function step(s: Sim, h: Hop): string[] {
  const errors: string[] = [];
  if (h.component === 'kubernetes') {
    const to = kube(h.to);
    if (h.phase === 'agents') {
      for (const a of s.apis.values()) if (compareKube(a, to) < 0) errors.push(`${h.id}: agents before servers`);
    }
    for (const n of h.nodes ?? []) {
      const k = s.kubelets.get(n);
      const a = s.apis.get(n);
      for (const cur of [k?.v, a].filter((x): x is KubeVersion => x !== undefined)) {
        if (compareKube(to, cur) < 0) continue; // an API server already ahead stays (catch-up of its kubelet)
        if (to.minor - cur.minor > 1) errors.push(`${h.id}: ${n} skips a minor`);
      }
      if (k) {
        if ((k.role === 'server') !== (h.phase === 'servers')) errors.push(`${h.id}: ${n} in the wrong phase`);
        k.v = to;
      }
      if (a && h.phase === 'servers' && compareKube(a, to) < 0) s.apis.set(n, to);
    }
  } else if (h.component === 'rook') {
    const v = rookStep(rook(s.rook!), rook(h.to));
    if (!v.ok) errors.push(`${h.id}: ${v.reason}`);
    s.rook = h.to;
  } else {
    const v = cephStep(ceph(s.ceph!), ceph(h.to));
    if (!v.ok) errors.push(`${h.id}: ${v.reason}`);
    s.ceph = h.to;
  }
  const apis = [...s.apis.values()];
  if (!haApiServerSkew(apis).ok) errors.push(`${h.id}: HA skew`);
  for (const [n, k] of s.kubelets) if (!kubeletSkew(apis, k.v).ok) errors.push(`${h.id}: kubelet skew on ${n}`);
  if (s.rook && rookSupportOf(rook(s.rook))) {
    for (const a of apis) if (!rookSupportsKubernetes(rook(s.rook), a).ok) errors.push(`${h.id}: outside Rook window`);
    if (s.ceph && !rookSupportsCeph(rook(s.rook), ceph(s.ceph)).ok) errors.push(`${h.id}: Ceph unsupported by Rook`);
  }
  return errors;
}

describe('paths: properties (fast-check)', function () {
  this.timeout(60_000);
  it('every returned path keeps every rule after every hop and reaches the target; every rejection has a reason', () => {
    fc.assert(
      fc.property(caseArb, ([cluster, target]) => {
        const r = computePath(cluster, target, AVAILABLE);
        if (!r.ok) {
          assert.ok(r.reasons.length >= 1);
          for (const x of r.reasons) assert.ok(x.message.length > 10 && x.code.length > 0 && x.severity === 'error');
          return;
        }
        const s: Sim = {
          apis: new Map(cluster.apiServers.map((a) => [a.name, kube(a.version)])),
          kubelets: new Map(cluster.kubelets.map((k) => [k.name, { role: k.role, v: kube(k.version) }])),
          rook: cluster.rook?.operator,
          ceph: cluster.ceph?.version,
        };
        const errors = r.hops.flatMap((h) => step(s, h));
        assert.deepEqual(errors, []);
        if (target.kubernetes) {
          for (const v of [...s.apis.values(), ...[...s.kubelets.values()].map((k) => k.v)]) assert.equal(v.raw, target.kubernetes);
        }
        if (target.rook) assert.equal(compareRook(rook(s.rook!), rook(target.rook)), 0);
        if (target.ceph) assert.equal(compareCeph(ceph(s.ceph!), ceph(target.ceph)), 0);
        if (r.hops.length === 0) assert.ok(r.warnings.some((w) => w.code === 'path.already-at-target'));
        // the validator agrees with the engine (no errors on the engine's own hops)
        assert.deepEqual(validateHops(cluster, r.hops, { available: AVAILABLE }).filter((f) => f.severity === 'error'), []);
      }),
      { numRuns: 300 },
    );
  });

  it('a Kubernetes-only target at or above the cluster without Rook always has a path', () => {
    fc.assert(
      fc.property(clusterArb, fc.integer({ min: 0, max: 13 }), (cluster, extra) => {
        const c = { ...cluster, rook: undefined, ceph: undefined };
        const newest = Math.max(...c.kubelets.map((k) => kube(k.version).minor), ...c.apiServers.map((a) => kube(a.version).minor));
        const minor = Math.min(35, newest + extra);
        const target = `v1.${minor}.${LATEST_PATCH[minor]}+k3s1`;
        const r = computePath(c, { kubernetes: target }, AVAILABLE);
        assert.ok(r.ok, r.ok ? '' : r.reasons.map((x) => x.message).join('; '));
      }),
      { numRuns: 200 },
    );
  });
});
