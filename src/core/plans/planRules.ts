import {
  type AvailableVersions, type ClusterVersions, type Finding as PathFinding, type HopInput, type RiskEdge, type Target,
  checkCluster, computePath, simulateHops,
} from '../paths';
import { parseCephVersion, parseKubeVersion, parseMinorLine, parseRookVersion } from '../versions';
import { COMPONENT_NAMES, type ComponentName, type PlanHop } from './model';
import { type PlanReleases, compareVersions, minorOf } from './planReleases';
import type { Finding, PlanRulesEngine, PlanRulesInput, Suggestion } from './rulesEngine';

/**
 * The plan rules: a plan's fields and hops checked by the upgrade-path engine (src/core/paths), which
 * owns every compatibility rule (through src/core/compat) and every risk edge. What is the plan's own
 * is here: where a finding goes in the file, the quick fix it carries, whether the hops reach the
 * target, and patch advice.
 */

/** The path engine's codes → the plan's codes (which select quick fixes and tests). */
const CODE_MAP: Readonly<Record<string, string>> = {
  'minor.skipped': 'skipped-minor',
  'patch.not-latest-first': 'skipped-latest-patch',
  'version.unknown': 'unknown-version',
  'version.downgrade': 'downgrade',
  'version.invalid': 'invalid-version',
  'hop.no-op': 'no-op-hop',
  'ceph.unsupported-by-rook': 'ceph-unsupported',
  'risk.not-accepted': 'risky-edge',
};

const LABEL: Record<ComponentName, string> = { k3s: 'K3s', kubernetes: 'Kubernetes', rook: 'Rook', ceph: 'Ceph' };
const EXAMPLE: Record<ComponentName, string> = { k3s: 'v1.31.9+k3s1', kubernetes: 'v1.31.9', rook: 'v1.15.9', ceph: 'v19.2.2' };
/** How a plan names its nodes to the engine: messages read "the servers would jump…", "the agents on v1.30.4 …". */
const SERVERS = 'the servers';
const AGENTS = 'the agents';

type EngineComponent = 'kubernetes' | 'rook' | 'ceph';
const engineComponent = (c: ComponentName): EngineComponent => (c === 'k3s' ? 'kubernetes' : c);

const availableCache = new WeakMap<PlanReleases, AvailableVersions>();

/** One AvailableVersions object per release view: the path engine memoises its parsed index on it. */
export function availableOf(releases: PlanReleases): AvailableVersions {
  let a = availableCache.get(releases);
  if (!a) {
    a = { kubernetes: [...releases.versions('k3s'), ...releases.versions('kubernetes')], rook: releases.versions('rook'), ceph: releases.versions('ceph') };
    availableCache.set(releases, a);
  }
  return a;
}

function parses(c: ComponentName, v: string): boolean {
  if (c === 'rook') return parseRookVersion(v).ok;
  if (c === 'ceph') return parseCephVersion(v).ok;
  return parseKubeVersion(v).ok;
}

/** The Kubernetes component a plan uses (`k3s` or `kubernetes`), undefined when it names neither. */
function kubeNameOf(input: Pick<PlanRulesInput, 'current' | 'target' | 'hops'>): ComponentName | undefined {
  if (input.current.k3s !== undefined || input.target.k3s !== undefined) return 'k3s';
  if (input.current.kubernetes !== undefined || input.target.kubernetes !== undefined) return 'kubernetes';
  return input.hops.find((h) => h.component === 'k3s' || h.component === 'kubernetes')?.component;
}

/**
 * A plan's `components.*.current` as the cluster the path engine simulates: the servers and the agents
 * as two groups. Without a Kubernetes version the cluster is seen through its storage only (Rook, Ceph).
 */
export function clusterOf(current: Partial<Record<ComponentName, string>>): ClusterVersions | undefined {
  const kube = current.k3s ?? current.kubernetes;
  if (kube === undefined && current.rook === undefined && current.ceph === undefined) return undefined;
  const p = kube !== undefined ? parseKubeVersion(kube) : undefined;
  const distribution = p?.ok ? p.value.distribution : current.k3s !== undefined ? 'k3s' : 'kubernetes';
  return {
    apiServers: kube !== undefined ? [{ name: SERVERS, version: kube }] : [],
    kubelets: kube !== undefined ? [{ name: SERVERS, role: 'server', version: kube }, { name: AGENTS, role: 'agent', version: kube }] : [],
    distribution,
    ...(current.rook !== undefined ? { rook: { operator: current.rook } } : {}),
    ...(current.ceph !== undefined ? { ceph: { version: current.ceph } } : {}),
  };
}

/** A plan hop as the path engine takes it (K3s is Kubernetes there; a hop of servers or agents only is that phase). */
export function hopInput(h: PlanHop): HopInput {
  const phase = h.nodes === 'servers' || h.nodes === 'agents' ? h.nodes : undefined;
  return { component: engineComponent(h.component), to: h.version, ...(phase ? { phase } : {}) };
}

function sentence(s: string): string {
  const t = s.charAt(0).toUpperCase() + s.slice(1);
  return /[.!?]$/.test(t) ? t : `${t}.`;
}

/** The versions each part of the cluster runs before each hop, as the plan wrote them. */
function versionsBefore(input: PlanRulesInput, kube: ComponentName | undefined): { servers: string | undefined; agents: string | undefined; rook: string | undefined; ceph: string | undefined }[] {
  let servers = kube ? input.current[kube] : undefined;
  let agents = servers;
  let rook = input.current.rook;
  let ceph = input.current.ceph;
  return input.hops.map((h) => {
    const before = { servers, agents, rook, ceph };
    if (h.component === 'rook') rook = h.version;
    else if (h.component === 'ceph') ceph = h.version;
    else {
      if (h.nodes !== 'agents') servers = h.version;
      if (h.nodes !== 'servers') agents = h.version;
    }
    return before;
  });
}

/** `[major, minor]` of a Kubernetes or Rook version. */
function majorMinor(c: ComponentName, v: string): [number, number] | undefined {
  const p = c === 'rook' ? parseRookVersion(v) : parseKubeVersion(v);
  return p.ok ? [p.value.major, p.value.minor] : undefined;
}

export class PlanRules implements PlanRulesEngine {
  /** `risks`: every risk edge that applies (the bundled risk files and the workspace's), checked on every hop. */
  constructor(private readonly releases: PlanReleases, private readonly risks: readonly RiskEdge[] = []) {}

  validate(input: PlanRulesInput): Finding[] {
    const out: Finding[] = [];
    const kube = kubeNameOf(input);
    const { target, broken } = this.fieldRules(input, out);
    // An unreadable current version leaves nothing to simulate: its own error says what to fix.
    if (broken) return out;
    const cluster = clusterOf(input.current);
    if (!cluster) return out;
    this.currentState(cluster, kube, out);
    const available = availableOf(this.releases);
    let sim: ReturnType<typeof simulateHops>;
    try {
      sim = simulateHops(cluster, input.hops.map(hopInput), {
        available,
        risks: this.risks,
        acceptedRisks: input.acceptedRisks.map((r) => r.id).filter((x): x is string => x !== undefined),
      });
    } catch (e) {
      out.push({ code: 'internal', severity: 'warning', message: `The upgrade-path engine could not check the hops (${e instanceof Error ? e.message : String(e)}). Please report this plan.` });
      return out;
    }
    const before = versionsBefore(input, kube);
    const seen = new Set<string>();
    for (const f of sim.findings) {
      const code = CODE_MAP[f.code] ?? f.code;
      const key = f.hopIndex === undefined ? `${code}||${f.message}` : `${code}|${f.hopIndex}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const hop = f.hopIndex === undefined ? undefined : input.hops[f.hopIndex];
      const suggest = hop && f.hopIndex !== undefined ? this.suggestionFor(f, hop, f.hopIndex, before[f.hopIndex], input) : undefined;
      out.push({
        code,
        severity: f.severity,
        message: sentence(f.message),
        ...(f.hopIndex !== undefined ? { hopIndex: f.hopIndex } : kube ? { component: kube, field: 'current' as const } : {}),
        ...(suggest ? { suggest } : {}),
      });
    }
    this.patchAdvice(input, target, out);
    if (sim.end) this.targetRules(input, target, sim.end, kube, available, out);
    return out;
  }

  /** current/target: a version of the right form that the catalog knows; a minor-line target resolved. */
  private fieldRules(input: PlanRulesInput, out: Finding[]): { target: Partial<Record<ComponentName, string>>; broken: boolean } {
    const target: Partial<Record<ComponentName, string>> = {};
    let broken = false;
    for (const c of COMPONENT_NAMES) {
      for (const field of ['current', 'target'] as const) {
        const v = input[field][c];
        if (v === undefined) continue;
        const line = field === 'target' && c !== 'ceph' ? parseMinorLine(v) : undefined;
        if (line) {
          const resolved = this.releases.latestPatch(c, `${line.major}.${line.minor}`);
          if (resolved) {
            target[c] = resolved;
            out.push({
              code: 'target-minor-line', severity: 'info', component: c, field,
              message: `${v} means the newest ${LABEL[c]} v${line.major}.${line.minor} patch the release catalog knows: ${resolved}. Write it out so the plan does not change when a newer patch is published.`,
              suggest: { kind: 'replaceVersion', version: resolved, title: `Write ${resolved}` },
            });
          } else {
            out.push({ code: 'unknown-version', severity: 'error', component: c, field, message: `No ${LABEL[c]} v${line.major}.${line.minor} release is known, so ${v} names nothing. Pick a released version (completion lists them).` });
          }
          continue;
        }
        if (!parses(c, v)) {
          out.push({ code: 'invalid-version', severity: 'error', component: c, field, message: `"${v}" is not a ${LABEL[c]} version. Write it like ${EXAMPLE[c]}${field === 'target' && c !== 'ceph' ? ', or v1.31 for the newest patch of a minor' : ''}.` });
          if (field === 'current') broken = true;
          continue;
        }
        if (!this.releases.exists(c, v)) {
          out.push(this.unknown(c, v, { component: c, field }));
          continue;
        }
        if (field === 'target') target[c] = v;
      }
    }
    return { target, broken };
  }

  /** Rules the cluster already breaks as it runs now, on the `current` lines: the plan starts from there. */
  private currentState(cluster: ClusterVersions, kube: ComponentName | undefined, out: Finding[]): void {
    for (const f of checkCluster(cluster)) {
      const component: ComponentName | undefined = f.subject === 'rook' ? 'rook' : f.subject === 'ceph' ? 'ceph' : kube;
      if (!component) continue;
      out.push({
        code: 'current-state', severity: 'warning', component, field: 'current',
        message: `The cluster as it runs now already breaks a rule: ${sentence(f.message)} The hops must repair this before anything else moves.`,
      });
    }
  }

  private unknown(c: ComponentName, v: string, where: Pick<Finding, 'hopIndex' | 'component' | 'field'>): Finding {
    const minor = minorOf(c, v);
    const latest = minor ? this.releases.latestPatch(c, minor) : undefined;
    return {
      code: 'unknown-version', severity: 'error', ...where,
      message: `${v} is not a known ${LABEL[c]} release.${latest ? ` The newest ${minor} release is ${latest}.` : ' Pick a released version (completion lists them).'}`,
      ...(latest ? { suggest: { kind: 'replaceVersion' as const, version: latest, title: `Use ${latest}` } } : {}),
    };
  }

  private suggestionFor(f: PathFinding, hop: PlanHop, hopIndex: number, before: ReturnType<typeof versionsBefore>[number], input: PlanRulesInput): Suggestion | undefined {
    const c = hop.component;
    const prev = c === 'rook' ? before.rook : c === 'ceph' ? before.ceph : f.subject === AGENTS || hop.nodes === 'agents' ? before.agents : before.servers;
    switch (f.code) {
      case 'version.unknown': {
        const minor = minorOf(c, hop.version);
        const latest = minor ? this.releases.latestPatch(c, minor) : undefined;
        return latest && latest !== hop.version ? { kind: 'replaceVersion', version: latest, title: `Use ${latest}` } : undefined;
      }
      case 'minor.skipped': {
        if (c === 'ceph' || prev === undefined) return undefined;
        const a = majorMinor(c, prev);
        const b = majorMinor(c, hop.version);
        if (!a || !b || a[0] !== b[0]) return undefined;
        const hops: PlanHop[] = [];
        for (let m = a[1] + 1; m < b[1]; m++) {
          const latest = this.releases.latestPatch(c, `${a[0]}.${m}`);
          if (!latest) return undefined;
          hops.push({ component: c, version: latest, ...(hop.nodes ? { nodes: hop.nodes } : {}), reason: `one minor at a time: v${a[0]}.${m} before v${b[0]}.${b[1]}` });
        }
        return hops.length ? { kind: 'insertHops', beforeHop: hopIndex, hops } : undefined;
      }
      case 'patch.not-latest-first': {
        if (prev === undefined) return undefined;
        const minor = minorOf(c, prev);
        const latest = minor ? this.releases.latestPatch(c, minor) : undefined;
        if (!latest) return undefined;
        const nodes = f.subject === AGENTS ? 'agents' : f.subject === SERVERS && hop.nodes === 'servers' ? 'servers' : hop.nodes;
        return { kind: 'insertHops', beforeHop: hopIndex, hops: [{ component: c, version: latest, ...(nodes ? { nodes } : {}), reason: `latest patch of v${minor} before leaving it` }] };
      }
      case 'risk.not-accepted': {
        if (f.subject === undefined) return undefined;
        const from = prev ?? input.current[c] ?? '';
        return { kind: 'acceptRisk', riskId: f.subject, component: c, from, to: hop.version };
      }
      default:
        return undefined;
    }
  }

  /** A hop that is not the newest patch of its minor (except the exact target): say which is. */
  private patchAdvice(input: PlanRulesInput, target: Partial<Record<ComponentName, string>>, out: Finding[]): void {
    input.hops.forEach((hop, i) => {
      const c = hop.component;
      if (c === 'ceph' || hop.version === target[c] || !this.releases.exists(c, hop.version)) return;
      if (out.some((f) => f.hopIndex === i && f.severity === 'error')) return;
      const minor = minorOf(c, hop.version);
      const latest = minor ? this.releases.latestPatch(c, minor) : undefined;
      if (latest && latest !== hop.version && (compareVersions(c, latest, hop.version) ?? 0) > 0) {
        out.push({
          code: 'not-latest-patch', severity: 'info', hopIndex: i,
          message: `${hop.version} is not the latest patch of ${LABEL[c]} ${minor}; ${latest} is. Use it unless you need exactly this patch.`,
          suggest: { kind: 'replaceVersion', version: latest, title: `Use the latest patch ${latest}` },
        });
      }
    });
  }

  /** Do the hops reach each target? If not, the engine's path from where they end is the fix. */
  private targetRules(input: PlanRulesInput, target: Partial<Record<ComponentName, string>>, end: ClusterVersions, kube: ComponentName | undefined, available: AvailableVersions, out: Finding[]): void {
    for (const c of COMPONENT_NAMES) {
      const t = target[c];
      if (t === undefined || !parses(c, t)) continue;
      if ((c === 'k3s' || c === 'kubernetes') && c !== kube) continue;
      const reached = this.endOf(c, end);
      if (reached.length === 0) continue;
      const below = reached.filter((v) => (compareVersions(c, v, t) ?? 0) < 0);
      const above = reached.filter((v) => (compareVersions(c, v, t) ?? 0) > 0);
      if (above.length > 0 && below.length === 0) {
        out.push({ code: 'target-not-reached', severity: 'error', component: c, field: 'target', message: `The hops take ${LABEL[c]} to ${above[0]}, past the target ${t}. Change the target or the last hop.` });
        continue;
      }
      if (below.length === 0) continue;
      const goal: Target = { [engineComponent(c)]: t };
      const path = computePath(end, goal, available, { risks: this.risks });
      const where = `The hops leave ${LABEL[c]} at ${below[0]}${input.hops.some((h) => h.component === c) ? '' : ' (no hop moves it)'}, but the target is ${t}.`;
      if (!path.ok) {
        out.push({ code: 'target-not-reached', severity: 'error', component: c, field: 'target', message: `${where} No path from there: ${path.reasons.map((r) => sentence(r.message)).join(' ')}` });
        continue;
      }
      const hops: PlanHop[] = path.hops.map((h) => ({
        component: h.component === 'kubernetes' ? (kube ?? 'kubernetes') : h.component,
        version: h.to,
        ...(h.phase === 'servers' || h.phase === 'agents' ? { nodes: h.phase } : {}),
        reason: h.reason,
      }));
      out.push({
        code: 'target-not-reached', severity: 'error', component: c, field: 'target',
        message: `${where} Add the missing hop${hops.length === 1 ? '' : 's'} (${hops.map((h) => (h.nodes ? `${h.version} ${h.nodes}` : h.version)).join(' → ')}).`,
        ...(hops.length ? { suggest: { kind: 'insertHops' as const, beforeHop: input.hops.length, hops } } : {}),
      });
    }
  }

  /** The versions a component runs after the last hop (every node for Kubernetes). */
  private endOf(c: ComponentName, end: ClusterVersions): string[] {
    if (c === 'rook') return end.rook ? [end.rook.operator] : [];
    if (c === 'ceph') return end.ceph ? [end.ceph.version] : [];
    return [...new Set([...end.apiServers.map((a) => a.version), ...end.kubelets.map((k) => k.version)])];
  }
}

/** Hops from the cluster's versions to the target, from the path engine; a failure is the engine's reasons, as sentences. */
export function plannedHops(current: Partial<Record<ComponentName, string>>, target: Target, releases: PlanReleases, risks: readonly RiskEdge[] = []):
  { ok: true; hops: PlanHop[]; warnings: string[]; target: Target } | { ok: false; reasons: string[] } {
  const cluster = clusterOf(current);
  if (!cluster) return { ok: false, reasons: ['The plan names no component to upgrade (k3s, kubernetes, rook or ceph).'] };
  const kubeName: ComponentName = current.k3s !== undefined || cluster.distribution === 'k3s' ? 'k3s' : 'kubernetes';
  try {
    const r = computePath(cluster, target, availableOf(releases), { risks });
    if (!r.ok) return { ok: false, reasons: r.reasons.map((f) => sentence(f.message)) };
    const hops: PlanHop[] = r.hops.map((h) => ({
      component: h.component === 'kubernetes' ? kubeName : h.component,
      version: h.to,
      reason: h.reason,
      ...(h.phase === 'servers' || h.phase === 'agents' ? { nodes: h.phase } : {}),
    }));
    // A minor-line target (v1.31) is written out as the release the engine resolved it to.
    const last = (c: EngineComponent): string | undefined => r.hops.filter((h) => h.component === c).at(-1)?.to;
    const resolved: Target = {
      ...(target.kubernetes !== undefined ? { kubernetes: parseMinorLine(target.kubernetes) ? last('kubernetes') ?? target.kubernetes : target.kubernetes } : {}),
      ...(target.rook !== undefined ? { rook: parseMinorLine(target.rook) ? last('rook') ?? target.rook : target.rook } : {}),
      ...(target.ceph !== undefined ? { ceph: target.ceph } : {}),
    };
    return { ok: true, hops, warnings: r.warnings.filter((w) => w.code !== 'path.already-at-target' || hops.length === 0).map((f) => sentence(f.message)), target: resolved };
  } catch (e) {
    return { ok: false, reasons: [e instanceof Error ? e.message : String(e)] };
  }
}
