import type { Unparsed } from './types';
import { NOTES_FILE_MAX_CHARS, parseBullet, parseHeading, splitLines } from './text';

export interface BulletItem {
  readonly text: string;
  readonly line: number;
  readonly depth: number;
}

export interface Section {
  readonly heading: string;
  readonly level: number;
  readonly line: number;
  readonly items: BulletItem[];
  /** Non-bullet, non-blank lines of the section (paragraphs, admonitions), with their line. */
  readonly other: { line: number; text: string }[];
}

/**
 * Splits markdown into heading sections with their bullet items; indented lines (and lazy lines
 * right after an item) continue the item above. Used for Kubernetes changelog excerpts and Rook's
 * PendingReleaseNotes / upgrade guide / GitHub release bodies. Never throws; linear in the text,
 * which is cut at `maxChars` (lines at LINE_MAX_CHARS), the cuts reported in `unparsed`.
 */
export function parseSections(text: string, source?: string, maxChars = NOTES_FILE_MAX_CHARS): { sections: Section[]; unparsed: Unparsed[] } {
  const { lines, unparsed } = splitLines(text, maxChars, source);
  const sections: { heading: string; level: number; line: number; items: { text: string; line: number; depth: number }[]; other: { line: number; text: string }[] }[] = [
    { heading: '', level: 0, line: 0, items: [], other: [] },
  ];
  let current = sections[0];
  /** The item continuation lines belong to, with its lines (joined once at the end: no quadratic re-concatenation). */
  let last: { lines: string[] } | undefined;
  const open: { item: { text: string }; lines: string[] }[] = [];
  let afterBlank = false;
  let inFence = false;
  lines.forEach((raw, i) => {
    const line = raw.trimEnd();
    const lineNo = i + 1;
    const start = line.trimStart();
    if (start.startsWith('```') || start.startsWith('~~~')) {
      inFence = !inFence;
      current.other.push({ line: lineNo, text: line });
      last = undefined;
      return;
    }
    if (inFence) {
      current.other.push({ line: lineNo, text: line });
      return;
    }
    if (start === '') {
      afterBlank = true;
      return;
    }
    const heading = parseHeading(line);
    if (heading) {
      current = { heading: heading.text, level: heading.level, line: lineNo, items: [], other: [] };
      sections.push(current);
      last = undefined;
      afterBlank = false;
      return;
    }
    const bullet = parseBullet(line);
    if (bullet && (bullet.indent.length < 2 || last)) {
      const item = { text: bullet.text, line: lineNo, depth: bullet.indent.length < 2 ? 0 : 1 };
      current.items.push(item);
      last = { lines: [item.text] };
      open.push({ item, lines: last.lines });
    } else if (last && (line.length - start.length >= 2 || !afterBlank)) {
      last.lines.push(start);
    } else {
      current.other.push({ line: lineNo, text: start });
      last = undefined;
    }
    afterBlank = false;
  });
  for (const o of open) if (o.lines.length > 1) o.item.text = o.lines.join('\n');
  return { sections, unparsed };
}
