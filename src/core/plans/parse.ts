import { type Document, LineCounter, parseAllDocuments } from 'yaml';
import type { OffsetRange, PlanDiagnostic } from './model';
import { PLAN_API_VERSION } from './model';

/** Above this size a document gets syntax diagnostics only: no schema, no rules, no completion work. */
export const MAX_CHECKED_BYTES = 512 * 1024;
/** Above this size a document is not parsed at all. */
export const MAX_PARSED_BYTES = 4 * 1024 * 1024;
/** How much of a too-large document is syntax-checked: parsing is linear but not free (~1 s per MB on a busy machine). */
export const SYNTAX_PREFIX_BYTES = 64 * 1024;
/** Upper bound on diagnostics per document, so garbage cannot flood the Problems view. */
export const MAX_DIAGNOSTICS = 200;
/** Alias expansion limit: protects against "billion laughs" documents. */
export const MAX_ALIAS_COUNT = 100;

export interface ParsedPlan {
  readonly text: string;
  /** The first document; undefined only when the text was too large to parse. */
  readonly doc: Document.Parsed | undefined;
  readonly lineCounter: LineCounter;
  /** Syntax, multi-document and limit diagnostics. */
  readonly diagnostics: PlanDiagnostic[];
  /** The first document as plain data, when it has no syntax errors and could be converted. */
  readonly value: unknown;
  readonly tooLargeForChecks: boolean;
}

export function clampRange(text: string, start: number, end: number): OffsetRange {
  const s = Math.max(0, Math.min(text.length, Number.isFinite(start) ? start : 0));
  const e = Math.max(s, Math.min(text.length, Number.isFinite(end) ? end : s));
  return { start: s, end: e };
}

/** Parses plan text. Never throws: every problem is a diagnostic. */
export function parsePlan(text: string): ParsedPlan {
  const lineCounter = new LineCounter();
  const diagnostics: PlanDiagnostic[] = [];
  if (text.length > MAX_PARSED_BYTES) {
    diagnostics.push({
      range: clampRange(text, 0, 0), severity: 'warning', code: 'limits.too-large', source: 'limits',
      message: `This file is ${(text.length / 1048576).toFixed(1)} MB; plans over ${MAX_PARSED_BYTES / 1048576} MB are not checked. Split it or remove the bulk data.`,
    });
    return { text, doc: undefined, lineCounter, diagnostics, value: undefined, tooLargeForChecks: true };
  }
  const tooLargeForChecks = text.length > MAX_CHECKED_BYTES;
  if (tooLargeForChecks) {
    diagnostics.push({
      range: clampRange(text, 0, 0), severity: 'warning', code: 'limits.too-large', source: 'limits',
      message: `This file is ${Math.round(text.length / 1024)} KB; above ${MAX_CHECKED_BYTES / 1024} KB only the YAML syntax of the first ${SYNTAX_PREFIX_BYTES / 1024} KB is checked. A plan is normally a few KB — remove pasted bulk data.`,
    });
  }
  const cut = tooLargeForChecks ? text.lastIndexOf('\n', SYNTAX_PREFIX_BYTES) + 1 : text.length;
  const source = tooLargeForChecks ? text.slice(0, cut) : text;
  let docs: Document.Parsed[];
  try {
    // The duplicate-key check is quadratic in a mapping's size: skipped on files too large to check anyway.
    docs = parseAllDocuments(source, { uniqueKeys: !tooLargeForChecks, prettyErrors: false, strict: true, logLevel: 'error' }) as Document.Parsed[];
  } catch (e) {
    // The yaml package reports problems as errors on the document; this is a last resort.
    diagnostics.push({ range: clampRange(text, 0, 0), severity: 'error', code: 'yaml.internal', source: 'syntax', message: `Cannot parse this file as YAML: ${String(e)}` });
    return { text, doc: undefined, lineCounter, diagnostics, value: undefined, tooLargeForChecks: true };
  }
  // parseAllDocuments returns an EmptyStream (an array with no documents) for empty text.
  const doc = docs[0];
  for (const d of docs) {
    for (const e of d.errors) {
      if (tooLargeForChecks && e.pos[0] >= cut - 1) continue; // an artefact of the cut
      diagnostics.push({ range: clampRange(text, e.pos[0], e.pos[1]), severity: 'error', code: `yaml.${e.code}`, source: 'syntax', message: yamlMessage(e.message) });
    }
    for (const w of d.warnings) {
      diagnostics.push({ range: clampRange(text, w.pos[0], w.pos[1]), severity: 'warning', code: `yaml.${w.code}`, source: 'syntax', message: yamlMessage(w.message) });
    }
  }
  for (const extra of docs.slice(1)) {
    const [start, , end] = extra.range;
    diagnostics.push({
      range: clampRange(text, start, Math.min(end, start + 3)), severity: 'error', code: 'plan.multiple-documents', source: 'syntax',
      message: 'A plan file holds exactly one YAML document; this is a second one. Move it to its own *.upgradeplan.yaml file or delete it.',
    });
  }
  let value: unknown;
  if (doc && doc.errors.length === 0 && !tooLargeForChecks) {
    try {
      value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
    } catch (e) {
      diagnostics.push({
        range: clampRange(text, doc.range[0], doc.range[0]), severity: 'error', code: 'yaml.aliases', source: 'syntax',
        message: `Cannot expand this document: ${e instanceof Error ? e.message : String(e)}. Replace the aliases with plain values.`,
      });
    }
  }
  return { text, doc, lineCounter, diagnostics: diagnostics.slice(0, MAX_DIAGNOSTICS), value, tooLargeForChecks };
}

/** A document as plain data, or undefined when it cannot be converted (alias bombs, cycles): for editing features that must not throw. */
export function plainValueOf(doc: Document): unknown {
  try {
    return doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch {
    return undefined;
  }
}

function yamlMessage(message: string): string {
  // The yaml package's messages end with a source excerpt when prettyErrors is on; keep the first line.
  const first = message.split('\n')[0];
  return first.endsWith('.') ? first : `${first}.`;
}

const HEAD_BYTES = 4096;

/**
 * Whether text looks like an upgrade plan by its header (`apiVersion` and `kind`), without parsing:
 * used for YAML files not named *.upgradeplan.yaml.
 */
export function looksLikePlan(text: string): boolean {
  const head = text.slice(0, HEAD_BYTES);
  return /^kind:\s*["']?UpgradePlan["']?\s*$/m.test(head) && head.includes(PLAN_API_VERSION.split('/')[0]);
}

