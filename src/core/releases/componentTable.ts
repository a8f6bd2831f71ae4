import type { Unparsed } from './types';
import { isTableSeparator, looksLikeVersion, parseReleaseDate, splitLink } from './text';

export interface TableRow {
  readonly line: number;
  readonly cells: readonly string[];
}

export interface VersionTableRow {
  readonly line: number;
  readonly version: string;
  readonly date?: string;
  readonly components: Readonly<Record<string, string>>;
}

/** `Metrics-server` → `metrics-server`, `Release date` → `release-date`, `Local-path-provisioner  ` → `local-path-provisioner`. */
export function columnKey(header: string): string {
  return splitLink(header).text.toLowerCase().trim().replace(/\s+/g, '-');
}

/**
 * A version out of a table cell. The link text is what the docs show; when it is not a version but
 * the link's tag is (v1.29.6+k3s2 shows runc as `[v1.1.12-](…/tag/v1.1.12)`), the tag is used and
 * the repair is reported. Empty, `-` and `N/A` cells are absent values, not errors.
 */
export function cellVersion(cell: string): { value?: string; problem?: string } {
  const { text, url } = splitLink(cell);
  if (text === '' || text === '-' || /^n\/?a$/i.test(text)) return {};
  if (looksLikeVersion(text)) return { value: text };
  const tag = url ? /\/(?:tag|releases\/tag)\/([^/?#]+)$/.exec(url)?.[1] : undefined;
  const decoded = tag === undefined ? undefined : safeDecode(tag);
  if (decoded !== undefined && looksLikeVersion(decoded)) {
    return { value: decoded, problem: `cell text "${text}" is not a version; used the link's tag ${decoded}` };
  }
  return { problem: `cell "${text}" is not a version` };
}

function safeDecode(s: string): string | undefined {
  try {
    return decodeURIComponent(s);
  } catch {
    return undefined;
  }
}

/**
 * The table at the top of a k3s `v1.NN.X.md` file: one row per release,
 * `| Version | Release date | Kubernetes | Kine | … |`. Columns are found by header name, so added,
 * removed or reordered columns still parse; unknown columns are kept under their lower-cased name.
 */
export function parseVersionTable(rows: readonly TableRow[], source?: string): { rows: VersionTableRow[]; unparsed: Unparsed[] } {
  const unparsed: Unparsed[] = [];
  const out: VersionTableRow[] = [];
  if (rows.length === 0) return { rows: out, unparsed };
  const header = rows[0].cells.map(columnKey);
  const versionCol = header.indexOf('version');
  const dateCol = header.findIndex((h) => h === 'release-date' || h === 'date');
  for (const row of rows.slice(1)) {
    if (isTableSeparator(row.cells)) continue;
    const report = (reason: string): void => {
      unparsed.push({ line: row.line, text: row.cells.join(' | ').slice(0, 500), reason, ...(source ? { source } : {}) });
    };
    if (row.cells.length !== header.length) {
      report(`row has ${row.cells.length} cells, header has ${header.length}; cells matched by position where present`);
    }
    const version = versionCol >= 0 ? splitLink(row.cells[versionCol] ?? '').text : '';
    if (!/^v\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?\+k3s\d+$/.test(version)) {
      report(`"${version}" is not a K3s release version`);
      continue;
    }
    let date: string | undefined;
    if (dateCol >= 0) {
      const raw = row.cells[dateCol] ?? '';
      date = parseReleaseDate(raw);
      if (date === undefined && raw.trim() !== '') report(`release date "${raw}" not understood`);
    }
    const components: Record<string, string> = {};
    // Only the cells the row has: a wide header over many short rows must not cost header × rows.
    const width = Math.min(header.length, row.cells.length);
    for (let col = 0; col < width; col++) {
      const key = header[col];
      if (col === versionCol || col === dateCol || key === '') continue;
      const v = cellVersion(row.cells[col]);
      if (v.problem) report(`${key}: ${v.problem}`);
      if (v.value !== undefined) components[key] = v.value;
    }
    out.push({ line: row.line, version, ...(date ? { date } : {}), components });
  }
  return { rows: out, unparsed };
}

/**
 * The per-release "Embedded Component Versions" table of GitHub release bodies (and older docs):
 * `| Component | Version |` with one component per row.
 */
export function parseVerticalTable(rows: readonly TableRow[], source?: string): { components: Record<string, string>; unparsed: Unparsed[] } {
  const components: Record<string, string> = {};
  const unparsed: Unparsed[] = [];
  for (const row of rows.slice(1)) {
    if (isTableSeparator(row.cells)) continue;
    const key = columnKey(row.cells[0] ?? '');
    const v = cellVersion(row.cells[1] ?? '');
    if (v.problem || key === '') {
      unparsed.push({ line: row.line, text: row.cells.join(' | ').slice(0, 500), reason: v.problem ?? 'component name missing', ...(source ? { source } : {}) });
    }
    if (key !== '' && v.value !== undefined) components[key] = v.value;
  }
  return { components, unparsed };
}

export function isVersionTableHeader(cells: readonly string[]): boolean {
  const keys = cells.map(columnKey);
  return keys.includes('version') && (keys.includes('release-date') || keys.includes('kubernetes'));
}

export function isVerticalTableHeader(cells: readonly string[]): boolean {
  return cells.length >= 2 && columnKey(cells[0]) === 'component' && columnKey(cells[1]) === 'version';
}
