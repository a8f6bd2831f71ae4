/**
 * A version written as a whole minor line — `v1.31`, `1.31`, `v1.31.x`, `v1.16.*` — which means "the
 * newest patch of that minor". Anchored and without nested quantifiers, so linear in its input.
 */
export interface MinorLine {
  readonly major: number;
  readonly minor: number;
}

const MINOR_LINE = /^v?(\d{1,4})\.(\d{1,4})(?:\.[xX*])?$/;

export function parseMinorLine(input: string): MinorLine | undefined {
  const text = input.trim();
  if (text.length > 16) return undefined;
  const m = MINOR_LINE.exec(text);
  return m ? { major: Number(m[1]), minor: Number(m[2]) } : undefined;
}
