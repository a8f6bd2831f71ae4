import { type Result, ok, err } from '../../common/result';

/** One step of a field path: a key, a list index, or `[*]` (every element). */
export type PathStep = { readonly key: string } | { readonly index: number } | { readonly all: true };

/**
 * Parses `spec.template.spec.containers[*].image`, `items[0].name`, `metadata.labels["app.kubernetes.io/name"]`.
 */
export function parseFieldPath(path: string): Result<PathStep[]> {
  const steps: PathStep[] = [];
  let i = 0;
  const bad = (why: string): Result<PathStep[]> => err(`field path "${path}": ${why} at ${i}`);
  while (i < path.length) {
    const ch = path[i];
    if (ch === '.') {
      if (i === 0 || i === path.length - 1 || path[i + 1] === '.') return bad('empty key');
      i++;
      continue;
    }
    if (ch === '[') {
      const close = path.indexOf(']', i);
      if (close < 0) return bad('missing ]');
      const inner = path.slice(i + 1, close);
      if (inner === '*') steps.push({ all: true });
      else if (/^\d+$/.test(inner)) steps.push({ index: Number(inner) });
      else if (/^"[^"]*"$/.test(inner) || /^'[^']*'$/.test(inner)) steps.push({ key: inner.slice(1, -1) });
      else return bad(`"[${inner}]" is neither [*], [n] nor ["key"]`);
      i = close + 1;
      continue;
    }
    const m = /^[^.[\]]+/.exec(path.slice(i));
    if (!m) return bad('unexpected character');
    steps.push({ key: m[0] });
    i += m[0].length;
  }
  if (steps.length === 0) return err(`field path "${path}" is empty`);
  return ok(steps);
}

/** Every value at the path (none when a step is missing). `[*]` fans out over lists and object values. */
export function valuesAt(obj: unknown, steps: readonly PathStep[]): unknown[] {
  let current: unknown[] = [obj];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of current) {
      if (v === null || typeof v !== 'object') continue;
      if ('all' in step) next.push(...(Array.isArray(v) ? (v as unknown[]) : Object.values(v as Record<string, unknown>)));
      else if ('index' in step) {
        if (Array.isArray(v) && step.index < v.length) next.push(v[step.index]);
      } else if (!Array.isArray(v) && Object.prototype.hasOwnProperty.call(v, step.key)) {
        next.push((v as Record<string, unknown>)[step.key]);
      }
    }
    current = next;
  }
  return current.filter((v) => v !== undefined);
}
