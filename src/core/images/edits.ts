import { type Node, isMap } from 'yaml';
import { isRecord } from '../../common/guards';
import { type Result, err, ok } from '../../common/result';
import { minimalEdit } from '../plans/checklistEdits';
import type { TextEdit } from '../plans/model';
import { parsePlan } from '../plans/parse';
import { findPath } from '../plans/yamlPath';
import { MAX_PINNED_IMAGES } from './pinning';
import { DIGEST_PATTERN, parseImageRef } from './reference';

/**
 * Writes a plan's `images` section: `pinByDigest: true` and the digests, those already listed kept (a new
 * digest for the same image replaces the old one). Everything outside the section stays byte for byte: the
 * parsed YAML Document locates the section and only its lines are replaced (or the section is appended at
 * the end). Comments inside the section are not kept; the section is written in block style.
 */

/** The new text and the one edit that turns the old text into it. */
export function pinDigestsEdit(text: string, digests: Readonly<Record<string, string>>): Result<{ text: string; edit: TextEdit }> {
  for (const [ref, digest] of Object.entries(digests)) {
    const r = parseImageRef(ref);
    if (!r.ok) return err(`not written: ${r.error}`);
    if (r.value.tag === undefined || r.value.digest !== undefined) return err(`not written: ${ref} must be an image with a tag and without a digest`);
    if (!DIGEST_PATTERN.test(digest)) return err(`not written: the digest of ${ref} is not sha256:<64 lower-case hex digits>`);
  }
  // A file with CRLF line ends throughout is edited as LF and given its CRLF back.
  const lf = text.replace(/\r\n/g, '\n');
  const crlf = lf !== text && lf.replace(/\n/g, '\r\n') === text;
  const base = crlf ? lf : text;
  const parsed = parsePlan(base);
  const doc = parsed.doc;
  if (!doc || parsed.tooLargeForChecks) return err('The plan could not be read (too large or refused); nothing was written.');
  if (doc.errors.length > 0) return err('The plan has YAML errors; fix them before the digests can be written.');
  if (!isMap(doc.contents) || doc.contents.flow) return err('The plan is not a block-style YAML mapping; nothing was written.');
  const hit = findPath(doc, ['images']);
  const old = isRecord(parsed.value) && isRecord(parsed.value.images) && isRecord(parsed.value.images.digests) ? parsed.value.images.digests : {};
  const merged = new Map<string, string>();
  for (const [k, v] of Object.entries(old)) if (typeof v === 'string') merged.set(k, v);
  for (const [k, v] of Object.entries(digests)) merged.set(k, v);
  if (merged.size > MAX_PINNED_IMAGES) return err(`images.digests would list ${merged.size} images, more than ${MAX_PINNED_IMAGES}; nothing was written.`);
  const section = ['images:', '  pinByDigest: true', '  digests:', ...[...merged].map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`)].join('\n');

  let out: string;
  if (hit.pair) {
    const key = hit.pair.key as Node | null;
    const value = hit.pair.value as Node | null;
    if (!key?.range) return err('The plan\'s images key could not be located; nothing was written.');
    const start = key.range[0];
    if (base.lastIndexOf('\n', start - 1) + 1 !== start) return err('The plan\'s images key does not start its line; nothing was written.');
    const end = lineEnd(base, value?.range ? value.range[1] : key.range[1]);
    out = `${base.slice(0, start)}${section}${base.slice(end)}`;
  } else {
    const lead = base.length && !base.endsWith('\n') ? '\n' : '';
    out = `${base}${lead}${section}\n`;
  }
  if (crlf) out = out.replace(/\n/g, '\r\n');
  return ok({ text: out, edit: minimalEdit(text, out) });
}

/** The end of the line `offset` is on (before its line break); `offset` itself when it is at a line's start. */
function lineEnd(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset - 1;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl;
}
