import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type { Document } from 'yaml';
import type { PlanDiagnostic, PlanFix } from './model';
import { MAX_DIAGNOSTICS, clampRange } from './parse';
import { formatPath, pointerToPath, schemaMessage } from './humanize';
import { PLAN_SCHEMA, schemaAt } from './schemaNav';
import { findPath, nodeRange, pairKeyRange, pairRange } from './yamlPath';

let compiled: ValidateFunction | undefined;

/** The plan schema compiled once per process (ajv compilation costs milliseconds; validation microseconds). */
export function planValidator(): ValidateFunction {
  if (!compiled) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, formats: { date: /^\d{4}-\d{2}-\d{2}$/ } });
    compiled = ajv.compile(PLAN_SCHEMA);
  }
  return compiled;
}

/** Validates the plan data against the schema and places each error on the exact YAML node. */
export function schemaDiagnostics(text: string, doc: Document, value: unknown): PlanDiagnostic[] {
  const validate = planValidator();
  if (validate(value)) return [];
  const out: PlanDiagnostic[] = [];
  const seen = new Set<string>();
  for (const e of validate.errors ?? []) {
    // Only MAX_DIAGNOSTICS are shown; placing thousands of errors on their nodes would only cost time.
    if (out.length >= MAX_DIAGNOSTICS) break;
    const d = toDiagnostic(text, doc, e);
    const key = `${d.range.start}:${d.range.end}:${d.message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push(d);
    }
  }
  return out;
}

function toDiagnostic(text: string, doc: Document, e: ErrorObject): PlanDiagnostic {
  const path = pointerToPath(e.instancePath);
  const params = e.params as Record<string, unknown>;
  const hit = findPath(doc, path);
  const code = `schema.${e.keyword}`;
  const whole = doc.contents ? nodeRange(doc.contents) : undefined;
  const fallback = hit.deepestPair ? pairKeyRange(hit.deepestPair) : nodeRange(hit.deepest) ?? whole;
  let range = nodeRange(hit.node) ?? fallback;
  let fixes: PlanFix[] | undefined;
  let messagePath = path;
  let description = schemaAt(path)?.description;

  if (e.keyword === 'additionalProperties' || e.keyword === 'unevaluatedProperties') {
    const key = String(params.additionalProperty ?? params.unevaluatedProperty);
    const keyHit = findPath(doc, [...path, key]);
    if (keyHit.pair) {
      range = pairKeyRange(keyHit.pair) ?? range;
      const whole = pairRange(keyHit.pair);
      if (whole) fixes = [{ title: `Remove the unknown key "${key}"`, edits: [removeLinesEdit(text, whole.start, whole.end)], preferred: true }];
    }
  } else if (e.keyword === 'required') {
    // Point at the key of the mapping that lacks the property (its first line), not the whole block.
    range = hit.pair ? pairKeyRange(hit.pair) : firstLine(text, range);
    messagePath = path;
    description = schemaAt([...path, String(params.missingProperty)])?.description;
  } else if (e.keyword === 'enum' || e.keyword === 'const') {
    const allowed = (params.allowedValues as unknown[] | undefined) ?? [params.allowedValue];
    const target = nodeRange(hit.node);
    if (target && allowed.length <= 8) {
      fixes = allowed
        .filter((v): v is string | number | boolean => ['string', 'number', 'boolean'].includes(typeof v))
        .map((v) => ({ title: `Change to ${JSON.stringify(v)}`, edits: [{ range: target, newText: String(v) }] }));
    }
  }
  const r = range ?? { start: 0, end: 0 };
  return {
    range: clampRange(text, r.start, r.end),
    severity: 'error',
    code,
    source: 'schema',
    message: schemaMessage(e, messagePath, description),
    ...(fixes && fixes.length ? { fixes } : {}),
  };
}

function firstLine(text: string, range: { start: number; end: number } | undefined): { start: number; end: number } | undefined {
  if (!range) return undefined;
  const nl = text.indexOf('\n', range.start);
  return { start: range.start, end: nl < 0 || nl > range.end ? range.end : nl };
}

/** Deletes whole lines from the line of start to the end of the line of end, when nothing else shares them. */
export function removeLinesEdit(text: string, start: number, end: number): { range: { start: number; end: number }; newText: string } {
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const before = text.slice(lineStart, start);
  let lineEnd = text.indexOf('\n', end);
  lineEnd = lineEnd < 0 ? text.length : lineEnd + 1;
  const after = text.slice(end, lineEnd).trim();
  if (/^\s*$/.test(before) && after === '') {
    return { range: { start: lineStart, end: lineEnd }, newText: '' };
  }
  // Flow style or shared line: remove only the entry (and a following comma).
  const comma = /^\s*,\s*/.exec(text.slice(end));
  return { range: { start, end: end + (comma ? comma[0].length : 0) }, newText: '' };
}

export { formatPath };
