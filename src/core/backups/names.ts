/**
 * Names made from untrusted text (plan names, context names, object names read from a cluster): object
 * names that the API server accepts, and file names that cannot leave the folder they are written to.
 */

/** `[a-z0-9-]`, starting and ending alphanumeric, at most `max` (≤ 63) characters; `fallback` when nothing is left. */
export function toDnsLabel(text: string, max = 63, fallback = 'backup'): string {
  const cut = (s: string): string => s.slice(0, max).replace(/-+$/, '');
  const label = cut(text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+/, ''));
  return label || cut(fallback);
}

/** `20261127-161200` (UTC) from an ISO 8601 time: sorts by time, fits in names. */
export function timestampSlug(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})/.exec(iso);
  if (!m) return '00000000-000000';
  return `${m[1]}${m[2]}${m[3]}-${m[4]}${m[5]}${m[6]}`;
}

/** Longest file or folder name written (most file systems allow 255 bytes). */
export const MAX_FILE_NAME = 100;

const SAFE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * A file or folder name for `name`: letters, digits, `.`, `_` and `-` only, never starting with a dot
 * (so never `.` or `..`), at most `max` characters. A name that had to change ends with a short hash of
 * the original, so two different names never land in the same file.
 */
export function safeFileName(name: string, max = MAX_FILE_NAME): string {
  if (name.length <= max && SAFE.test(name)) return name;
  const tag = `-${fnv1a(name)}`;
  const base = name.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^[._-]+/, '').slice(0, max - tag.length);
  return `${base || 'x'}${tag}`;
}

/** Whether `path` is a relative path of safe names joined by `/` (what the export writes and SHA256SUMS lists). */
export function isSafeRelativePath(path: string): boolean {
  const parts = path.split('/');
  return parts.length > 0 && parts.every((p) => p.length > 0 && p.length <= MAX_FILE_NAME && SAFE.test(p));
}

/** FNV-1a, 32 bits, as 8 hex digits: a short tag, not a checksum. */
function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
