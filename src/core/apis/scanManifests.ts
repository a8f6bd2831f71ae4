import { type Document, isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { safeParseYaml, tooLargeMessage } from '../yaml/safeParse';
import { type ApiFinding, type ApiPlanVersions, findingsFor } from './findings';
import { documentSegments } from './documentSegments';
import { type ApiLifecycleTable, bundledLifecycle } from './lifecycle';

/** One object's apiVersion and kind in a manifest file. */
export interface ManifestApiRef {
  readonly apiVersion: string;
  readonly kind: string;
  /** Offsets of the apiVersion value (without quotes) in the text: where a diagnostic goes and the edit applies. */
  readonly start: number;
  readonly end: number;
  /** Index of the YAML document (0 for JSON). */
  readonly document: number;
  /** True for Helm templates, read line by line without rendering: the value may sit in a branch never rendered. */
  readonly bestEffort: boolean;
}

export interface ManifestScan {
  readonly refs: readonly ManifestApiRef[];
  /** Why (part of) the file was not read: too large, not YAML. Empty when everything was read. */
  readonly problems: readonly string[];
}

export interface ScanLimits {
  /** Files longer than this (UTF-16 code units) are not read. */
  readonly maxBytes: number;
}

export const DEFAULT_SCAN_LIMITS: ScanLimits = { maxBytes: 2 * 1024 * 1024 };
const MAX_NODES = 1_000_000;
const MAX_LIST_DEPTH = 4;
/** Far above the gate's nesting limit, so brackets inside strings do not refuse a real manifest. */
const MAX_BRACKET_DEPTH = 1000;

/** Deepest run of unclosed [ and {, counted naively (quotes and comments included); linear. */
function bracketDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) max = Math.max(max, ++depth);
    else if ((c === 93 || c === 125) && depth > 0) depth--;
  }
  return max;
}

/**
 * Every apiVersion/kind pair of a manifest file: multi-document YAML and JSON through the YAML gate, the items of
 * `List` and `*List` kinds, and Helm templates (under `templates/`, with `{{`) line by line, marked best effort.
 * Linear in the text; never throws.
 */
export function scanManifests(text: string, fileName: string, limits: ScanLimits = DEFAULT_SCAN_LIMITS): ManifestScan {
  return unparsed(text, fileName, limits) ?? parseRefs(text, limits).scan;
}

/** The answer without the YAML parser: over the size cap, a Helm template, or brackets nested too deep. */
function unparsed(text: string, fileName: string, limits: ScanLimits): ManifestScan | undefined {
  const label = 'manifest';
  if (text.length > limits.maxBytes) return { refs: [], problems: [tooLargeMessage({ label, maxBytes: limits.maxBytes }, text.length)] };
  if (isHelmTemplate(text, fileName)) return { refs: scanLines(text), problems: [] };
  // The yaml library's tokenizer slows down on very deep flow nesting before the gate can measure it; refuse early.
  if (bracketDepth(text) > MAX_BRACKET_DEPTH) return { refs: [], problems: [`This ${label} nests [ and { more than ${MAX_BRACKET_DEPTH} levels deep; it is not read.`] };
  return undefined;
}

/** The parse through the YAML gate; `documents` counts what the parser found, `clean` says it found no error. */
function parseRefs(text: string, limits: ScanLimits): { scan: ManifestScan; documents: number; clean: boolean } {
  const parsed = safeParseYaml(text, { label: 'manifest', maxBytes: limits.maxBytes, maxNodes: MAX_NODES });
  const refused = parsed.problems.filter((p) => p.code.startsWith('limits.') || p.code === 'yaml.internal');
  if (refused.length > 0) return { scan: { refs: [], problems: refused.map((p) => p.message) }, documents: 0, clean: false };
  const refs: ManifestApiRef[] = [];
  parsed.docs.forEach((doc, i) => collect(doc, i, text, refs));
  refs.sort((a, b) => a.start - b.start);
  const errors = parsed.problems.filter((p) => p.severity === 'error');
  const problems = errors.slice(0, 1).map((p) => `Part of this manifest is not valid YAML: ${p.message}`);
  return { scan: { refs, problems }, documents: parsed.docs.length, clean: errors.length === 0 };
}

/**
 * Above this many characters a file is parsed whole: the gate's node cap (MAX_NODES) counts the values of all its
 * documents together. Each value takes a character of its own, but for a block mapping, which starts at its first
 * key; so a text of this length has fewer than MAX_NODES of them, and skipping documents cannot change a refusal.
 */
const SPLIT_MAX_CHARS = MAX_NODES / 2;

/**
 * scanManifests for the documents that `wanted` accepts (given each document's text), without parsing the others:
 * for those documents the same refs, at the same offsets and document indices. The text is scanned whole instead
 * (exactly scanManifests) when documentSegments cannot split it, when it is refused or read without the parser
 * (size cap, Helm template, bracket depth), is over SPLIT_MAX_CHARS, or when a wanted document has a YAML error or
 * is refused by the gate: the problem is then worded as the whole parse words it (a quote left open reads on into
 * the next documents, a duplicate key names its line in the whole text). Errors of documents not parsed are not
 * reported.
 */
export function scanWantedDocuments(text: string, fileName: string, wanted: (documentText: string) => boolean, limits: ScanLimits = DEFAULT_SCAN_LIMITS): ManifestScan {
  const early = unparsed(text, fileName, limits);
  if (early) return early;
  const segments = text.length <= SPLIT_MAX_CHARS ? documentSegments(text) : undefined;
  if (!segments) return parseRefs(text, limits).scan;
  const refs: ManifestApiRef[] = [];
  for (const seg of segments) {
    const part = text.slice(seg.start, seg.end);
    if (seg.document < 0 || !wanted(part)) continue;
    const r = parseRefs(part, limits);
    if (!r.clean || (seg.several ? r.documents < 1 : r.documents !== 1)) return parseRefs(text, limits).scan;
    for (const ref of r.scan.refs) refs.push({ ...ref, start: ref.start + seg.start, end: ref.end + seg.start, document: seg.document + ref.document });
  }
  return { refs, problems: [] };
}

function isHelmTemplate(text: string, fileName: string): boolean {
  return /(^|[\\/])templates[\\/]/.test(fileName) && text.includes('{{');
}

function collect(doc: Document.Parsed, document: number, text: string, refs: ManifestApiRef[]): void {
  const stack: [unknown, number][] = [[doc.contents, 0]];
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [node, depth] = next;
    if (!isMap(node)) continue;
    const ref = refOf(node, document, text);
    if (ref) refs.push(ref);
    const items = node.get('items', true);
    if (ref && ref.kind.endsWith('List') && isSeq(items) && depth < MAX_LIST_DEPTH) {
      for (let i = items.items.length - 1; i >= 0; i--) stack.push([items.items[i], depth + 1]);
    }
  }
}

function refOf(map: YAMLMap, document: number, text: string): ManifestApiRef | undefined {
  const apiVersion = map.get('apiVersion', true);
  const kind = map.get('kind', true);
  if (!isScalar(apiVersion) || !isScalar(kind) || typeof apiVersion.value !== 'string' || typeof kind.value !== 'string' || !apiVersion.range) return undefined;
  let [start, end] = apiVersion.range;
  if (text[start] === '"' || text[start] === "'") {
    start += 1;
    end -= 1;
  }
  return { apiVersion: apiVersion.value, kind: kind.value, start, end, document, bestEffort: false };
}

interface LineValue {
  value: string;
  start: number;
  end: number;
}

/** `key: value` at the start of a line; a templated or empty value is not read. */
function lineValue(text: string, lineStart: number, lineEnd: number, key: string): LineValue | undefined {
  if (!text.startsWith(key, lineStart)) return undefined;
  let i = lineStart + key.length;
  while (i < lineEnd && (text[i] === ' ' || text[i] === '\t')) i++;
  const quote = text[i] === '"' || text[i] === "'" ? text[i] : '';
  if (quote) i++;
  const start = i;
  while (i < lineEnd && !' \t#"\'\r'.includes(text[i])) i++;
  const value = text.slice(start, i);
  if (!value || value.includes('{{') || value.includes('}}')) return undefined;
  return { value, start, end: i };
}

/** Helm templates: `apiVersion:` and `kind:` at column 0, paired within each `---` document. */
function scanLines(text: string): ManifestApiRef[] {
  const refs: ManifestApiRef[] = [];
  let versions: LineValue[] = [];
  let kind: string | undefined;
  let document = 0;
  const flush = (): void => {
    if (kind) for (const v of versions) refs.push({ apiVersion: v.value, kind, start: v.start, end: v.end, document, bestEffort: true });
    versions = [];
    kind = undefined;
  };
  for (let lineStart = 0; lineStart <= text.length;) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    if (text.startsWith('---', lineStart)) {
      flush();
      document++;
    } else {
      const v = lineValue(text, lineStart, lineEnd, 'apiVersion:');
      if (v) versions.push(v);
      const k = kind ? undefined : lineValue(text, lineStart, lineEnd, 'kind:');
      if (k) kind = k.value;
    }
    lineStart = lineEnd + 1;
  }
  flush();
  return refs;
}

/** A text edit: replace [start, end) with newText. */
export interface TextEdit {
  readonly start: number;
  readonly end: number;
  readonly newText: string;
}

export interface ManifestApiFinding {
  readonly ref: ManifestApiRef;
  readonly finding: ApiFinding;
  /** Rewrites the apiVersion, only where the migration is mechanical and the kind stays the same. */
  readonly edit?: TextEdit;
}

/** The findings of one manifest file for a plan; a bad plan version is reported once as a problem. */
export function manifestFindings(text: string, fileName: string, plan: ApiPlanVersions, data: ApiLifecycleTable = bundledLifecycle(), limits: ScanLimits = DEFAULT_SCAN_LIMITS): { findings: ManifestApiFinding[]; problems: string[] } {
  const scan = scanManifests(text, fileName, limits);
  const findings: ManifestApiFinding[] = [];
  const problems = [...scan.problems];
  for (const ref of scan.refs) {
    const result = findingsFor(ref.apiVersion, ref.kind, plan, data);
    if (!result.ok) return { findings: [], problems: [...problems, result.error] };
    if (!result.value) continue;
    const edit = mechanicalEdit(ref, result.value);
    findings.push(edit ? { ref, finding: result.value, edit } : { ref, finding: result.value });
  }
  return { findings, problems };
}

/** The apiVersion rewrite for a mechanical migration to a replacement of the same kind; undefined otherwise. */
export function mechanicalEdit(ref: ManifestApiRef, finding: ApiFinding): TextEdit | undefined {
  if (finding.change !== 'mechanical' || !finding.replacement || !finding.replacementApiVersion || finding.replacement.kind !== ref.kind) return undefined;
  return { start: ref.start, end: ref.end, newText: finding.replacementApiVersion };
}
