import type { UrgentNotes, Unparsed } from './types';
import { classifyItem } from './classify';
import { capReports, findSecurityIds } from './text';
import { parseSections } from './sections';

export function urgentNotesUrl(minor: string): string {
  return `https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-${minor}.md#urgent-upgrade-notes`;
}

/**
 * The "Urgent Upgrade Notes" of a Kubernetes minor from its CHANGELOG (the whole file or an excerpt):
 * the first `## Urgent Upgrade Notes` section, up to the next heading of the same or a higher level
 * (the `### (No, really, you MUST read this before you upgrade)` sub-heading belongs to it).
 * Every item is an action required to upgrade: classified `breaking` unless it is a removal or
 * security item (see classify.ts). "There are no urgent upgrade notes" and a changelog without the
 * section (v1.30.0) give `none: true`.
 */
export function parseUrgentUpgradeNotes(text: string, minor: string, source?: string): { notes: UrgentNotes; unparsed: Unparsed[] } {
  const parsed = parseSections(text, source);
  const sections = parsed.sections;
  const unparsed: Unparsed[] = [...parsed.unparsed];
  const start = sections.findIndex((s) => /^urgent upgrade notes$/i.test(s.heading.trim()));
  const url = urgentNotesUrl(minor);
  if (start < 0) return { notes: { minor, none: true, items: [], url }, unparsed };
  const level = sections[start].level;
  const items = [];
  let sawNone = false;
  for (let i = start; i < sections.length; i++) {
    const s = sections[i];
    if (i > start && s.level <= level) break;
    for (const it of s.items) {
      items.push({ text: it.text, kind: classifyItem(it.text, { context: 'urgent' }), origin: 'urgent' as const, depth: it.depth, ids: findSecurityIds(it.text) });
    }
    for (const o of s.other) {
      if (/no urgent upgrade notes/i.test(o.text)) sawNone = true;
      else unparsed.push({ line: o.line, text: o.text.slice(0, 500), reason: 'text in the urgent upgrade notes that is not a list item', ...(source ? { source } : {}) });
    }
  }
  return { notes: { minor, none: items.length === 0 && (sawNone || unparsed.length === 0), items, url }, unparsed: capReports(unparsed, source) };
}
