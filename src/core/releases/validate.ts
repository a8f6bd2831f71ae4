import { type Risk, parseRiskDocument } from '../risks';
import { type Result, err, ok } from '../../common/result';
import type { CatalogData, CephRelease, K3sRelease, ReleaseNoteItem, RookRelease, UrgentNotes, Unparsed } from './types';
import { ITEM_KINDS } from './types';

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isStr = (x: unknown): x is string => typeof x === 'string';
const arr = (x: unknown): unknown[] => (Array.isArray(x) ? x : []);

function item(x: unknown): ReleaseNoteItem | undefined {
  if (!isObj(x) || !isStr(x.text) || !isStr(x.kind) || !(ITEM_KINDS as readonly string[]).includes(x.kind)) return undefined;
  // Fields the diff iterates or compares must have their type, whatever a stored copy holds.
  if (Array.isArray(x.ids) && x.ids.every(isStr) && typeof (x.depth ?? 0) === 'number') return x as unknown as ReleaseNoteItem;
  return { ...(x as unknown as ReleaseNoteItem), ids: arr(x.ids).filter(isStr), depth: typeof x.depth === 'number' ? x.depth : 0 };
}
const items = (x: unknown): ReleaseNoteItem[] => arr(x).map(item).filter((i): i is ReleaseNoteItem => i !== undefined);

function stringRecord(x: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (isObj(x)) for (const [k, v] of Object.entries(x)) if (isStr(v)) out[k] = v;
  return out;
}

/**
 * Checks data read from the bundled file, the online cache or anything else outside the code:
 * wrong top-level shape is an error; malformed entries are dropped one by one (a bad release
 * does not cost the whole catalog). Items are kept as they are when their required fields are valid.
 */
export function validateCatalogData(json: unknown): Result<CatalogData> {
  if (!isObj(json)) return err('release catalog is not a JSON object');
  if (json.schemaVersion !== 1) return err(`release catalog schemaVersion ${String(json.schemaVersion)} is not supported (expected 1)`);
  const k3s: K3sRelease[] = arr(json.k3s).flatMap((r): K3sRelease[] => {
    if (!isObj(r) || !isStr(r.version)) return [];
    return [{
      version: r.version,
      ...(isStr(r.date) ? { date: r.date } : {}),
      components: stringRecord(r.components),
      ...(isStr(r.changesSince) ? { changesSince: r.changesSince } : {}),
      items: items(r.items),
      ...(isStr(r.origin) ? { origin: r.origin } : {}),
    }];
  });
  const urgent: UrgentNotes[] = arr(json.kubernetesUrgentNotes).flatMap((n): UrgentNotes[] =>
    isObj(n) && isStr(n.minor) && isStr(n.url) ? [{ minor: n.minor, none: n.none === true, items: items(n.items), url: n.url }] : []);
  const rook: RookRelease[] = arr(json.rook).flatMap((r): RookRelease[] => {
    if (!isObj(r) || !isStr(r.version)) return [];
    return [{
      version: r.version,
      ...(isStr(r.date) ? { date: r.date } : {}),
      breaking: items(r.breaking),
      items: items(r.items),
      ...(isStr(r.origin) ? { origin: r.origin } : {}),
    }];
  });
  const ceph: CephRelease[] = arr(json.ceph).flatMap((c): CephRelease[] =>
    isObj(c) && isStr(c.name) && typeof c.major === 'number' && isStr(c.version)
      ? [{ name: c.name, major: c.major, version: c.version, versions: arr(c.versions).filter(isStr), ...(isStr(c.date) ? { date: c.date } : {}), source: isStr(c.source) ? c.source : '' }]
      : []);
  // Shipped risks pass the same checks as a team's risk files; one that does not is dropped.
  const risks: Risk[] = arr(json.risks).flatMap((r, i): Risk[] => {
    const parsed = parseRiskDocument(r, i, 'catalog');
    return parsed.risk ? [parsed.risk] : [];
  });
  const unparsed: Unparsed[] = arr(json.unparsed).flatMap((u): Unparsed[] =>
    isObj(u) && isStr(u.text) && isStr(u.reason) ? [{ line: typeof u.line === 'number' ? u.line : 0, text: u.text, reason: u.reason, ...(isStr(u.source) ? { source: u.source } : {}) }] : []);
  return ok({ schemaVersion: 1, asOf: isStr(json.asOf) ? json.asOf : '1970-01-01T00:00:00Z', k3s, kubernetesUrgentNotes: urgent, rook, ceph, risks, unparsed });
}
