import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import type { Document } from 'yaml';
import schema from '../../../schemas/risk.schema.json';
import { compileUserRegex } from '../text/userRegex';
import { type YamlLimits, safeParseYaml, tooLargeMessage, yamlValue } from '../yaml/safeParse';
import type { Risk, RiskProblem } from './model';

let validator: ValidateFunction | undefined;

/** Compiled once, on first use (nothing is built at import time). */
function validate(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
    ajv.addFormat('uri', (s: string) => {
      try {
        return new URL(s).protocol.length > 0;
      } catch {
        return false;
      }
    });
    validator = ajv.compile(schema);
  }
  return validator;
}

function describe(e: ErrorObject): string {
  const where = e.instancePath || '(document)';
  if (e.keyword === 'additionalProperties') return `${where}: unknown field "${String((e.params as { additionalProperty: string }).additionalProperty)}"`;
  if (e.keyword === 'enum') return `${where}: must be one of ${(e.params as { allowedValues: unknown[] }).allowedValues.map((v) => JSON.stringify(v)).join(', ')}`;
  if (e.keyword === 'const') return `${where}: must be ${JSON.stringify((e.params as { allowedValue: unknown }).allowedValue)}`;
  return `${where}: ${e.message ?? e.keyword}`;
}

/** Risk files are a few KB; larger ones are not read (the editor checks the size before reading, too). */
export const RISK_FILE_MAX_BYTES = 256 * 1024;
const RISK_FILE_LIMITS: YamlLimits = { label: 'risk file', maxBytes: RISK_FILE_MAX_BYTES, maxDepth: 32, maxNodes: 20_000 };

/** The problem for a risk file of this size before it is read, or undefined when it may be read. */
export function riskFileSizeProblem(bytes: number, source?: string): RiskProblem | undefined {
  return bytes > RISK_FILE_MAX_BYTES ? { message: tooLargeMessage(RISK_FILE_LIMITS, bytes), path: '', document: 0, source } : undefined;
}

function regexProblem(source: string): string | undefined {
  const r = compileUserRegex(source);
  return r.ok ? undefined : r.error;
}

/**
 * Checks an already-parsed document against schemas/risk.schema.json, then what a schema cannot:
 * that `from` and every `matches` value compile as regular expressions (RE2 syntax: linear-time matching,
 * so no backreferences or lookaround).
 */
export function parseRiskDocument(doc: unknown, document = 0, source?: string): { risk?: Risk; problems: RiskProblem[] } {
  const v = validate();
  if (!v(doc)) {
    // oneOf failures repeat each branch's errors; keep the most specific few, deduplicated.
    const seen = new Set<string>();
    const problems: RiskProblem[] = [];
    for (const e of v.errors ?? []) {
      if (e.keyword === 'oneOf' || e.keyword === 'if') continue;
      const message = describe(e);
      if (seen.has(message)) continue;
      seen.add(message);
      problems.push({ message, path: e.instancePath, document, source });
    }
    return { problems };
  }
  const risk = doc as Risk;
  const problems: RiskProblem[] = [];
  const fromErr = regexProblem(risk.from);
  if (fromErr) problems.push({ message: `/from: ${fromErr}`, path: '/from', document, source });
  (risk.matchingRules ?? []).forEach((r, i) => {
    if (r.type === 'resource' && r.predicate.op === 'matches') {
      const m = regexProblem(String(r.predicate.value));
      if (m) problems.push({ message: `/matchingRules/${i}/predicate/value: ${m}`, path: `/matchingRules/${i}/predicate/value`, document, source });
    }
  });
  return problems.length > 0 ? { problems } : { risk, problems };
}

/**
 * Parses the text of a risk file (one or more YAML documents separated by `---`) through the YAML gate:
 * size, nesting, duplicate keys and aliases are problems, never a hang or a throw.
 */
export function parseRiskFile(text: string, source?: string): { risks: Risk[]; problems: RiskProblem[] } {
  const risks: Risk[] = [];
  const problems: RiskProblem[] = [];
  const yaml = safeParseYaml(text, RISK_FILE_LIMITS);
  const at = (offset: number): { line: number; column: number } => {
    const p = yaml.lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  for (const p of yaml.problems) {
    if (p.severity === 'error') problems.push({ message: `YAML: ${p.message}`, path: '', document: p.document, source, ...at(p.start) });
  }
  yaml.docs.forEach((d, i) => {
    if (d.errors.length > 0) return;
    const value = yamlValue(d, RISK_FILE_LIMITS, i);
    if (!value.ok) {
      problems.push({ message: `YAML: ${value.error.message}`, path: '', document: i, source, ...at(value.error.start) });
      return;
    }
    if (value.value === null || value.value === undefined) return;
    const r = parseRiskDocument(value.value, i, source);
    if (r.risk) risks.push(r.risk);
    for (const p of r.problems) problems.push({ ...p, ...at(offsetOf(d, p.path)) });
  });
  return { risks, problems };
}

/** Where the node a JSON pointer names starts (or its nearest existing parent; the document start at worst). */
function offsetOf(doc: Document.Parsed, pointer: string): number {
  const segments = pointer.split('/').slice(1).map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
  for (let n = segments.length; n > 0; n--) {
    const path = segments.slice(0, n).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    const node: unknown = doc.getIn(path, true);
    if (node && typeof node === 'object' && 'range' in node && Array.isArray(node.range)) return (node.range as number[])[0];
  }
  return doc.contents?.range[0] ?? doc.range[0];
}

/** Names used twice across files: the later one is reported (a plan accepts risks by name). */
export function duplicateNames(risks: readonly Risk[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const r of risks) (seen.has(r.name) ? dup : seen).add(r.name);
  return [...dup];
}
