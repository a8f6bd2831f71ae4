/**
 * Small text helpers shared by the release-note parsers. None of them throws, and each runs in time
 * linear in its input: release notes are untrusted (a mirror folder, an online answer), so no pattern
 * here may backtrack over a run of characters more than once. Scans by hand replace the patterns that
 * did (`/\s+$/`, a lazy heading pattern, an unanchored `[^)]*\)\s*$`).
 */
import type { Unparsed } from './types';

/** CRLF and lone CR become LF: v1.24 notes are CRLF, later files mix both. */
export function normalizeNewlines(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/** GitHub refuses release bodies longer than this; anything longer did not come from GitHub. */
export const RELEASE_BODY_MAX_CHARS = 125_000;
/** A whole notes file (a k3s docs `v1.NN.X.md` is ~60k; a Kubernetes CHANGELOG ~1M). */
export const NOTES_FILE_MAX_CHARS = 2_000_000;
/** The longest line the fixtures hold is ~1,300 characters. */
export const LINE_MAX_CHARS = 10_000;

/**
 * The lines of an untrusted text: newlines normalized, the text cut at `maxChars`, each line cut at
 * LINE_MAX_CHARS. Every cut is reported, so nothing disappears silently.
 */
export function splitLines(text: unknown, maxChars: number, source?: string): { lines: string[]; unparsed: Unparsed[] } {
  const unparsed: Unparsed[] = [];
  const where = source ? { source } : {};
  let t = normalizeNewlines(typeof text === 'string' ? text : '');
  let cutAt: number | undefined;
  if (t.length > maxChars) {
    cutAt = maxChars;
    t = t.slice(0, maxChars);
  }
  const lines = t.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (lines[i].length > LINE_MAX_CHARS) {
      unparsed.push({ line: i + 1, text: lines[i].slice(0, 200), reason: `line of ${lines[i].length} characters; only its first ${LINE_MAX_CHARS} are read`, ...where });
      lines[i] = lines[i].slice(0, LINE_MAX_CHARS);
    }
  }
  if (cutAt !== undefined) {
    unparsed.push({ line: lines.length, text: (lines.at(-1) ?? '').slice(0, 200), reason: `text longer than ${maxChars} characters; the rest is not read`, ...where });
  }
  return { lines, unparsed };
}

/** A character JavaScript's `\s` matches (one UTF-16 unit; every such character is in the BMP). */
export function isSpace(ch: string): boolean {
  return ch !== '' && ch.trim() === '';
}

/**
 * An ATX heading (`## Title ##`): its level, its text without the closing `#`s, and `rest` (everything
 * after the opening `#`s, trimmed). Undefined when the line is not a heading. Same `text` as
 * `/^(#{1,6})\s+(.*?)\s*#*$/` on a line without trailing white space, in one pass.
 */
export function parseHeading(line: string): { level: number; text: string; rest: string } | undefined {
  let level = 0;
  while (level < line.length && line[level] === '#') level++;
  if (level < 1 || level > 6 || !isSpace(line.charAt(level))) return undefined;
  let end = line.length;
  while (end > level && isSpace(line[end - 1])) end--;
  const restEnd = end;
  while (end > level && line[end - 1] === '#') end--;
  return { level, text: line.slice(level, end).trim(), rest: line.slice(level, restEnd).trim() };
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
  // Scanned from the end: `[(#N)](url)` then `(#N)`, url without `)`, trailing white space allowed.
  const s = text.trimEnd();
  if (!s.endsWith(')')) return undefined;
  const close = s.lastIndexOf(')', s.length - 2);
  if (close >= 0 && s.startsWith('](', close + 1)) {
    const n = prNumberBefore(s, close, '[(#');
    if (n !== undefined) return n;
  }
  return prNumberBefore(s, s.length - 1, '(#');
}

/** The 1–7 digits ending just before `end`, preceded by `opener`. */
function prNumberBefore(s: string, end: number, opener: string): number | undefined {
  let start = end;
  while (start > 0 && end - start < 8 && s.charCodeAt(start - 1) >= 48 && s.charCodeAt(start - 1) <= 57) start--;
  if (start === end || end - start > 7 || start < opener.length || !s.startsWith(opener, start - opener.length)) return undefined;
  return Number(s.slice(start, end));
}

/** Minor key `1.30` of a version string (`v1.30.4+k3s1`, `1.30`); undefined when absent. */
export function minorOf(version: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)/.exec(version.trim());
  return m ? `${Number(m[1])}.${Number(m[2])}` : undefined;
}

/** A list item line (`  * text`): its indentation and text, undefined when the line is not one. Scanned, not matched. */
export function parseBullet(line: string): { indent: string; text: string } | undefined {
  const rest = line.trimStart();
  const marker = rest.charAt(0);
  if ((marker !== '*' && marker !== '+' && marker !== '-') || !isSpace(rest.charAt(1))) return undefined;
  return { indent: line.slice(0, line.length - rest.length), text: rest.slice(1).trim() };
}

/** Reports kept per parsed text; a text of junk lines must not turn into a million reports. */
export const MAX_REPORTS = 500;

/** `into.push(...from)` without the argument-count limit of a spread (it throws past ~100k items). */
export function append<T>(into: T[], from: readonly T[]): T[] {
  for (const x of from) into.push(x);
  return into;
}

/** The first MAX_REPORTS reports, and one more saying how many were left out. */
export function capReports(reports: Unparsed[], source?: string): Unparsed[] {
  if (reports.length <= MAX_REPORTS) return reports;
  const rest = reports.length - MAX_REPORTS;
  return [...reports.slice(0, MAX_REPORTS), { line: reports[MAX_REPORTS].line, text: '', reason: `${rest} more problems after the first ${MAX_REPORTS} not listed`, ...(source ? { source } : {}) }];
}
