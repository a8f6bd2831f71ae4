import type { Document, LineCounter } from 'yaml';
import { type YamlLimits, safeParseYaml, yamlValue } from '../yaml/safeParse';
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
  /** The first document; undefined when the text is empty or was refused by a limit (size, nesting, node count). */
  readonly doc: Document.Parsed | undefined;
  readonly lineCounter: LineCounter;
  /** Syntax, multi-document and limit diagnostics. */
  readonly diagnostics: PlanDiagnostic[];
  /** The first document as plain data, when it has no syntax errors and could be converted. */
  readonly value: unknown;
  /** Only syntax was (or could be) checked: the text is over MAX_CHECKED_BYTES or was refused by a limit. */
  readonly tooLargeForChecks: boolean;
}

export function clampRange(text: string, start: number, end: number): OffsetRange {
  const s = Math.max(0, Math.min(text.length, Number.isFinite(start) ? start : 0));
  const e = Math.max(s, Math.min(text.length, Number.isFinite(end) ? end : s));
  return { start: s, end: e };
}

/**
 * Plans are a few KB (the example has ~250 YAML values): nesting and value counts far beyond any real plan
 * are refused before composing, so schema and rule checks never see bulk data.
 */
const PLAN_LIMITS: YamlLimits = { label: 'plan', maxBytes: MAX_PARSED_BYTES, maxDepth: 64, maxNodes: 5_000, maxAliasCount: MAX_ALIAS_COUNT };

/** Parses plan text through the YAML gate (core/yaml). Never throws: every problem is a diagnostic. */
export function parsePlan(text: string): ParsedPlan {
  const diagnostics: PlanDiagnostic[] = [];
  const tooLargeForChecks = text.length > MAX_CHECKED_BYTES;
  // Above MAX_PARSED_BYTES the gate refuses the text; between the two limits only a prefix is parsed.
  const syntaxOnly = tooLargeForChecks && text.length <= MAX_PARSED_BYTES;
  if (syntaxOnly) {
    diagnostics.push({
      range: clampRange(text, 0, 0), severity: 'warning', code: 'limits.too-large', source: 'limits',
      message: `This file is ${Math.round(text.length / 1024)} KB; above ${MAX_CHECKED_BYTES / 1024} KB only the YAML syntax of the first ${SYNTAX_PREFIX_BYTES / 1024} KB is checked. A plan is normally a few KB — remove pasted bulk data.`,
    });
  }
  const cut = syntaxOnly ? text.lastIndexOf('\n', SYNTAX_PREFIX_BYTES) + 1 : text.length;
  const { docs, problems, lineCounter } = safeParseYaml(syntaxOnly ? text.slice(0, cut) : text, PLAN_LIMITS, { strict: true });
  for (const p of problems) {
    if (syntaxOnly && p.start >= cut - 1) continue; // an artefact of the cut
    const limits = p.code.startsWith('limits.');
    diagnostics.push({
      range: clampRange(text, p.start, p.end), severity: limits ? 'warning' : p.severity, code: p.code, source: limits ? 'limits' : 'syntax', message: p.message,
    });
  }
  if (docs.length === 0 && problems.length > 0) {
    // Refused by a limit (or the parser failed): nothing else can be checked.
    return { text, doc: undefined, lineCounter, diagnostics, value: undefined, tooLargeForChecks: true };
  }
  // An empty text gives no documents.
  const doc = docs[0] as Document.Parsed | undefined;
  for (const extra of docs.slice(1)) {
    const [start, , end] = extra.range;
    diagnostics.push({
      range: clampRange(text, start, Math.min(end, start + 3)), severity: 'error', code: 'plan.multiple-documents', source: 'syntax',
      message: 'A plan file holds exactly one YAML document; this is a second one. Move it to its own *.upgradeplan.yaml file or delete it.',
    });
  }
  let value: unknown;
  if (doc && doc.errors.length === 0 && !tooLargeForChecks) {
    const v = yamlValue(doc, PLAN_LIMITS);
    if (v.ok) value = v.value;
    else diagnostics.push({ range: clampRange(text, v.error.start, v.error.end), severity: 'error', code: v.error.code, source: 'syntax', message: v.error.message });
  }
  return { text, doc, lineCounter, diagnostics: diagnostics.slice(0, MAX_DIAGNOSTICS), value, tooLargeForChecks };
}

/** A document as plain data, or undefined when it cannot be converted (alias bombs, cycles): for editing features that must not throw. */
export function plainValueOf(doc: Document): unknown {
  const v = yamlValue(doc, PLAN_LIMITS);
  return v.ok ? v.value : undefined;
}

/**
 * The document hover and completion read, through the same gate as validation (a deeply nested plan
 * would otherwise crash the host in the YAML composer); undefined when the text is refused.
 */
export function editorDocument(text: string): Document.Parsed | undefined {
  if (text.length > MAX_CHECKED_BYTES) return undefined;
  return safeParseYaml(text, PLAN_LIMITS).docs[0];
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

