import { computePath, validateHops, type AvailableVersions, type ClusterVersions, type HopInput, type Finding as PathFinding, type RiskEdge } from '../paths';
import { parseKubeVersion } from '../versions';
import { FallbackRulesEngine } from './fallbackEngine';
import type { ComponentName, PlanHop } from './model';
import type { ReleaseInfoSource } from './releaseSource';
import type { Finding, PlanRulesEngine, PlanRulesInput } from './rulesEngine';

/** The path engine's codes → the plan's codes (which select quick fixes). */
const CODE_MAP: Record<string, string> = {
  'minor.skipped': 'skipped-minor',
  'patch.not-latest-first': 'skipped-latest-patch',
  'version.unknown': 'unknown-version',
  'version.downgrade': 'downgrade',
  'version.invalid': 'invalid-version',
  'hop.no-op': 'no-op-hop',
  'ceph.unsupported-by-rook': 'ceph-unsupported',
  'risk.not-accepted': 'risky-edge',
};

/** Codes the fallback rules still own because the path engine does not look at them (targets, patch advice, minor-level risks). */
const PLAN_ONLY = new Set(['target-not-reached', 'not-latest-patch', 'risky-edge']);

const availableCache = new WeakMap<ReleaseInfoSource, AvailableVersions>();

/** One AvailableVersions object per release source: the path engine memoises its parsed catalog on it. */
export function availableOf(releases: ReleaseInfoSource): AvailableVersions {
  let a = availableCache.get(releases);
  if (!a) {
    a = { kubernetes: releases.versions('k3s'), rook: releases.versions('rook'), ceph: releases.versions('ceph') };
    availableCache.set(releases, a);
  }
  return a;
}

/** A plan's `components.*.current` as the cluster the path engine simulates: one server node and one agent node. */
export function clusterOf(current: Partial<Record<ComponentName, string>>): ClusterVersions | undefined {
  const kube = current.k3s ?? current.kubernetes;
  if (kube === undefined) return undefined;
  const p = parseKubeVersion(kube);
  const distribution = p.ok ? p.value.distribution : current.k3s !== undefined ? 'k3s' : 'kubernetes';
  return {
    apiServers: [{ name: 'server nodes', version: kube }],
    kubelets: [
      { name: 'server nodes', role: 'server', version: kube },
      { name: 'agent nodes', role: 'agent', version: kube },
    ],
    distribution,
    ...(current.rook !== undefined ? { rook: { operator: current.rook } } : {}),
    ...(current.ceph !== undefined ? { ceph: { version: current.ceph } } : {}),
  };
}

function hopInput(h: PlanHop): HopInput {
  const component = h.component === 'k3s' ? 'kubernetes' : h.component;
  const phase = h.nodes === 'servers' || h.nodes === 'agents' ? h.nodes : undefined;
  return { component, to: h.version, ...(phase ? { phase } : {}) };
}

/**
 * The plan rules over the real path engine (src/core/paths `validateHops`). Quick-fix suggestions and the
 * plan-level checks the engine does not make (target reached, latest patch, minor-level risks) come from
 * the fallback rules, matched by hop and code.
 */
export class PathsRulesEngine implements PlanRulesEngine {
  private readonly fallback: FallbackRulesEngine;

  /** `risks`: the team's risk edges (workspace risk files), checked by the path engine on every hop. */
  constructor(private readonly releases: ReleaseInfoSource, private readonly risks: readonly RiskEdge[] = []) {
    this.fallback = new FallbackRulesEngine(releases);
  }

  validate(input: PlanRulesInput): Finding[] {
    const cluster = clusterOf(input.current);
    const planFindings = this.fallback.validate(input);
    // Without a Kubernetes component the engine has no cluster to simulate: the fallback rules judge alone.
    if (!cluster) return planFindings;
    let engine: PathFinding[];
    try {
      engine = validateHops(cluster, input.hops.map(hopInput), {
        available: availableOf(this.releases),
        risks: this.risks,
        acceptedRisks: input.acceptedRisks.map((r) => r.id).filter((x): x is string => x !== undefined),
      });
    } catch {
      return planFindings;
    }
    const out: Finding[] = [];
    const seen = new Set<string>();
    for (const f of engine) {
      const code = CODE_MAP[f.code] ?? f.code;
      const twin = planFindings.find((p) => p.code === code && p.hopIndex === f.hopIndex && p.suggest);
      const key = f.hopIndex === undefined ? `${code}||${f.message}` : `${code}|${f.hopIndex}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push({
        code,
        severity: f.severity,
        message: sentence(f.message),
        ...(f.hopIndex !== undefined ? { hopIndex: f.hopIndex } : { component: input.current.k3s !== undefined ? 'k3s' : 'kubernetes', field: 'current' as const }),
        ...(twin?.suggest ? { suggest: twin.suggest } : code === 'risky-edge' ? riskSuggestion(f, input) : {}),
      });
    }
    for (const p of planFindings) {
      // Targets, patch advice, minor-level risks, and the current/target fields are the plan's own checks.
      if (PLAN_ONLY.has(p.code) || p.hopIndex === undefined) out.push(p);
    }
    return out;
  }
}

/** The accept-risk fix for a risk-file edge the engine reported (its `subject` is the risk's name). */
function riskSuggestion(f: PathFinding, input: PlanRulesInput): Pick<Finding, 'suggest'> {
  const hop = f.hopIndex === undefined ? undefined : input.hops[f.hopIndex];
  if (!hop || f.subject === undefined || f.hopIndex === undefined) return {};
  const before = input.hops.slice(0, f.hopIndex).filter((h) => h.component === hop.component).pop()?.version ?? input.current[hop.component] ?? '';
  return { suggest: { kind: 'acceptRisk', riskId: f.subject, component: hop.component, from: before, to: hop.version } };
}

function sentence(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** Hops from the cluster's versions to the target, from the path engine; a failure is the engine's reasons, as text. */
export function plannedHops(current: Partial<Record<ComponentName, string>>, target: Partial<Record<'kubernetes' | 'rook' | 'ceph', string>>, releases: ReleaseInfoSource):
  { ok: true; hops: PlanHop[]; warnings: string[] } | { ok: false; reasons: string[] } {
  const cluster = clusterOf(current);
  if (!cluster) return { ok: false, reasons: ['The cluster has no Kubernetes version.'] };
  const kubeName: ComponentName = cluster.distribution === 'k3s' ? 'k3s' : 'kubernetes';
  try {
    const r = computePath(cluster, target, availableOf(releases));
    if (!r.ok) return { ok: false, reasons: r.reasons.map((f) => sentence(f.message)) };
    const hops: PlanHop[] = r.hops.map((h) => ({
      component: h.component === 'kubernetes' ? kubeName : h.component,
      version: h.to,
      reason: h.reason,
      ...(h.phase === 'servers' || h.phase === 'agents' ? { nodes: h.phase } : {}),
    }));
    return { ok: true, hops, warnings: r.warnings.map((f) => sentence(f.message)) };
  } catch (e) {
    return { ok: false, reasons: [e instanceof Error ? e.message : String(e)] };
  }
}
