import { type Result, err, ok } from '../../common/result';

/**
 * K3s release artifacts checked against the release's own `sha256sum-<arch>.txt` (the file GitHub releases
 * of k3s-io/k3s publish beside the binaries and air-gap image tarballs): `<64 hex>  <file name>` per line,
 * as `sha256sum` writes it (a `*` before the name in binary mode). Linear in the text, size-capped; a
 * name is a bare file name (no folder, no `..`), anything else is refused as a line of the file.
 */

export const MAX_SUMS_CHARS = 1024 * 1024;
const LINE = /^([0-9a-fA-F]{64}) [ *]([^/\\\0]{1,255})$/;

export interface SumsFile {
  /** File name → lower-case hex digest. */
  readonly sums: ReadonlyMap<string, string>;
  /** Lines that are not `<digest>  <name>` (1-based numbers), for the report. */
  readonly badLines: readonly number[];
}

export function parseSha256Sums(text: string): Result<SumsFile> {
  if (text.length > MAX_SUMS_CHARS) return err(`the checksum file is over ${MAX_SUMS_CHARS} characters`);
  const sums = new Map<string, string>();
  const badLines: number[] = [];
  const lines = text.split('\n');
  for (const [i, raw] of lines.entries()) {
    const line = raw.replace(/\r$/, '');
    if (!line.trim()) continue;
    const m = LINE.exec(line);
    if (!m || m[2] === '.' || m[2] === '..') {
      badLines.push(i + 1);
      continue;
    }
    sums.set(m[2], m[1].toLowerCase());
  }
  if (!sums.size) return err('no "<sha256>  <file>" line in the checksum file');
  return ok({ sums, badLines });
}

export type ArtifactStatus = 'verified' | 'mismatch' | 'not-listed';

export interface ArtifactVerdict {
  readonly file: string;
  readonly status: ArtifactStatus;
  readonly expected?: string;
  readonly actual: string;
}

export interface ArtifactsReport {
  readonly verdicts: readonly ArtifactVerdict[];
  /** Listed in the checksum file, not in the folder (normal: a folder holds the artifacts of one arch or kind). */
  readonly absent: readonly string[];
  /** Every file present and listed matched, and at least one did. */
  readonly ok: boolean;
  readonly summary: string;
}

/** Judges the files found (name and sha256) against the sums. */
export function judgeArtifacts(sums: SumsFile, found: readonly { readonly file: string; readonly sha256: string }[]): ArtifactsReport {
  const verdicts = found.map((f): ArtifactVerdict => {
    const expected = sums.sums.get(f.file);
    if (!expected) return { file: f.file, status: 'not-listed', actual: f.sha256 };
    return { file: f.file, status: expected === f.sha256.toLowerCase() ? 'verified' : 'mismatch', expected, actual: f.sha256 };
  });
  const names = new Set(found.map((f) => f.file));
  const absent = [...sums.sums.keys()].filter((n) => !names.has(n));
  const verified = verdicts.filter((v) => v.status === 'verified');
  const mismatched = verdicts.filter((v) => v.status === 'mismatch');
  const unlisted = verdicts.filter((v) => v.status === 'not-listed');
  const ok = mismatched.length === 0 && verified.length > 0;
  const parts = [
    `${verified.length} verified${verified.length ? ` (${verified.map((v) => v.file).join(', ')})` : ''}`,
    ...(mismatched.length ? [`${mismatched.length} NOT matching their checksum: ${mismatched.map((v) => v.file).join(', ')}`] : []),
    ...(unlisted.length ? [`${unlisted.length} not listed: ${unlisted.map((v) => v.file).join(', ')}`] : []),
    ...(sums.badLines.length ? [`${sums.badLines.length} unreadable line(s) in the checksum file`] : []),
  ];
  return { verdicts, absent, ok, summary: parts.join('; ') };
}
