import type { ErrorObject } from 'ajv';

/** Turns a JSON pointer into the dotted form people read in YAML: `hops[2].version`. */
export function pointerToPath(pointer: string): (string | number)[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

export function formatPath(path: readonly (string | number)[]): string {
  let out = '';
  for (const seg of path) {
    out += typeof seg === 'number' ? `[${seg}]` : out ? `.${seg}` : seg;
  }
  return out || 'the plan';
}

function list(values: readonly unknown[]): string {
  const shown = values.slice(0, 8).map((v) => JSON.stringify(v));
  return shown.join(', ') + (values.length > 8 ? ', …' : '');
}

/** A message that says what is wrong and what to do, for one ajv error. */
export function schemaMessage(e: ErrorObject, path: readonly (string | number)[], description: string | undefined): string {
  const where = formatPath(path);
  const params = e.params as Record<string, unknown>;
  const hint = description ? ` (${description.split('\n')[0].replace(/\.$/, '')})` : '';
  switch (e.keyword) {
    case 'required':
      return `${where} is missing "${String(params.missingProperty)}"${hint}. Add it.`;
    case 'additionalProperties':
      return `Unknown key "${String(params.additionalProperty)}" in ${where}. Remove it or check its spelling.`;
    case 'unevaluatedProperties':
      return `Unknown key "${String(params.unevaluatedProperty)}" in ${where}. Remove it or check its spelling.`;
    case 'type':
      return `${where} must be ${article(String(params.type))}${hint}.`;
    case 'enum':
      return `${where} must be one of ${list(params.allowedValues as unknown[])}.`;
    case 'const':
      return `${where} must be ${JSON.stringify(params.allowedValue)}.`;
    case 'pattern':
      return `${where} has the wrong form${hint}. Expected a value matching ${String(params.pattern)}.`;
    case 'format':
      return `${where} must be a ${String(params.format)} (e.g. 2025-06-01).`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return `${where} ${e.message ?? 'is out of range'}.`;
    case 'minLength':
      return `${where} must not be empty.`;
    case 'minProperties':
      return `${where} must name at least one component (k3s, kubernetes, rook or ceph).`;
    case 'uniqueItems':
      return `${where} lists the same value twice (items ${String(params.j)} and ${String(params.i)}). Remove the duplicate.`;
    default:
      return `${where} ${e.message ?? 'is invalid'}.`;
  }
}

function article(type: string): string {
  const t = type.replace(/,/g, ' or ');
  if (t === 'object') return 'a mapping (key: value lines)';
  if (t === 'array') return 'a list (- item lines)';
  return /^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`;
}
