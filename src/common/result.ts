/** Expected failures are values, not thrown strings (see shared/STYLE.md, "Adapters at the edges"). */
export type Result<T, E = string> = { ok: true; value: T } | { ok: false; error: E };

export function ok<T>(value: T): { ok: true; value: T } {
  return { ok: true, value };
}

export function err<E>(error: E): { ok: false; error: E } {
  return { ok: false, error };
}

export function errorMessage(e: unknown): string {
  if (e instanceof Error) {
    return e.message;
  }
  return typeof e === 'string' ? e : JSON.stringify(e);
}
