import { compareKube, parseKubeVersion } from '../versions/kube';
import { compareRook, parseRookVersion } from '../versions/rook';
import { compareCeph, parseCephVersion } from '../versions/ceph';
import type { Component, Finding, Hop, RiskEdge } from './types';

const regexCache = new Map<string, RegExp | null>();

function regex(source: string): RegExp | null {
  let r = regexCache.get(source);
  if (r === undefined) {
    try {
      r = new RegExp(source);
    } catch {
      r = null;
    }
    regexCache.set(source, r);
  }
  return r;
}

/** Same release of a component: compared as versions when both parse (so `v18.2.4` equals `18.2.4`), else as text. */
export function sameVersion(component: Component, a: string, b: string): boolean {
  if (a === b) return true;
  if (component === 'kubernetes') {
    const x = parseKubeVersion(a);
    const y = parseKubeVersion(b);
    return x.ok && y.ok && compareKube(x.value, y.value) === 0 && x.value.distribution === y.value.distribution;
  }
  if (component === 'rook') {
    const x = parseRookVersion(a);
    const y = parseRookVersion(b);
    return x.ok && y.ok && compareRook(x.value, y.value) === 0;
  }
  const x = parseCephVersion(a);
  const y = parseCephVersion(b);
  return x.ok && y.ok && compareCeph(x.value, y.value) === 0;
}

/** The first risk edge (in the given order) that this hop takes. An invalid `from` pattern matches nothing. */
export function riskFor(hop: Pick<Hop, 'component' | 'to'> & { from?: string }, risks: readonly RiskEdge[]): RiskEdge | undefined {
  return risks.find((r) => {
    if (r.component !== hop.component || !sameVersion(hop.component, r.to, hop.to)) return false;
    const re = regex(r.from);
    return re !== null && hop.from !== undefined && re.test(hop.from);
  });
}

/** Marks hops that take a risky edge "not recommended"; they stay in the path, with a warning each. */
export function markRisks(hops: readonly Hop[], risks: readonly RiskEdge[]): { hops: Hop[]; warnings: Finding[] } {
  const warnings: Finding[] = [];
  if (risks.length === 0) return { hops: [...hops], warnings };
  const out = hops.map((h, i) => {
    const r = riskFor(h, risks);
    if (!r) return h;
    warnings.push({
      code: 'risk.not-recommended',
      severity: 'warning',
      message: `${h.component} ${h.from} → ${h.to} is not recommended (${r.name}): ${r.message}${r.because ? ` [${r.because}]` : ''}${r.fixedIn ? ` Fixed in ${r.fixedIn}.` : ''} A plan must accept it explicitly.`,
      subject: r.name,
      hopIndex: i,
    });
    return { ...h, notRecommended: { riskName: r.name, message: r.message, url: r.url } };
  });
  return { hops: out, warnings };
}
