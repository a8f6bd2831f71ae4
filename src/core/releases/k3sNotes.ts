import type { K3sRelease, Unparsed } from './types';
import { NOTES_FILE_MAX_CHARS, RELEASE_BODY_MAX_CHARS, append, capReports, parseReleaseDate, splitLines, tableCells } from './text';
import { type TableRow, isVersionTableHeader, parseVersionTable } from './componentTable';
import { parseReleaseBody } from './releaseBody';
import { compareK3sVersions, isK3sVersion } from './order';

/** One parsed `v1.NN.X.md` file of the k3s docs (docs/release-notes). */
export interface K3sNotesFile {
  /** `1.30` from the file's title, when it has one. */
  readonly minor?: string;
  /** Oldest first. */
  readonly releases: K3sRelease[];
  /** Rows of the version table at the top of the file. */
  readonly tableRows: number;
  readonly unparsed: Unparsed[];
}

const RELEASE_HEADING = /^#{1,3}\s+Release\s+\[?(v[^\]\s()]+)\]?/i;

/**
 * Parses a k3s docs release-notes file: front matter, the version table (one row per release:
 * date and embedded components) and one `## Release [vX+k3sN](…)` section per release. CRLF, LF
 * and mixed endings are accepted. Never throws: text that is neither part of the table nor of a
 * release section, rows or sections that do not match, and malformed cells are reported in
 * `unparsed` with their line. Linear in the text, which is cut at NOTES_FILE_MAX_CHARS (each line at
 * LINE_MAX_CHARS), the cuts reported.
 */
export function parseK3sReleaseNotes(text: string, source?: string): K3sNotesFile {
  const { lines, unparsed } = splitLines(text, NOTES_FILE_MAX_CHARS, source);
  const report = (line: number, t: string, reason: string): void => {
    unparsed.push({ line, text: t.slice(0, 500), reason, ...(source ? { source } : {}) });
  };
  let minor: string | undefined;
  let start = 0;
  if (lines[0]?.trim() === '---') {
    const end = lines.findIndex((l, i) => i > 0 && l.trim() === '---');
    if (end > 0) {
      for (const l of lines.slice(1, end)) {
        const m = /^title:\s*v?(\d+\.\d+)\.X\s*$/i.exec(l.trim());
        if (m) minor = m[1];
      }
      start = end + 1;
    }
  }

  const headings: { index: number; version: string }[] = [];
  for (let i = start; i < lines.length; i++) {
    const m = RELEASE_HEADING.exec(lines[i]);
    if (m) headings.push({ index: i, version: m[1] });
  }
  const preambleEnd = headings.length > 0 ? headings[0].index : lines.length;

  // Preamble: title, upgrade notice, the version table.
  let tableRows: TableRow[] = [];
  let inNotice = false;
  for (let i = start; i < preambleEnd; i++) {
    const line = lines[i];
    const t = line.trim();
    const cells = tableCells(line);
    if (cells) {
      if (tableRows.length === 0 && !isVersionTableHeader(cells)) {
        report(i + 1, t, 'table before the first release is not the version table');
        continue;
      }
      tableRows.push({ line: i + 1, cells });
      continue;
    }
    if (inNotice) {
      if (/^:::\s*$/.test(t)) inNotice = false;
      else if (!/Urgent Upgrade Notes/i.test(t) && t !== '') report(i + 1, t, 'file-level notice not understood');
      continue;
    }
    if (/^:::\s*\w+/.test(t)) {
      inNotice = true;
      continue;
    }
    const title = /^#\s+v?(\d+\.\d+)\.X\s*$/i.exec(t);
    if (title) {
      minor = title[1];
      continue;
    }
    if (t === '' || /^<br\s*\/?>$/i.test(t) || /^-{3,}$/.test(t)) continue;
    report(i + 1, t, 'text outside any release section');
  }
  if (tableRows.length > 0 && tableRows.length < 2) tableRows = [];
  const table = parseVersionTable(tableRows, source);
  append(unparsed, table.unparsed);
  const dataRows = table.rows;

  const byVersion = new Map<string, K3sRelease>();
  for (const row of dataRows) {
    if (byVersion.has(row.version)) {
      report(row.line, row.version, 'duplicate row in the version table; first row kept');
      continue;
    }
    byVersion.set(row.version, { version: row.version, ...(row.date ? { date: row.date } : {}), components: row.components, items: [] });
  }
  const sectioned = new Set<string>();
  headings.forEach((h, n) => {
    const end = n + 1 < headings.length ? headings[n + 1].index : lines.length;
    if (!isK3sVersion(h.version)) {
      report(h.index + 1, lines[h.index], `"${h.version}" is not a K3s release version; section skipped`);
      return;
    }
    if (sectioned.has(h.version)) {
      report(h.index + 1, lines[h.index], 'second section for the same release; skipped');
      return;
    }
    sectioned.add(h.version);
    const bodyLines = lines.slice(h.index + 1, end);
    const marker = bodyLines.map((l) => /^\s*<!--\s*(v\S+)\s*-->\s*$/.exec(l)?.[1]).find((v) => v !== undefined);
    if (marker !== undefined && marker !== h.version) {
      report(h.index + 1, lines[h.index], `heading says ${h.version} but the section marker says ${marker}`);
    }
    const body = parseReleaseBody(bodyLines, h.index + 2, source);
    append(unparsed, body.unparsed);
    const row = byVersion.get(h.version);
    if (!row) {
      report(h.index + 1, lines[h.index], 'release has a section but no row in the version table (no date, components only from the section)');
    }
    const components = { ...body.components, ...(row?.components ?? {}) };
    byVersion.set(h.version, {
      version: h.version,
      ...(row?.date ? { date: row.date } : {}),
      components,
      ...(body.changesSince ? { changesSince: body.changesSince } : {}),
      items: body.items,
    });
  });
  for (const row of dataRows) {
    if (!sectioned.has(row.version)) report(row.line, row.version, 'table row has no release section (release kept without notes)');
  }
  const releases = [...byVersion.values()].sort((a, b) => compareK3sVersions(a.version, b.version));
  return { ...(minor ? { minor } : {}), releases, tableRows: dataRows.length, unparsed: capReports(unparsed, source) };
}

/**
 * One K3s release from a GitHub release (tag, publication date, markdown body): the body has the
 * same "Changes since" list as the docs and an "Embedded Component Versions" table of its own.
 * The body is cut at RELEASE_BODY_MAX_CHARS (GitHub's own limit), the cut reported.
 */
export function parseK3sGithubRelease(tag: string, publishedAt: string | undefined, body: string, source?: string): { release?: K3sRelease; unparsed: Unparsed[] } {
  if (!isK3sVersion(tag)) {
    return { unparsed: [{ line: 0, text: tag, reason: 'tag is not a K3s release version', ...(source ? { source } : {}) }] };
  }
  const { lines, unparsed } = splitLines(body, RELEASE_BODY_MAX_CHARS, source);
  const parsed = parseReleaseBody(lines, 1, source);
  const date = publishedAt ? parseReleaseDate(publishedAt) : undefined;
  return {
    release: {
      version: tag,
      ...(date ? { date } : {}),
      components: parsed.components,
      ...(parsed.changesSince ? { changesSince: parsed.changesSince } : {}),
      items: parsed.items,
    },
    unparsed: capReports(append(unparsed, parsed.unparsed), source),
  };
}
