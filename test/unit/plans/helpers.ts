import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const EXAMPLE = readFileSync(join(__dirname, '../../../examples/plans/prod-k3s.upgradeplan.yaml'), 'utf8');

/** The text a range covers. */
export function slice(text: string, r: { start: number; end: number }): string {
  return text.slice(r.start, r.end);
}

export function applyEdits(text: string, edits: readonly { range: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.range.start - a.range.start)) {
    out = out.slice(0, e.range.start) + e.newText + out.slice(e.range.end);
  }
  return out;
}
