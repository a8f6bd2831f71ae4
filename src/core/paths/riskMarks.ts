import { compareKube, parseKubeVersion } from '../versions/kube';
import { compareRook, parseRookVersion } from '../versions/rook';
import { compareCeph, parseCephVersion } from '../versions/ceph';
import { userRegexTest } from '../text/userRegex';
import { parseMinorLine } from '../versions/minorLine';
import type { Component, Finding, Hop, RiskEdge } from './types';

/**
 * Whether the hop lands on the risk's `to`: the same release, compared as versions when both parse (so
 * `v18.2.4` equals `18.2.4`), else as text; a minor line (`v1.34`, `v1.34.x`) matches every patch of it.
 */
export function sameVersion(component: Component, a: string, b: string): boolean {
  if (a === b) return true;
  const line = component === 'ceph' ? undefined : parseMinorLine(a);
  if (line) {
    const v = component === 'rook' ? parseRookVersion(b) : parseKubeVersion(b);
    return v.ok && v.value.major === line.major && v.value.minor === line.minor;
  }
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

/**
 * The first risk edge (in the given order) that this hop takes. `from` is a user-written pattern, run on
 * RE2 (linear time); an invalid one matches nothing (the risk-file parser reports it).
 */
export function riskFor(hop: Pick<Hop, 'component' | 'to'> & { from?: string }, risks: readonly RiskEdge[]): RiskEdge | undefined {
  return risks.find((r) => {
    if (r.component !== hop.component || !sameVersion(hop.component, r.to, hop.to)) return false;
    return hop.from !== undefined && userRegexTest(r.from, hop.from);
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
