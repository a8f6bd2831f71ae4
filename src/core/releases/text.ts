/** Small text helpers shared by the release-note parsers. None of them throws. */

/** CRLF and lone CR become LF: v1.24 notes are CRLF, later files mix both. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

const CVE_RE = /\bCVE-\d{4}-\d{4,7}\b/gi;
/** GHSA ids: three groups of four characters from GitHub's base-32 alphabet. */
const GHSA_RE = /\bGHSA(?:-[23456789cfghjmpqrvwx]{4}){3}\b/gi;

/** Security identifiers in order of appearance, de-duplicated and normalized. */
export function findSecurityIds(text: string): string[] {
  const found = new Set<string>();
  for (const m of text.matchAll(CVE_RE)) found.add(m[0].toUpperCase());
  for (const m of text.matchAll(GHSA_RE)) found.add(`GHSA${m[0].slice(4).toLowerCase()}`);
  return [...found];
}

const MONTHS: Readonly<Record<string, number>> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
};

/** `Sep 05 2023`, `Sep 5, 2023`, `September 5 2023`, `2023-09-05` → `2023-09-05`; undefined otherwise. */
export function parseReleaseDate(input: string): string | undefined {
  const s = input.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:T.*)?$/.exec(s);
  if (iso) return validDate(Number(iso[1]), Number(iso[2]), Number(iso[3]));
  const m = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(s);
  if (!m) return undefined;
  const month = MONTHS[m[1].slice(0, m[1].toLowerCase().startsWith('sept') ? 4 : 3).toLowerCase()];
  return month === undefined ? undefined : validDate(Number(m[3]), month, Number(m[2]));
}

function validDate(y: number, mo: number, d: number): string | undefined {
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || y < 2000 || y > 2200) return undefined;
  return `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `[text](url)` → `{ text, url }`; plain text → `{ text }`. */
export function splitLink(cell: string): { text: string; url?: string } {
  const m = /^\[([^\]]*)\]\(([^)\s]*)\)$/.exec(cell.trim());
  return m ? { text: m[1].trim(), url: m[2] } : { text: cell.trim() };
}

/** Cells of a markdown table row; undefined when the line is not a row. */
export function tableCells(line: string): string[] | undefined {
  const t = line.trim();
  if (!t.startsWith('|')) return undefined;
  const inner = t.endsWith('|') && t.length > 1 ? t.slice(1, -1) : t.slice(1);
  return inner.split('|').map((c) => c.trim());
}

export function isTableSeparator(cells: readonly string[]): boolean {
  return cells.length > 0 && cells.every((c) => /^:?-{1,}:?$/.test(c));
}

/** A version-looking token as used in component tables: `v1.7.3-k3s1`, `3.42.0`, `v0.11.8-0.2024…-f9ce6f8da97b`. */
export function looksLikeVersion(s: string): boolean {
  return /^v?\d+(?:\.\d+)*(?:[-+][0-9A-Za-z.+-]*[0-9A-Za-z])?$/.test(s);
}

/** The pull request a K3s change item links: `[(#8087)](https://github.com/k3s-io/k3s/pull/8087)`. */
export function findPullRequest(text: string): number | undefined {
  const m = /\[\(#(\d{1,7})\)\]\([^)]*\)\s*$/.exec(text) ?? /\(#(\d{1,7})\)\s*$/.exec(text);
  return m ? Number(m[1]) : undefined;
}

/** Minor key `1.30` of a version string (`v1.30.4+k3s1`, `1.30`); undefined when absent. */
export function minorOf(version: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}
