import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { parseAllDocuments } from 'yaml';
import schema from '../../../schemas/risk.schema.json';
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

function regexProblem(source: string): string | undefined {
  try {
    new RegExp(source);
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : 'invalid regular expression';
  }
}

/**
 * Checks an already-parsed document against schemas/risk.schema.json, then what a schema cannot:
 * that `from` and every `matches` value compile as regular expressions.
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
  if (fromErr) problems.push({ message: `/from: not a regular expression: ${fromErr}`, path: '/from', document, source });
  (risk.matchingRules ?? []).forEach((r, i) => {
    if (r.type === 'resource' && r.predicate.op === 'matches') {
      const m = regexProblem(String(r.predicate.value));
      if (m) problems.push({ message: `/matchingRules/${i}/predicate/value: not a regular expression: ${m}`, path: `/matchingRules/${i}/predicate/value`, document, source });
    }
  });
  return problems.length > 0 ? { problems } : { risk, problems };
}

/** Parses the text of a risk file (one or more YAML documents separated by `---`). */
export function parseRiskFile(text: string, source?: string): { risks: Risk[]; problems: RiskProblem[] } {
  const risks: Risk[] = [];
  const problems: RiskProblem[] = [];
  parseAllDocuments(text).forEach((d, i) => {
    if (d.errors.length > 0) {
      for (const e of d.errors) problems.push({ message: `YAML: ${e.message}`, path: '', document: i, source });
      return;
    }
    const value: unknown = d.toJS();
    if (value === null || value === undefined) return;
    const r = parseRiskDocument(value, i, source);
    if (r.risk) risks.push(r.risk);
    problems.push(...r.problems);
  });
  return { risks, problems };
}

/** Names used twice across files: the later one is reported (a plan accepts risks by name). */
export function duplicateNames(risks: readonly Risk[]): string[] {
  const seen = new Set<string>();
  const dup = new Set<string>();
  for (const r of risks) (seen.has(r.name) ? dup : seen).add(r.name);
  return [...dup];
}
