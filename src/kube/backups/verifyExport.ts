import { createHash } from 'node:crypto';
import { type Result, err, ok } from '../../common/result';
import { type ExportFiles, MAX_EXPORT_FILE_BYTES, MAX_SUMS_BYTES } from '../../core/backups/manifestExport';
import { isSafeRelativePath } from '../../core/backups/names';
import { failed, verified } from '../../core/backups/result';
import { SUMS_FILE, checkSums, parseSha256Sums } from '../../core/backups/sums';
import type { BackupResult } from '../../core/backups/types';
import { nameList } from '../../core/preflight/result';

export interface VerifyOptions {
  /** The SHA256SUMS digest the run recorded: a SHA256SUMS edited to match edited files is caught too. */
  readonly expectedSumsSha256?: string;
  readonly now?: () => Date;
}

/**
 * Re-reads an export (`folder` relative to the root of `files`): SHA256SUMS, then every file it
 * lists, each under a size cap, and compares the sums. A changed, missing or unreadable file fails the
 * result, named; so does a SHA256SUMS that is not the one recorded.
 */
export async function verifyManifestExport(files: ExportFiles, folder: string, o: VerifyOptions = {}): Promise<BackupResult> {
  const now = o.now ?? (() => new Date());
  const startedAt = now().toISOString();
  const base = { startedAt, objects: [{ kind: 'Folder', name: folder }] };
  const fail = (reason: string, evidence: Record<string, string | number | readonly string[]> = {}, fixHint?: string): BackupResult =>
    failed('manifest-export', reason, { ...base, finishedAt: now().toISOString(), evidence: { folder, ...evidence }, fixHint: fixHint ?? 'Export the manifests again; do not edit an export after it is written.' });
  if (!isSafeRelativePath(folder)) return fail(`"${folder.slice(0, 80)}" is not a folder inside the export root`);
  const sumsBytes = await files.readFile(`${folder}/${SUMS_FILE}`, MAX_SUMS_BYTES);
  if (!sumsBytes.ok) return fail(`${SUMS_FILE} could not be read: ${sumsBytes.error}`);
  const sumsSha256 = sha256(sumsBytes.value);
  if (o.expectedSumsSha256 && sumsSha256 !== o.expectedSumsSha256) {
    return fail(`${SUMS_FILE} is not the one written (sha256 ${sumsSha256}, recorded ${o.expectedSumsSha256})`, { sumsSha256 });
  }
  const parsed = parseSha256Sums(Buffer.from(sumsBytes.value).toString('utf8'));
  if (!parsed.ok) return fail(parsed.error, { sumsSha256 });
  const digests = new Map<string, Result<string, string>>();
  for (const e of parsed.value) {
    const data = await files.readFile(`${folder}/${e.path}`, MAX_EXPORT_FILE_BYTES);
    digests.set(e.path, data.ok ? ok(sha256(data.value)) : err(data.error));
  }
  const checks = checkSums(parsed.value, digests);
  const bad = checks.filter((c) => c.state !== 'ok');
  const evidence = { files: parsed.value.length, sumsSha256 };
  if (bad.length) {
    const names = bad.map((c) => `${c.path} (${c.state === 'mismatch' ? 'changed' : c.state})`);
    return fail(`${bad.length} of ${checks.length} files do not match ${SUMS_FILE}: ${nameList(names, 3)}`, { ...evidence, badFiles: bad.slice(0, 50).map((c) => c.path) });
  }
  return verified('manifest-export', `${checks.length} files written to ${folder} and verified against ${SUMS_FILE}`, { ...base, finishedAt: now().toISOString(), evidence: { folder, ...evidence } });
}

function sha256(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
