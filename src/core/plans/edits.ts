import { type Document, isSeq, isMap, type YAMLSeq } from 'yaml';
import type { PlanHop, TextEdit } from './model';
import { findPath } from './yamlPath';

/** Text edits that add list items to a plan while keeping the author's layout. Undefined when the layout is not block style. */

function lineStartOf(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

function afterLine(text: string, offset: number): { at: number; lead: string } {
  if (offset > 0 && text[offset - 1] === '\n') return { at: offset, lead: '' };
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? { at: text.length, lead: '\n' } : { at: nl + 1, lead: '' };
}

/** `  - ` before a block sequence item: its indentation, else undefined (flow style, same line as the key…). */
function itemIndent(text: string, itemStart: number): string | undefined {
  const prefix = text.slice(lineStartOf(text, itemStart), itemStart);
  const m = /^( *)- +$/.exec(prefix);
  return m ? m[1] : undefined;
}

function renderItem(indent: string, fields: readonly (readonly [string, string])[]): string {
  return fields.map(([k, v], i) => `${indent}${i === 0 ? '- ' : '  '}${k}: ${v}\n`).join('');
}

/** Inserts an item before item `before` of the list at key `listKey` (at the end when before ≥ length), creating the list when missing. */
export function insertListItems(text: string, doc: Document, listKey: string, before: number, items: readonly (readonly (readonly [string, string])[])[]): TextEdit | undefined {
  const hit = findPath(doc, [listKey]);
  const seq = hit.node;
  if (isSeq(seq) && !seq.flow && seq.items.length > 0) {
    const list: YAMLSeq = seq;
    const firstItem = list.items[0] as { range?: [number, number, number] };
    const indent = firstItem.range ? itemIndent(text, firstItem.range[0]) : undefined;
    if (indent === undefined) return undefined;
    const body = items.map((f) => renderItem(indent, f)).join('');
    if (before < list.items.length) {
      const target = list.items[before] as { range?: [number, number, number] };
      if (!target.range || itemIndent(text, target.range[0]) === undefined) return undefined;
      const at = lineStartOf(text, target.range[0]);
      return { range: { start: at, end: at }, newText: body };
    }
    const last = list.items[list.items.length - 1] as { range?: [number, number, number] };
    if (!last.range) return undefined;
    const { at, lead } = afterLine(text, last.range[1]);
    return { range: { start: at, end: at }, newText: lead + body };
  }
  const body = items.map((f) => renderItem('  ', f)).join('');
  if (hit.pair && (seq === undefined || seq === null || (isSeq(seq) && seq.items.length === 0))) {
    // `hops:` with no value, or `hops: []`: replace the value with a block list.
    const keyRange = (hit.pair.key as { range?: [number, number, number] }).range;
    if (!keyRange) return undefined;
    const valueRange = (seq as { range?: [number, number, number] } | undefined)?.range;
    const colon = text.indexOf(':', keyRange[1]);
    // From just after the colon, so that `key: []` becomes `key:` and the list, without a trailing space.
    const start = colon + 1;
    const end = valueRange ? valueRange[1] : colon + 1;
    return { range: { start, end }, newText: `\n${body.replace(/\n$/, '')}` };
  }
  if (hit.pair || !isMap(doc.contents)) return undefined;
  const { at, lead } = afterLine(text, text.length);
  return { range: { start: at, end: at }, newText: `${lead}${listKey}:\n${body}` };
}

/** A hop as plan lines, in the order generated plans use: component, version, nodes, reason. */
export function hopFields(hop: PlanHop): (readonly [string, string])[] {
  return [
    ['component', hop.component],
    ['version', quoteIfNeeded(hop.version)],
    ...(hop.nodes ? [['nodes', hop.nodes] as const] : []),
    ...(hop.reason ? [['reason', quoteIfNeeded(hop.reason)] as const] : []),
  ];
}

export function quoteIfNeeded(s: string): string {
  return /^[A-Za-z0-9_./+-][\w ./+()-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|~)$/i.test(s) && !/^[\d.]+$/.test(s) ? s : JSON.stringify(s);
}
