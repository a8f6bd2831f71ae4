import { type Document, type Node, type YAMLMap, isMap, isScalar, isSeq, parse, Scalar } from 'yaml';
import { type Result, err, ok } from '../../common/result';
import { insertListItems, quoteIfNeeded } from './edits';
import type { ChecklistState, TextEdit } from './model';
import { parsePlan } from './parse';
import { findPath, keyText } from './yamlPath';

/**
 * Edits of a plan's `checklist` that keep everything else byte for byte: the parsed YAML Document
 * locates the item and its fields, and only those lines change (a field's value in place, a field
 * line added or removed, an item appended). The result is one replacement over the smallest span
 * that differs, so an editor applies it as one undoable step.
 */

/** The change of one item. Fields left undefined are kept; `null` removes the field. */
export interface ItemPatch {
  readonly id: string;
  /** Written when the item is added (the file does not have it yet). */
  readonly title: string;
  readonly required?: boolean;
  readonly state: ChecklistState;
  readonly evidence?: string | null;
  readonly by?: string | null;
  readonly at?: string | null;
  /** A new item goes after the last item whose id starts with this, else at the end. */
  readonly groupPrefix?: string;
}

/** The order fields are written in (the schema's). */
const FIELD_ORDER = ['id', 'title', 'state', 'required', 'evidence', 'by', 'at'] as const;
type Field = (typeof FIELD_ORDER)[number];
/** Longest text written into a field: evidence is a link or a note, not a document. */
export const MAX_FIELD_CHARS = 2000;

/** Applies the patches in order; the new text and the one edit that turns the old text into it. */
export function editChecklist(text: string, patches: readonly ItemPatch[]): Result<{ text: string; edit: TextEdit }> {
  // A file with CRLF line ends throughout is edited as LF and given its CRLF back; a mixed one as it is.
  const lf = text.replace(/\r\n/g, '\n');
  const crlf = lf !== text && lf.replace(/\n/g, '\r\n') === text;
  let out = crlf ? lf : text;
  for (const p of patches) {
    const r = applyPatch(out, p);
    if (!r.ok) return r;
    out = r.value;
  }
  if (crlf) out = out.replace(/\n/g, '\r\n');
  return ok({ text: out, edit: minimalEdit(text, out) });
}

/** One replacement covering what differs between the two texts (empty when they are equal). */
export function minimalEdit(before: string, after: string): TextEdit {
  let start = 0;
  const max = Math.min(before.length, after.length);
  while (start < max && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let tail = 0;
  while (tail < max - start && before.charCodeAt(before.length - 1 - tail) === after.charCodeAt(after.length - 1 - tail)) tail++;
  return { range: { start, end: before.length - tail }, newText: after.slice(start, after.length - tail) };
}

function parsed(text: string): Result<Document> {
  const p = parsePlan(text);
  if (!p.doc || p.tooLargeForChecks) return err('The plan could not be read (too large or refused); the checklist was not changed.');
  if (p.doc.errors.length > 0) return err('The plan has YAML errors; fix them before the checklist can change it.');
  return ok(p.doc);
}

function applyPatch(text: string, patch: ItemPatch): Result<string> {
  for (const v of [patch.title, patch.evidence, patch.by, patch.at]) {
    if (typeof v === 'string' && v.length > MAX_FIELD_CHARS) return err(`A checklist field is longer than ${MAX_FIELD_CHARS} characters; it was not written.`);
  }
  const d = parsed(text);
  if (!d.ok) return d;
  const doc = d.value;
  const list = findPath(doc, ['checklist']).node;
  const items = isSeq(list) ? list.items : [];
  const index = items.findIndex((it) => isMap(it) && it.items.some((p) => keyText(p.key) === 'id' && isScalar(p.value) && p.value.value === patch.id));
  if (index < 0) return addItem(text, doc, patch, items);
  const item = items[index] as YAMLMap;
  if (item.flow) return err(`The checklist item "${patch.id}" is written in flow style ({…}); write it as a block for the checklist to change it.`);
  let out = text;
  for (const field of FIELD_ORDER) {
    const want = field === 'id' || field === 'title' || field === 'required' ? undefined : patch[field];
    if (want === undefined) continue;
    const r = setField(out, patch.id, field, want);
    if (!r.ok) return r;
    out = r.value;
  }
  return ok(out);
}

function addItem(text: string, doc: Document, patch: ItemPatch, items: readonly unknown[]): Result<string> {
  const fields: (readonly [string, string])[] = [['id', value(patch.id)], ['title', value(patch.title)], ['state', patch.state]];
  if (patch.required !== undefined) fields.push(['required', String(patch.required)]);
  for (const f of ['evidence', 'by', 'at'] as const) {
    const v = patch[f];
    if (typeof v === 'string') fields.push([f, value(v)]);
  }
  let before = items.length;
  if (patch.groupPrefix) {
    const prefix = patch.groupPrefix;
    const last = items.reduce<number>((at, it, i) => (isMap(it) && it.items.some((p) => keyText(p.key) === 'id' && isScalar(p.value) && String(p.value.value).startsWith(prefix)) ? i : at), -1);
    if (last >= 0) before = last + 1;
  }
  const edit = insertListItems(text, doc, 'checklist', before, [fields]);
  if (!edit) return err('The checklist is written in flow style ([…]); write it as a block list for the checklist to add items.');
  return ok(text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end));
}

/** Sets (string), or removes (null), one field of the item with this id. */
function setField(text: string, id: string, field: Field, want: string | null): Result<string> {
  const d = parsed(text);
  if (!d.ok) return d;
  const list = findPath(d.value, ['checklist']).node as { items: unknown[] };
  const item = list.items.find((it) => isMap(it) && it.items.some((p) => keyText(p.key) === 'id' && isScalar(p.value) && p.value.value === id)) as YAMLMap;
  const pairs = item.items;
  const pair = pairs.find((p) => keyText(p.key) === field);
  if (pair) {
    const key = pair.key as Node;
    const val = pair.value as Node | null;
    if (want === null) {
      // Remove the field's lines: only when its key starts its line (never the `- ` line of the item).
      const start = lineStartOf(text, key.range![0]);
      if (text.slice(start, key.range![0]).trim() !== '') return err(`The field "${field}" of checklist item "${id}" shares its line with the item's dash; remove it by hand.`);
      return ok(text.slice(0, start) + text.slice(lineEndAfter(text, endOf(key, val))));
    }
    const newText = field === 'state' ? want : value(want);
    if (val && isScalar(val) && val.range && val.range[1] > val.range[0] && isOneLine(val, text)) {
      // In place: a comment after the value stays.
      return ok(text.slice(0, val.range[0]) + newText + text.slice(val.range[1]));
    }
    // Empty or multi-line value: rewrite from the key to the end of the value's last line.
    const end = lineEndAfter(text, endOf(key, val));
    const eol = end > 0 && text[end - 1] === '\n' ? end - 1 : end;
    return ok(text.slice(0, key.range![0]) + `${field}: ${newText}` + text.slice(eol));
  }
  if (want === null) return ok(text);
  const first = pairs[0]?.key as Node | undefined;
  if (!first?.range) return err(`The checklist item "${id}" has no fields to align a new one with.`);
  const indent = ' '.repeat(first.range[0] - lineStartOf(text, first.range[0]));
  const line = `${indent}${field}: ${field === 'state' ? want : value(want)}\n`;
  // Before the first field that comes after it in the schema's order, when that field starts its line; else after the last field.
  const rank = FIELD_ORDER.indexOf(field);
  const next = pairs.find((p) => {
    const k = keyText(p.key);
    return k !== undefined && FIELD_ORDER.indexOf(k as Field) > rank && isNodeWithRange(p.key) && text.slice(lineStartOf(text, p.key.range[0]), p.key.range[0]).trim() === '';
  });
  if (next && isNodeWithRange(next.key)) {
    const at = lineStartOf(text, next.key.range[0]);
    return ok(text.slice(0, at) + line + text.slice(at));
  }
  const last = pairs[pairs.length - 1];
  const at = lineEndAfter(text, endOf(last.key as Node, last.value as Node | null));
  const lead = at === text.length && !text.endsWith('\n') ? '\n' : '';
  return ok(text.slice(0, at) + lead + line + text.slice(at));
}

/** A string as one YAML scalar on one line: plain when that reads back as the same string, else double-quoted. */
function value(s: string): string {
  // quoteIfNeeded keeps most plain; the check catches what its pattern lets through (`1e5`, `0x1F`, a trailing space).
  return quoteIfNeeded(s) === s && readsBack(s) ? s : JSON.stringify(s);
}

function readsBack(s: string): boolean {
  try {
    return (parse(`v: ${s}`) as { v?: unknown } | null)?.v === s;
  } catch {
    return false;
  }
}

function isNodeWithRange(n: unknown): n is Node & { range: [number, number, number] } {
  return !!n && typeof n === 'object' && Array.isArray((n as { range?: unknown }).range);
}

function isOneLine(val: Scalar, text: string): boolean {
  const t = val.type;
  const inline = t === Scalar.PLAIN || t === Scalar.QUOTE_DOUBLE || t === Scalar.QUOTE_SINGLE;
  return inline && !text.slice(val.range![0], val.range![1]).includes('\n');
}

function endOf(key: Node, val: Node | null): number {
  return val?.range ? val.range[1] : key.range![1];
}

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The start of the line after the one `offset` is on (text.length at the end). */
function lineEndAfter(text: string, offset: number): number {
  if (offset > 0 && text[offset - 1] === '\n') return offset;
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}
