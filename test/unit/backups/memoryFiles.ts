import { err, ok } from '../../../src/common/result';
import type { ExportFiles } from '../../../src/core/backups/manifestExport';

/** ExportFiles in memory: paths → bytes and mode; folders recorded. */
export class MemoryFiles implements ExportFiles {
  readonly files = new Map<string, { data: Uint8Array; mode: number }>();
  readonly dirs = new Set<string>();
  mkdir(path: string) {
    this.dirs.add(path);
    return Promise.resolve(ok(undefined));
  }
  writeFile(path: string, data: string, mode: number) {
    if (this.files.has(path)) return Promise.resolve(err(`EEXIST: ${path}`));
    this.files.set(path, { data: Buffer.from(data, 'utf8'), mode });
    return Promise.resolve(ok(undefined));
  }
  readFile(path: string, maxBytes: number) {
    const f = this.files.get(path);
    if (!f) return Promise.resolve(err(`ENOENT: no such file or directory, open '${path}'`));
    if (f.data.length > maxBytes) return Promise.resolve(err(`${path} is over the cap`));
    return Promise.resolve(ok(f.data));
  }
  text(path: string): string {
    return Buffer.from(this.files.get(path)?.data ?? []).toString('utf8');
  }
}
