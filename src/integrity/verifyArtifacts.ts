import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { lstat, readFile, readdir } from 'node:fs/promises';
import * as path from 'node:path';
import { type Result, err, errorMessage, ok } from '../common/result';
import { type ArtifactsReport, MAX_SUMS_CHARS, judgeArtifacts, parseSha256Sums } from '../core/integrity';

/**
 * Reads a folder of K3s release artifacts (binary, air-gap image tarballs) and its `sha256sum-<arch>.txt`,
 * hashes every regular file in it (streamed, symlinks never followed, sub-folders not entered) and judges
 * them (core/integrity). Files up to MAX_ARTIFACT_BYTES; the checksum files themselves are not judged.
 */

/** An air-gap image tarball is about 200 MB; anything far beyond is not an artifact of a release. */
export const MAX_ARTIFACT_BYTES = 4 * 1024 * 1024 * 1024;
const SUMS = /^sha256sum(-[A-Za-z0-9_]+)?\.txt$/;

export interface FolderReport extends ArtifactsReport {
  readonly sumsFiles: readonly string[];
}

async function sha256(file: string, signal?: AbortSignal): Promise<string> {
  const hash = createHash('sha256');
  const stream = createReadStream(file, signal ? { signal } : {});
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export async function verifyArtifactsFolder(folder: string, onFile?: (file: string) => void, signal?: AbortSignal): Promise<Result<FolderReport>> {
  let names: string[];
  try {
    names = (await readdir(folder)).sort();
  } catch (e) {
    return err(`the folder cannot be read: ${errorMessage(e)}`);
  }
  const sumsFiles = names.filter((n) => SUMS.test(n));
  if (!sumsFiles.length) return err('no sha256sum-<arch>.txt in the folder: download it from the release page beside the artifacts');
  let text = '';
  for (const s of sumsFiles) {
    const st = await lstat(path.join(folder, s));
    if (!st.isFile() || st.size > MAX_SUMS_CHARS) return err(`${s} is not a checksum file this tool reads (a regular file under ${MAX_SUMS_CHARS} bytes)`);
    text += `${await readFile(path.join(folder, s), 'utf8')}\n`;
  }
  const sums = parseSha256Sums(text);
  if (!sums.ok) return sums;
  const found: { file: string; sha256: string }[] = [];
  const skipped: string[] = [];
  for (const n of names) {
    if (SUMS.test(n)) continue;
    const full = path.join(folder, n);
    const st = await lstat(full);
    if (!st.isFile()) continue; // a symlink or a folder: not followed
    if (st.size > MAX_ARTIFACT_BYTES) {
      skipped.push(n);
      continue;
    }
    onFile?.(n);
    try {
      found.push({ file: n, sha256: await sha256(full, signal) });
    } catch (e) {
      return err(signal?.aborted ? 'cancelled' : `${n} cannot be read: ${errorMessage(e)}`);
    }
  }
  const report = judgeArtifacts(sums.value, found);
  return ok({ ...report, sumsFiles, summary: `${report.summary}${skipped.length ? `; ${skipped.length} too large to hash: ${skipped.join(', ')}` : ''}` });
}
