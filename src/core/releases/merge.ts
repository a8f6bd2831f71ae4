import type { Risk } from '../risks/model';
import type { CatalogData, CephRelease, K3sRelease, RookRelease, UrgentNotes } from './types';
import { compareK3sVersions, compareMinors, compareRookVersions } from './order';

export interface CatalogLayer {
  readonly data: CatalogData;
  /** `bundled`, `mirror`, `online` — recorded on the releases this layer contributed. */
  readonly origin: string;
}

/**
 * Merges catalog sources (typically bundled, mirror, online). Per release, the layer with the newer
 * `asOf` wins; on a tie the later layer wins (so pass layers in rising priority). Fields the winner
 * lacks (a date, the component table, notes) are filled from the other layers, so an online release
 * without a component table still shows the bundled one.
 */
export function mergeCatalogData(layers: readonly CatalogLayer[]): CatalogData {
  const ranked = layers.map((l, i) => ({ ...l, rank: i })).sort((a, b) => (a.data.asOf < b.data.asOf ? -1 : a.data.asOf > b.data.asOf ? 1 : a.rank - b.rank));
  const k3s = new Map<string, K3sRelease>();
  const rook = new Map<string, RookRelease>();
  const urgent = new Map<string, UrgentNotes>();
  const ceph = new Map<string, CephRelease>();
  const risks = new Map<string, Risk>();
  for (const { data, origin } of ranked) {
    for (const r of data.k3s) k3s.set(r.version, mergeK3s(k3s.get(r.version), { ...r, origin: r.origin ?? origin }));
    for (const r of data.rook) rook.set(r.version, mergeRook(rook.get(r.version), { ...r, origin: r.origin ?? origin }));
    for (const n of data.kubernetesUrgentNotes) {
      const old = urgent.get(n.minor);
      urgent.set(n.minor, old && n.items.length === 0 && old.items.length > 0 ? old : n);
    }
    for (const c of data.ceph) ceph.set(c.name, c);
    for (const r of data.risks) risks.set(r.name, r);
  }
  return {
    schemaVersion: 1,
    asOf: ranked.reduce((m, l) => (l.data.asOf > m ? l.data.asOf : m), '1970-01-01T00:00:00Z'),
    k3s: [...k3s.values()].sort((a, b) => compareK3sVersions(a.version, b.version)),
    kubernetesUrgentNotes: [...urgent.values()].sort((a, b) => compareMinors(a.minor, b.minor)),
    rook: [...rook.values()].sort((a, b) => compareRookVersions(a.version, b.version)),
    ceph: [...ceph.values()].sort((a, b) => a.major - b.major),
    risks: [...risks.values()],
    unparsed: layers.flatMap((l) => l.data.unparsed),
  };
}

function mergeK3s(older: K3sRelease | undefined, newer: K3sRelease): K3sRelease {
  if (!older) return newer;
  return {
    ...newer,
    date: newer.date ?? older.date,
    components: Object.keys(newer.components).length > 0 ? { ...older.components, ...newer.components } : older.components,
    changesSince: newer.changesSince ?? older.changesSince,
    items: newer.items.length > 0 ? newer.items : older.items,
  };
}

function mergeRook(older: RookRelease | undefined, newer: RookRelease): RookRelease {
  if (!older) return newer;
  return {
    ...newer,
    date: newer.date ?? older.date,
    breaking: newer.breaking.length > 0 ? newer.breaking : older.breaking,
    items: newer.items.length > 0 ? newer.items : older.items,
  };
}
