/**
 * The answer of a compatibility predicate: a stable code (for diagnostics and tests) and a sentence
 * a person can act on. `ok: true` verdicts carry a reason too, so that a hop can say why it is legal.
 */
export interface Verdict {
  readonly ok: boolean;
  /** Stable identifier such as `skew.kubelet-too-old`; `ok` verdicts use `….ok`. */
  readonly code: string;
  readonly reason: string;
}

export function pass(code: string, reason: string): Verdict {
  return { ok: true, code, reason };
}

export function fail(code: string, reason: string): Verdict {
  return { ok: false, code, reason };
}
