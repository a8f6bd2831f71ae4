import { constants } from 'node:fs';
import { mkdir, open, writeFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { type Result, err, errorMessage, ok } from '../common/result';
import type { ExportFiles } from '../core/backups/manifestExport';
import { isSafeRelativePath } from '../core/backups/names';

/**
 * The manifest export's files on disk, rooted at one folder (the plan's `backups.manifestExport.path`,
 * resolved by the caller). Every path is relative and made of safe names (names.ts), and must resolve
 * inside the root, or nothing is touched. Files are created, never overwritten (`wx`: an existing file
 * or a planted symlink fails the write), with the mode asked (0600 for Secrets).
 */
export function nodeExportFiles(root: string): ExportFiles {
  const base = resolve(root);
  const inside = (path: string): Result<string, string> => {
    if (!isSafeRelativePath(path)) return err(`refused path "${path.slice(0, 120)}": not a relative path of safe names`);
    const full = resolve(base, ...path.split('/'));
    if (!full.startsWith(base + sep)) return err(`refused path "${path.slice(0, 120)}": outside ${base}`);
    return ok(full);
  };
  return {
    async mkdir(path) {
      const p = inside(path);
      if (!p.ok) return p;
      try {
        await mkdir(p.value, { recursive: true, mode: 0o755 });
        return ok(undefined);
      } catch (e) {
        return err(errorMessage(e));
      }
    },
    async writeFile(path, data, mode) {
      const p = inside(path);
      if (!p.ok) return p;
      try {
        await writeFile(p.value, data, { mode, flag: 'wx' });
        return ok(undefined);
      } catch (e) {
        return err(errorMessage(e));
      }
    },
    async readFile(path, maxBytes) {
      const p = inside(path);
      if (!p.ok) return p;
      let fh;
      try {
        fh = await open(p.value, constants.O_RDONLY | constants.O_NOFOLLOW);
        const size = (await fh.stat()).size;
        if (size > maxBytes) return err(`${path} is ${size} bytes, over the ${maxBytes}-byte cap`);
        const buf = Buffer.alloc(size);
        let read = 0;
        while (read < size) {
          const { bytesRead } = await fh.read(buf, read, size - read, read);
          if (bytesRead === 0) break;
          read += bytesRead;
        }
        return ok(buf.subarray(0, read));
      } catch (e) {
        return err(errorMessage(e));
      } finally {
        await fh?.close();
      }
    },
  };
}
