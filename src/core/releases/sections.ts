import { normalizeNewlines } from './text';

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
 * PendingReleaseNotes / upgrade guide / GitHub release bodies. Never throws.
 */
export function parseSections(text: string): Section[] {
  const lines = normalizeNewlines(typeof text === 'string' ? text : '').split('\n');
  const sections: { heading: string; level: number; line: number; items: { text: string; line: number; depth: number }[]; other: { line: number; text: string }[] }[] = [
    { heading: '', level: 0, line: 0, items: [], other: [] },
  ];
  let current = sections[0];
  let last: { text: string } | undefined;
  let afterBlank = false;
  let inFence = false;
  lines.forEach((raw, i) => {
    const line = raw.replace(/\s+$/, '');
    const lineNo = i + 1;
    if (/^\s*(```|~~~)/.test(line)) {
      inFence = !inFence;
      current.other.push({ line: lineNo, text: line });
      last = undefined;
      return;
    }
    if (inFence) {
      current.other.push({ line: lineNo, text: line });
      return;
    }
    if (line.trim() === '') {
      afterBlank = true;
      return;
    }
    const heading = /^(#{1,6})\s+(.*?)\s*#*$/.exec(line);
    if (heading) {
      current = { heading: heading[2], level: heading[1].length, line: lineNo, items: [], other: [] };
      sections.push(current);
      last = undefined;
      afterBlank = false;
      return;
    }
    const bullet = /^(\s*)[*+-]\s+(.*)$/.exec(line);
    if (bullet && bullet[1].length < 2) {
      const item = { text: bullet[2].trim(), line: lineNo, depth: 0 };
      current.items.push(item);
      last = item;
    } else if (bullet && last) {
      const item = { text: bullet[2].trim(), line: lineNo, depth: 1 };
      current.items.push(item);
      last = item;
    } else if (last && (/^\s{2,}\S/.test(line) || !afterBlank)) {
      last.text = `${last.text}\n${line.trim()}`;
    } else {
      current.other.push({ line: lineNo, text: line.trim() });
      last = undefined;
    }
    afterBlank = false;
  });
  return sections;
}
