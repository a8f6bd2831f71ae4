import type { ReleaseNoteItem, Unparsed } from './types';
import { classifyItem } from './classify';
import { NOTES_FILE_MAX_CHARS, capReports, findSecurityIds, splitLines } from './text';
import { parseSections } from './sections';

export interface RookMinorNotes {
  /** `1.14` */
  readonly minor?: string;
  readonly breaking: ReleaseNoteItem[];
  readonly features: ReleaseNoteItem[];
  readonly unparsed: Unparsed[];
}

function item(text: string, depth: number, origin: 'rook-breaking' | 'rook-feature'): ReleaseNoteItem {
  return {
    text,
    kind: classifyItem(text, origin === 'rook-breaking' ? { context: 'breaking' } : {}),
    origin,
    depth,
    ids: findSecurityIds(text),
  };
}

/**
 * Rook's `PendingReleaseNotes.md` (`# v1.14 Pending Release Notes`, `## Breaking Changes`,
 * `## Features`) — also the shape of the breaking-change part of Rook GitHub release bodies.
 * Items under a heading containing "breaking" are breaking changes; under "feature" or
 * "improvement", features; text elsewhere is reported. A GitHub release body passes
 * RELEASE_BODY_MAX_CHARS as `maxChars`.
 */
export function parseRookPendingNotes(text: string, source?: string, maxChars = NOTES_FILE_MAX_CHARS): RookMinorNotes {
  const breaking: ReleaseNoteItem[] = [];
  const features: ReleaseNoteItem[] = [];
  const parsed = parseSections(text, source, maxChars);
  const unparsed: Unparsed[] = [...parsed.unparsed];
  let minor: string | undefined;
  for (const s of parsed.sections) {
    const title = /^v?(\d+\.\d+)\b.*release notes/i.exec(s.heading);
    if (title && s.level === 1) minor = title[1];
    const target = /breaking/i.test(s.heading) ? 'rook-breaking' : /feature|improvement|enhancement/i.test(s.heading) ? 'rook-feature' : undefined;
    for (const it of s.items) {
      if (target) (target === 'rook-breaking' ? breaking : features).push(item(it.text, it.depth, target));
      else unparsed.push({ line: it.line, text: it.text.slice(0, 500), reason: `list item under "${s.heading || '(no heading)'}" is neither a breaking change nor a feature`, ...(source ? { source } : {}) });
    }
    for (const o of s.other) {
      if (!target && s.level <= 1) continue; // prose of a GitHub release body / title area
      unparsed.push({ line: o.line, text: o.text.slice(0, 500), reason: `text under "${s.heading}" is not a list item`, ...(source ? { source } : {}) });
    }
  }
  return { ...(minor ? { minor } : {}), breaking, features, unparsed: capReports(unparsed, source) };
}

/**
 * Rook's upgrade guide (`Documentation/Upgrade/rook-upgrade.md`): the target minor from
 * "This guide is for upgrading from **Rook v1.19.x to Rook v1.20.x**" and the bullets of
 * "## Breaking changes in v1.20".
 */
export function parseRookUpgradeGuide(text: string, source?: string): RookMinorNotes {
  const parsed = parseSections(text, source);
  const sections = parsed.sections;
  const breaking: ReleaseNoteItem[] = [];
  const unparsed: Unparsed[] = [...parsed.unparsed];
  let minor: string | undefined;
  for (const s of sections) {
    for (const o of s.other) {
      const m = /upgrading from \*{0,2}Rook v(\d+\.\d+)\.x to Rook v(\d+\.\d+)\.x/i.exec(o.text);
      if (m) minor = m[2];
    }
    const b = /^breaking changes in v?(\d+\.\d+)/i.exec(s.heading);
    if (!b) continue;
    if (minor !== undefined && b[1] !== minor) {
      unparsed.push({ line: s.line, text: s.heading, reason: `breaking changes for v${b[1]} in a guide for v${minor}`, ...(source ? { source } : {}) });
    }
    minor ??= b[1];
    for (const it of s.items) breaking.push(item(it.text, it.depth, 'rook-breaking'));
    for (const o of s.other) unparsed.push({ line: o.line, text: o.text.slice(0, 500), reason: 'text among the breaking changes is not a list item', ...(source ? { source } : {}) });
  }
  return { ...(minor ? { minor } : {}), breaking, features: [], unparsed: capReports(unparsed, source) };
}

/** Rook tags, one per line (`git tag` output): GA releases only, invalid lines reported. */
export function parseRookTags(text: string, source?: string): { versions: string[]; unparsed: Unparsed[] } {
  const versions: string[] = [];
  const { lines, unparsed } = splitLines(text, NOTES_FILE_MAX_CHARS, source);
  lines.forEach((raw, i) => {
    const t = raw.trim();
    if (t === '') return;
    if (/^v\d+\.\d+\.\d+$/.test(t)) versions.push(t);
    else if (!/^v\d+\.\d+\.\d+-(alpha|beta|rc)\.?\d*$/.test(t)) unparsed.push({ line: i + 1, text: t.slice(0, 200), reason: 'not a Rook release tag', ...(source ? { source } : {}) });
  });
  return { versions, unparsed: capReports(unparsed, source) };
}
