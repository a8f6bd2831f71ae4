import type { ItemOrigin, ReleaseNoteItem, Unparsed } from './types';
import { classifyItem } from './classify';
import { append, findPullRequest, findSecurityIds, isSpace, parseBullet, parseHeading, tableCells } from './text';
import { type TableRow, isVerticalTableHeader, parseVerticalTable } from './componentTable';

export interface ReleaseBody {
  readonly items: ReleaseNoteItem[];
  readonly components: Record<string, string>;
  readonly changesSince?: string;
  readonly unparsed: Unparsed[];
}

/** Lines every K3s release carries that say nothing about this release. */
const BOILERPLATE: readonly RegExp[] = [
  /^This release updates Kubernetes to v[\w.+-]+?(?:, and fixes a number of issues)?\.?(?: This is the first k3s release in the [\d.]+ release line\.?)?\s*$/i,
  /^This release is K3S's first in the v[\d.]+ line\.(?: This release updates Kubernetes to v[\d.]+\.?)?\s*$/i,
  /^For more details on what's new, see the \[Kubernetes release notes\]/i,
  /^Before upgrading from earlier releases, be sure to read the Kubernetes \[Urgent Upgrade Notes\]/i,
  /^As always, we welcome and appreciate feedback/i,
];

interface Draft {
  text: string;
  origin: ItemOrigin;
  depth: number;
  title?: string;
  line: number;
}

type Mode = 'notes' | 'changes' | 'skip';

/** `:::warning Title` → kind `warning`, title `Title`; undefined for any other line. Scanned, not matched. */
function parseAdmonitionStart(line: string): { kind: string; title: string } | undefined {
  const t = line.trim();
  if (!t.startsWith(':::')) return undefined;
  let i = 3;
  while (i < t.length && isSpace(t[i])) i++;
  const start = i;
  while (i < t.length && /[A-Za-z]/.test(t[i])) i++;
  if (i === start) return undefined;
  return { kind: t.slice(start, i), title: t.slice(i).trim() };
}

/**
 * Parses the body of one K3s release (a docs section after its `## Release` heading, or a GitHub
 * release body): "Changes since" bullets (nested bullets become depth-1 items), notes (admonitions
 * `:::warning … :::`, `> ` quotes, paragraphs, sections under other headings), and an optional
 * "Embedded Component Versions" table. Never throws; what it cannot place is reported in `unparsed`.
 */
export function parseReleaseBody(lines: readonly string[], firstLine: number, source?: string): ReleaseBody {
  const drafts: Draft[] = [];
  const unparsed: Unparsed[] = [];
  const components: Record<string, string> = {};
  let changesSince: string | undefined;
  let mode: Mode = 'notes';
  let title: string | undefined;
  let pendingTitle: string | undefined;
  let block: { kind: 'admonition' | 'quote' | 'paragraph'; title?: string; lines: string[]; line: number } | undefined;
  let table: TableRow[] = [];
  /** The item a lazy or indented continuation line belongs to. */
  let listItem: Draft | undefined;
  let afterBlank = false;
  const report = (line: number, text: string, reason: string): void => {
    unparsed.push({ line, text, reason, ...(source ? { source } : {}) });
  };

  const flushBlock = (): void => {
    if (!block) return;
    const text = block.lines.join('\n').trim();
    if (text !== '') {
      drafts.push({ text, origin: 'note', depth: 0, line: block.line, ...(block.title ? { title: block.title } : {}) });
    }
    block = undefined;
  };
  const flushTable = (): void => {
    if (table.length === 0) return;
    if (isVerticalTableHeader(table[0].cells)) {
      const parsed = parseVerticalTable(table, source);
      Object.assign(components, parsed.components);
      append(unparsed, parsed.unparsed);
    } else {
      for (const row of table) report(row.line, row.cells.join(' | ').slice(0, 500), 'table inside a release section is not a component table');
    }
    table = [];
  };

  lines.forEach((raw, index) => {
    const lineNo = firstLine + index;
    const line = raw.trimEnd();
    if (block?.kind === 'admonition') {
      if (line.trim() === ':::') flushBlock();
      else block.lines.push(line.trim());
      return;
    }
    const cells = tableCells(line);
    if (cells) {
      flushBlock();
      table.push({ line: lineNo, cells });
      listItem = undefined;
      return;
    }
    flushTable();
    if (block?.kind === 'quote' && !line.startsWith('>')) flushBlock();

    const admonition = parseAdmonitionStart(line);
    if (admonition) {
      flushBlock();
      block = { kind: 'admonition', title: admonition.title || admonition.kind, lines: [], line: lineNo };
      listItem = undefined;
      return;
    }
    if (line.startsWith('>')) {
      const inner = line.replace(/^>\s?/, '');
      if (block?.kind !== 'quote') {
        flushBlock();
        block = { kind: 'quote', lines: [], line: lineNo };
      }
      const h = parseHeading(inner.trimEnd());
      if (h && block.lines.length === 0) block.title = h.rest.replace(/^[^\p{L}\p{N}]+/u, '').trim() || h.rest;
      else block.lines.push(inner.trim());
      listItem = undefined;
      return;
    }
    if (line.trim() === '') {
      if (block?.kind === 'paragraph') flushBlock();
      afterBlank = true;
      return;
    }
    const wasAfterBlank = afterBlank;
    afterBlank = false;
    const heading = parseHeading(line);
    if (heading) {
      flushBlock();
      listItem = undefined;
      const h = heading.text;
      const since = /^changes since\s+\[?(v\d[^\s:\]]*)/i.exec(h);
      if (since) {
        mode = 'changes';
        changesSince = since[1];
        title = undefined;
      } else if (/embedded component versions/i.test(h)) {
        mode = 'notes';
        title = undefined;
      } else if (/^helpful links$/i.test(h)) {
        mode = 'skip';
      } else {
        mode = 'notes';
        title = h;
      }
      return;
    }
    if (/^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/.test(line) || /^\s*<!--.*-->\s*$/.test(line) || /^\s*<br\s*\/?>\s*$/i.test(line)) {
      flushBlock();
      listItem = undefined;
      return;
    }
    if (mode === 'skip') return;

    const bullet = parseBullet(line);
    if (bullet) {
      flushBlock();
      let content = bullet.text;
      let depth = Math.min(Math.floor(bullet.indent.replace(/\t/g, '    ').length / 2), 3);
      const nested = /^(?:[*+-]\s+)+/.exec(content);
      if (nested) {
        // `* * Update etcd…` (v1.26) is a sub-bullet written on one line; `* - Bump to coredns…` (v1.35) is not.
        if (/^\*/.test(nested[0])) depth += 1;
        content = content.slice(nested[0].length);
      }
      if (content.trim() === '') {
        report(lineNo, line, 'empty list item');
        return;
      }
      const draft: Draft = { text: content.trim(), origin: mode === 'changes' ? 'change' : 'note', depth, line: lineNo, ...(mode === 'notes' && title ? { title } : {}) };
      drafts.push(draft);
      listItem = draft;
      return;
    }
    if (listItem && (line.length - line.trimStart().length >= 2 || (mode === 'changes' && !wasAfterBlank))) {
      // An indented or lazy continuation line of the list item above (v1.24.3: "    Manual cleanup of orphaned…").
      listItem.text = `${listItem.text}\n${line.trim()}`;
      return;
    }
    const text = line.trim();
    if (BOILERPLATE.some((re) => re.test(text))) return;
    const bold = /^\*\*([^*]+)\*\*:?$/.exec(text);
    if (bold) {
      flushBlock();
      pendingTitle = bold[1].trim();
      return;
    }
    if (block?.kind !== 'paragraph') {
      flushBlock();
      const t = pendingTitle ?? title;
      block = { kind: 'paragraph', lines: [], line: lineNo, ...(t ? { title: t } : {}) };
      pendingTitle = undefined;
    }
    block.lines.push(text);
  });
  if (block?.kind === 'admonition') {
    report(block.line, block.lines.join('\n').slice(0, 200), 'admonition (:::) not closed before the end of the section; kept as a note');
  }
  flushBlock();
  flushTable();

  const items = drafts.map((d): ReleaseNoteItem => {
    const pr = d.origin === 'change' ? findPullRequest(d.text) : undefined;
    const ids = findSecurityIds(d.title ? `${d.title}\n${d.text}` : d.text);
    return {
      text: d.text,
      kind: classifyItem(d.text, d.title ? { title: d.title } : {}),
      origin: d.origin,
      depth: d.depth,
      ids,
      ...(pr !== undefined ? { pr } : {}),
      ...(d.title ? { title: d.title } : {}),
    };
  });
  return { items, components, ...(changesSince ? { changesSince } : {}), unparsed };
}
