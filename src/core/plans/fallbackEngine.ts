import { cephReleaseName, parseCephVersion, parseKubeVersion, parseRookVersion } from '../versions';
import { KNOWN_RISKS, ROOK_SUPPORT } from './compatTables';
import type { ComponentName } from './model';
import { compareVersions, minorOf, type ReleaseInfoSource } from './releaseSource';
import type { Finding, PlanRulesEngine, PlanRulesInput } from './rulesEngine';

const LABEL: Record<ComponentName, string> = { k3s: 'K3s', kubernetes: 'Kubernetes', rook: 'Rook', ceph: 'Ceph' };
const EXAMPLE: Record<ComponentName, string> = { k3s: 'v1.31.9+k3s1', kubernetes: 'v1.31.9', rook: 'v1.15.9', ceph: 'v19.2.2' };

function parses(c: ComponentName, v: string): boolean {
  if (c === 'rook') return parseRookVersion(v).ok;
  if (c === 'ceph') return parseCephVersion(v).ok;
  return parseKubeVersion(v).ok;
}

/** `[major, minor]` of a kube or Rook version. */
function mm(c: ComponentName, v: string): [number, number] | undefined {
  const p = c === 'rook' ? parseRookVersion(v) : parseKubeVersion(v);
  return p.ok ? [p.value.major, p.value.minor] : undefined;
}

function minorsFrom(from: [number, number], to: [number, number]): string[] {
  const out: string[] = [];
  if (from[0] !== to[0]) return out;
  for (let m = from[1] + 1; m < to[1]; m++) out.push(`${from[0]}.${m}`);
  return out;
}

/**
 * The plan rules implemented over the versions module and bundled tables: the stand-in for the
 * upgrade-path engine, behind the same PlanRulesEngine seam.
 */
export class FallbackRulesEngine implements PlanRulesEngine {
  constructor(private readonly releases: ReleaseInfoSource) {}

  validate(input: PlanRulesInput): Finding[] {
    const findings: Finding[] = [];
    const components = new Set<ComponentName>([
      ...(Object.keys(input.current) as ComponentName[]),
      ...input.hops.map((h) => h.component),
    ]);
    for (const c of components) this.componentRules(c, input, findings);
    this.skewRules(input, findings);
    this.rookRules(input, findings);
    this.riskRules(input, findings);
    return findings;
  }

  private componentRules(c: ComponentName, input: PlanRulesInput, out: Finding[]): void {
    const label = LABEL[c];
    const current = input.current[c];
    const target = input.target[c];
    for (const field of ['current', 'target'] as const) {
      const v = input[field][c];
      if (v !== undefined && !parses(c, v)) {
        out.push({ code: 'invalid-version', severity: 'error', component: c, field, message: `"${v}" is not a ${label} version. Write it like ${EXAMPLE[c]}.` });
      } else if (v !== undefined && !this.releases.exists(c, v)) {
        out.push(this.unknown(c, v, { component: c, field }));
      }
    }
    let prev = current !== undefined && parses(c, current) ? current : undefined;
    let first = true;
    input.hops.forEach((hop, i) => {
      if (hop.component !== c || typeof hop.version !== 'string') return;
      const v = hop.version;
      if (!parses(c, v)) {
        out.push({ code: 'invalid-version', severity: 'error', hopIndex: i, message: `"${v}" is not a ${label} version. Write it like ${EXAMPLE[c]}.` });
        return;
      }
      if (!this.releases.exists(c, v)) out.push(this.unknown(c, v, { hopIndex: i }));
      if (prev !== undefined) {
        const cmp = compareVersions(c, v, prev) ?? 0;
        if (cmp < 0) {
          out.push({ code: 'downgrade', severity: 'error', hopIndex: i, message: `This hop downgrades ${label} from ${prev} to ${v}; upgrades only go forward. Remove the hop or pick a version newer than ${prev}.` });
        } else if (cmp === 0) {
          out.push({ code: 'no-op-hop', severity: 'warning', hopIndex: i, message: `${label} is already at ${v} here; this hop changes nothing. Remove it.` });
        } else if (c !== 'ceph') {
          this.minorRules(c, prev, v, i, first, out);
        }
      }
      if (c !== 'ceph' && this.releases.exists(c, v)) {
        const minor = minorOf(c, v);
        const latest = minor ? this.releases.latestPatch(c, minor) : undefined;
        if (latest && latest !== v && (compareVersions(c, latest, v) ?? 0) > 0) {
          out.push({
            code: 'not-latest-patch', severity: 'info', hopIndex: i,
            message: `${v} is not the latest patch of ${label} ${minor}; ${latest} is. Use it unless you need exactly this patch.`,
            suggest: { kind: 'replaceVersion', version: latest, title: `Use the latest patch ${latest}` },
          });
        }
      }
      prev = v;
      first = false;
    });
    if (target !== undefined && parses(c, target)) {
      const end = prev;
      if (end === undefined || (compareVersions(c, end, target) ?? 0) < 0) {
        const versions = end === undefined ? [target] : this.pathTo(c, end, target);
        out.push({
          code: 'target-not-reached', severity: 'error', component: c, field: 'target',
          message: `The hops ${end === undefined ? 'never move' : `leave`} ${label} ${end === undefined ? '' : `at ${end} `}but the target is ${target}. Add the missing hop${versions.length > 1 ? 's' : ''} (${versions.join(' → ')}).`,
          suggest: { kind: 'insertHops', beforeHop: input.hops.length, component: c, versions, reason: 'reach the target' },
        });
      } else if ((compareVersions(c, end, target) ?? 0) > 0) {
        out.push({ code: 'target-not-reached', severity: 'error', component: c, field: 'target', message: `The hops take ${label} to ${end}, past the target ${target}. Change the target or the last hop.` });
      }
    }
  }

  private minorRules(c: ComponentName, prev: string, v: string, i: number, first: boolean, out: Finding[]): void {
    const label = LABEL[c];
    const a = mm(c, prev);
    const b = mm(c, v);
    if (!a || !b) return;
    const skipped = minorsFrom(a, b);
    if (a[0] !== b[0] || skipped.length > 0) {
      const versions = skipped.map((m) => this.releases.latestPatch(c, m) ?? `v${m}.0`);
      out.push({
        code: 'skipped-minor', severity: 'error', hopIndex: i,
        message: `This hop skips ${label} ${skipped.map((m) => `v${m}`).join(', ') || 'a major version'} (${prev} → ${v}); ${label} upgrades one minor at a time. Insert ${versions.length === 1 ? 'a hop' : 'hops'} to ${versions.join(', ')} before it.`,
        ...(versions.length ? { suggest: { kind: 'insertHops' as const, beforeHop: i, component: c, versions, reason: 'one minor at a time' } } : {}),
      });
    } else if (first && b[1] === a[1] + 1) {
      const latest = this.releases.latestPatch(c, `${a[0]}.${a[1]}`);
      if (latest && (compareVersions(c, latest, prev) ?? 0) > 0) {
        out.push({
          code: 'skipped-latest-patch', severity: 'warning', hopIndex: i,
          message: `Move to the latest patch of the running minor (${latest}) before ${label} v${b[0]}.${b[1]}: upgrade paths are tested from there.`,
          suggest: { kind: 'insertHops', beforeHop: i, component: c, versions: [latest], reason: `latest patch of v${a[0]}.${a[1]} first` },
        });
      }
    }
  }

  private pathTo(c: ComponentName, from: string, to: string): string[] {
    if (c === 'ceph') return [to];
    const a = mm(c, from);
    const b = mm(c, to);
    if (!a || !b || a[0] !== b[0]) return [to];
    return [...minorsFrom(a, b).map((m) => this.releases.latestPatch(c, m) ?? `v${m}.0`), to];
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

  /** Kubelets never newer than the API server, at most 3 minors older (2 below 1.25). */
  private skewRules(input: PlanRulesInput, out: Finding[]): void {
    for (const c of ['k3s', 'kubernetes'] as const) {
      const cur = input.current[c] ? mm(c, input.current[c]) : undefined;
      if (!cur) continue;
      let server = cur;
      let agent = cur;
      input.hops.forEach((hop, i) => {
        if (hop.component !== c) return;
        const v = mm(c, hop.version);
        if (!v) return;
        const nodes = hop.nodes ?? 'all';
        if (nodes !== 'agents') server = v;
        if (nodes !== 'servers') agent = v;
        if (agent[1] > server[1]) {
          out.push({ code: 'skew', severity: 'error', hopIndex: i, message: `Agents would run v${agent[0]}.${agent[1]}, newer than the servers' v${server[0]}.${server[1]}; kubelets must never be newer than the API server. Upgrade the servers first.` });
        }
        const allowed = agent[1] < 25 ? 2 : 3;
        if (server[1] - agent[1] > allowed) {
          out.push({ code: 'skew', severity: 'error', hopIndex: i, message: `Servers at v${server[0]}.${server[1]} would be ${server[1] - agent[1]} minors ahead of the agents (v${agent[0]}.${agent[1]}); at most ${allowed} are allowed. Upgrade the agents in between.` });
        }
      });
    }
  }

  /** Rook's supported Kubernetes window and Ceph releases, hop by hop. */
  private rookRules(input: PlanRulesInput, out: Finding[]): void {
    let kubeC: ComponentName = input.current.kubernetes !== undefined ? 'kubernetes' : 'k3s';
    let kube = input.current[kubeC];
    let rookV = input.current.rook;
    let cephV = input.current.ceph;
    if (rookV === undefined) return;
    input.hops.forEach((hop, i) => {
      if (hop.component === 'rook') rookV = hop.version;
      else if (hop.component === 'ceph') cephV = hop.version;
      else {
        kubeC = hop.component;
        kube = hop.version;
      }
      const rm = rookV ? mm('rook', rookV) : undefined;
      const support = rm ? ROOK_SUPPORT[`${rm[0]}.${rm[1]}`] : undefined;
      if (!support || !rm) return;
      const km = kube ? mm(kubeC, kube) : undefined;
      if (km && (hop.component === 'rook' || hop.component === kubeC) && (km[1] < support.kube[0] || km[1] > support.kube[1])) {
        out.push({
          code: 'skew', severity: 'error', hopIndex: i,
          message: `Rook v${rm[0]}.${rm[1]} supports Kubernetes 1.${support.kube[0]}–1.${support.kube[1]}, but Kubernetes would be v${km[0]}.${km[1]} after this hop. ${km[1] > support.kube[1] ? 'Upgrade Rook before this hop.' : 'Upgrade Kubernetes before Rook.'}`,
        });
      }
      const cp = cephV ? parseCephVersion(cephV) : undefined;
      if (cp?.ok && (hop.component === 'rook' || hop.component === 'ceph')) {
        const c = cp.value;
        const entry = support.ceph.find((s) => s.major === c.major);
        const tooOld = entry?.min !== undefined && compareTriple([c.major, c.minor ?? 0, c.patch ?? 0], entry.min) < 0;
        if (!entry || tooOld) {
          const names = support.ceph.map((s) => `${cephReleaseName(s.major) ?? s.major}${s.min ? ` (v${s.min.join('.')}+)` : ''}`).join(', ');
          const rel = cephReleaseName(c.major) ?? `v${c.major}`;
          out.push({
            code: 'ceph-unsupported', severity: 'error', hopIndex: i,
            message: `Rook v${rm[0]}.${rm[1]} does not support Ceph ${rel} (${cephV}); it supports ${names}. ${hop.component === 'rook' ? 'Upgrade Ceph before this Rook hop.' : 'Pick a Ceph version Rook supports, or upgrade Rook first.'}`,
          });
        }
      }
    });
  }

  private riskRules(input: PlanRulesInput, out: Finding[]): void {
    const prevOf = new Map<ComponentName, string | undefined>(Object.entries(input.current) as [ComponentName, string][]);
    input.hops.forEach((hop, i) => {
      const prev = prevOf.get(hop.component);
      prevOf.set(hop.component, hop.version);
      if (prev === undefined) return;
      const from = minorOf(hop.component, prev);
      const to = minorOf(hop.component, hop.version);
      for (const risk of KNOWN_RISKS) {
        if (risk.component !== hop.component || risk.fromMinor !== from || risk.toMinor !== to) continue;
        const accepted = input.acceptedRisks.some(
          (a) => a.component === hop.component && (a.id === risk.id || (sameLine(a.to, risk.toMinor) && (a.from === undefined || sameLine(a.from, risk.fromMinor)))),
        );
        if (!accepted) {
          out.push({
            code: 'risky-edge', severity: 'warning', hopIndex: i,
            message: `${LABEL[hop.component]} v${from} → v${to} is not recommended: ${risk.reason} (${risk.url}). Accept the risk in acceptedRisks with a reason, or change the path.`,
            suggest: { kind: 'acceptRisk', riskId: risk.id, component: hop.component, from: `v${from}`, to: `v${to}` },
          });
        }
      }
    });
  }
}

function compareTriple(a: readonly number[], b: readonly number[]): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

function sameLine(written: string, minor: string): boolean {
  const w = written.trim().replace(/^v/, '');
  return w === minor || w.startsWith(`${minor}.`);
}
