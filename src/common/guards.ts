/** A plain object (not null, not an array): the first check on any untrusted JSON or YAML value. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
