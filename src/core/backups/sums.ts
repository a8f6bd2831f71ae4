import { type Result, err, ok } from '../../common/result';
import { isSafeRelativePath } from './names';

/**
 * `SHA256SUMS` in the format `sha256sum` writes and `sha256sum -c` reads: one line per file,
 * `<64 lowercase hex>  <relative path>`, text mode (two spaces), sorted by path, LF line ends. The
 * export only writes safe names (names.ts), so no line needs sha256sum's backslash escaping; a file
 * that needs it is refused when read.
 */

export const SUMS_FILE = 'SHA256SUMS';

export interface SumEntry {
  readonly path: string;
  /** 64 lowercase hex digits. */
  readonly sha256: string;
}

const HEX64 = /^[0-9a-f]{64}$/;

export function formatSha256Sums(entries: readonly SumEntry[]): string {
  return [...entries]
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map((e) => `${e.sha256}  ${e.path}\n`)
    .join('');
}

/** The entries of a SHA256SUMS file; fails naming the first line that is not `<hex>  <safe path>` or repeats a path. */
export function parseSha256Sums(text: string): Result<SumEntry[], string> {
  const out: SumEntry[] = [];
  const seen = new Set<string>();
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (let i = 0; i < lines.length; i++) {
    const m = /^([0-9a-fA-F]{64}) [ *](.+)$/.exec(lines[i]);
    if (!m) return err(`${SUMS_FILE} line ${i + 1} is not "<sha256>  <file>"`);
    const path = m[2];
    if (!isSafeRelativePath(path)) return err(`${SUMS_FILE} line ${i + 1} names a file outside the export or with unsafe characters`);
    if (seen.has(path)) return err(`${SUMS_FILE} lists ${path} twice`);
    seen.add(path);
    out.push({ path, sha256: m[1].toLowerCase() });
  }
  return ok(out);
}

export type FileCheck = { readonly path: string; readonly state: 'ok' } | { readonly path: string; readonly state: 'mismatch' | 'missing' | 'unreadable'; readonly detail: string };

/** Compares what SHA256SUMS says with what was read back: each file ok, changed, missing or unreadable. */
export function checkSums(expected: readonly SumEntry[], actual: ReadonlyMap<string, Result<string, string>>): FileCheck[] {
  return expected.map((e): FileCheck => {
    const got = actual.get(e.path);
    if (!got) return { path: e.path, state: 'missing', detail: 'not read' };
    if (!got.ok) return { path: e.path, state: /ENOENT|no such file/i.test(got.error) ? 'missing' : 'unreadable', detail: got.error };
    if (!HEX64.test(got.value)) return { path: e.path, state: 'unreadable', detail: 'no digest' };
    return got.value === e.sha256 ? { path: e.path, state: 'ok' } : { path: e.path, state: 'mismatch', detail: `sha256 ${got.value}, expected ${e.sha256}` };
  });
}
