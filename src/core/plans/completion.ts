import { isMap } from 'yaml';
import type { OffsetRange } from './model';
import { editorDocument, plainValueOf } from './parse';
import type { PlanReleases } from './planReleases';
import { propertiesAt, schemaAt, typeOf } from './schemaNav';
import { reachableVersions, recommendedNext, versionFieldAt } from './versionFields';
import { findPath, keyText, pathAtOffset } from './yamlPath';

export interface PlanCompletion {
  readonly label: string;
  readonly kind: 'property' | 'value' | 'version';
  /** Text replacing `range`; may span lines (already indented). */
  readonly insertText: string;
  readonly range: OffsetRange;
  readonly detail?: string;
  readonly documentation?: string;
  readonly sortText?: string;
  readonly preselect?: boolean;
}

const PLACEHOLDER = 'upgradeplannerCursor';
const MAX_COMPLETION_TEXT = 512 * 1024;
/** Longest line completion looks at. */
const MAX_LINE = 2000;

interface CursorContext {
  readonly mode: 'key' | 'value';
  readonly path: (string | number)[];
  /** The word under the cursor that completion replaces. */
  readonly range: OffsetRange;
  readonly keyIndent: number;
}

/**
 * Finds where the cursor is by putting a placeholder there and parsing: the yaml parser is tolerant,
 * so this works on half-written plans too.
 */
function cursorContext(text: string, offset: number): CursorContext | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let lineEnd = text.indexOf('\n', offset);
  if (lineEnd < 0) lineEnd = text.length;
  // One line of a plan is short; the patterns below are not meant for megabyte lines.
  if (lineEnd - lineStart > MAX_LINE) return undefined;
  const before = text.slice(lineStart, offset);
  const after = text.slice(offset, lineEnd);
  const wordAfter = /^[^\s,\]}#]*/.exec(after)?.[0] ?? '';
  const tryParse = (replacementLine: string, at: number): ReturnType<typeof pathAtOffset> | undefined => {
    const patched = text.slice(0, lineStart) + replacementLine + text.slice(lineEnd);
    const doc = editorDocument(patched);
    if (!doc) return undefined;
    const r = pathAtOffset(doc, at);
    return r.path.length > 0 ? r : undefined;
  };
  const value = /^(\s*(?:-\s+)?)([\w./-]+):\s+(?:\[[^\]]*?,?\s*)?([^\s,[\]]*)$/.exec(before) ?? /^(\s*(?:-\s+)?)([\w./-]+):(\s*)()$/.exec(before);
  if (value) {
    const partial = value[value.length - 1];
    const start = offset - partial.length;
    const line = before.slice(0, before.length - partial.length) + PLACEHOLDER + after.slice(wordAfter.length);
    const r = tryParse(line, start + 1);
    if (!r) return undefined;
    return { mode: 'value', path: r.path, range: { start, end: offset + wordAfter.length }, keyIndent: value[1].length };
  }
  const key = /^(\s*)(-\s+)?([\w.-]*)$/.exec(before);
  if (!key) return undefined;
  const partial = key[3];
  const start = offset - partial.length;
  const indent = key[1].length + (key[2]?.length ?? 0);
  if (key[2] !== undefined) {
    // `- word`: a scalar list item (enum) or the first key of a mapping item.
    const r = tryParse(before.slice(0, before.length - partial.length) + PLACEHOLDER, start + 1);
    if (r && typeOf(schemaAt(r.path) ?? {}) !== 'object' && schemaAt(r.path)?.enum) {
      return { mode: 'value', path: r.path, range: { start, end: offset + wordAfter.length }, keyIndent: indent };
    }
  }
  const r = tryParse(before.slice(0, before.length - partial.length) + `${PLACEHOLDER}: x` + after.slice(wordAfter.length), start + 1);
  if (!r || r.path[r.path.length - 1] !== PLACEHOLDER) return undefined;
  return { mode: 'key', path: r.path.slice(0, -1), range: { start, end: offset + wordAfter.length }, keyIndent: indent };
}

/** Completion items at offset: keys of the mapping, enum values, and versions that exist and are reachable. */
export function planCompletions(text: string, offset: number, releases: PlanReleases): PlanCompletion[] {
  if (text.length > MAX_COMPLETION_TEXT || offset < 0 || offset > text.length) return [];
  try {
    const ctx = cursorContext(text, offset);
    if (!ctx) return [];
    return ctx.mode === 'key' ? keyCompletions(text, ctx) : valueCompletions(text, ctx, releases);
  } catch {
    return [];
  }
}

function keyCompletions(text: string, ctx: CursorContext): PlanCompletion[] {
  const doc = editorDocument(text);
  if (!doc) return [];
  const existing = new Set<string>();
  const parent = findPath(doc, ctx.path).node;
  if (isMap(parent)) for (const p of parent.items) existing.add(keyText(p.key) ?? '');
  const pad = ' '.repeat(ctx.keyIndent);
  return propertiesAt(ctx.path)
    .filter((p) => !existing.has(p.name) || text.slice(ctx.range.start, ctx.range.end) === p.name)
    .map((p, i) => {
      const t = typeOf(p.schema);
      const insertText = t === 'object' ? `${p.name}:\n${pad}  ` : t === 'array' ? `${p.name}:\n${pad}  - ` : `${p.name}: `;
      return {
        label: p.name,
        kind: 'property' as const,
        insertText,
        range: ctx.range,
        ...(p.schema.description ? { documentation: p.schema.description } : {}),
        detail: p.required ? 'required' : (t ?? ''),
        sortText: `${p.required ? '0' : '1'}${String(i).padStart(3, '0')}`,
      };
    });
}

function valueCompletions(text: string, ctx: CursorContext, releases: PlanReleases): PlanCompletion[] {
  const schema = schemaAt(ctx.path);
  const doc = editorDocument(text);
  if (!doc) return [];
  const field = versionFieldAt(plainValueOf(doc), ctx.path);
  if (field) {
    const versions = reachableVersions(releases, field);
    const best = recommendedNext(releases, field);
    return versions.slice(0, 200).map((v, i) => {
      const info = releases.summary(field.component, v);
      return {
        label: v,
        kind: 'version' as const,
        insertText: v,
        range: ctx.range,
        detail: [info?.date, field.previous ? `from ${field.previous}` : undefined].filter(Boolean).join(' · '),
        ...(info?.headline ? { documentation: info.headline } : {}),
        sortText: `${v === best ? '0' : '1'}${String(i).padStart(4, '0')}`,
        preselect: v === best,
      };
    });
  }
  if (!schema) return [];
  const values: unknown[] = schema.enum ? [...schema.enum] : schema.const !== undefined ? [schema.const] : typeOf(schema) === 'boolean' ? [true, false] : [...(schema.examples ?? [])];
  return values
    .filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v))
    .map((v, i) => ({
      label: String(v),
      kind: 'value' as const,
      insertText: String(v),
      range: ctx.range,
      ...(schema.description ? { documentation: schema.description } : {}),
      sortText: String(i).padStart(3, '0'),
    }));
}
