import { type Result, err, ok, errorMessage } from '../common/result';
import { type CatalogData, type Unparsed, assembleCatalog } from '../core/releases';
import type { DirectoryReader, EntryInfo } from './ports';

export interface MirrorLoad {
  readonly data: CatalogData;
  /** Release-notes files read (names). */
  readonly files: readonly string[];
  /** Files that could not be read, with the reason. */
  readonly failures: readonly { file: string; reason: string }[];
  readonly unparsed: readonly Unparsed[];
}

/** `v1.36.X.md` — the k3s docs file name of a minor's release notes. */
export const MIRROR_FILE_RE = /^v\d+\.\d+\.X\.md$/i;

/** The largest mirror file read: a real `v1.NN.X.md` is under 70 kB. */
export const MIRROR_MAX_FILE_BYTES = 2 * 1024 * 1024;

/** `/a/b//` → `/a/b`, by a scan (a pattern like `/[\\/]+$/` is quadratic on a long run of separators). */
function trimSeparators(p: string): string {
  let end = p.length;
  while (end > 1 && (p[end - 1] === '/' || p[end - 1] === '\\')) end--;
  return p.slice(0, end);
}

/** Whether `path` lies strictly inside `folder` (both real paths). */
function isInside(folder: string, path: string): boolean {
  const base = trimSeparators(folder);
  const sep = path.charAt(base.length);
  return path.length > base.length + 1 && path.startsWith(base) && (sep === '/' || sep === '\\');
}

function describe(type: EntryInfo['type']): string {
  switch (type) {
    case 'directory':
      return 'a folder';
    case 'symlink':
      return 'a symlink to a symlink';
    case 'other':
      return 'a FIFO, socket or device';
    default:
      return 'a regular file';
  }
}

/**
 * A folder of upstream release-notes files in the k3s docs format (`upgradePlanner.releaseMirror`),
 * so an air-gapped site can drop in a newer `v1.NN.X.md` and plan to its releases. Its `asOf` is its
 * newest release date: a mirror newer than the bundled catalog wins for the releases both know.
 * The folder is workspace-controlled input: only regular files whose real path is inside the folder
 * and of at most MIRROR_MAX_FILE_BYTES are read (a symlink inside the folder to such a file is fine);
 * FIFOs, devices, symlinks out of the folder and huge files are failures with their reason.
 */
export class MirrorFolderSource {
  constructor(
    private readonly fs: DirectoryReader,
    private readonly folder: string,
    private readonly join: (folder: string, name: string) => string = (f, n) => `${trimSeparators(f)}/${n}`,
  ) {}

  async load(): Promise<Result<MirrorLoad>> {
    let names: string[];
    let realFolder: string;
    try {
      names = await this.fs.readDirectory(this.folder);
      realFolder = await this.fs.realPath(this.folder);
    } catch (e) {
      return err(`cannot read the release mirror folder ${this.folder}: ${errorMessage(e)}`);
    }
    const files = names.filter((n) => MIRROR_FILE_RE.test(n)).sort();
    const texts: { name: string; text: string }[] = [];
    const failures: { file: string; reason: string }[] = [];
    for (const name of files) {
      const r = await this.readOne(name, realFolder);
      if (r.ok) texts.push({ name, text: r.value });
      else failures.push({ file: name, reason: r.error });
    }
    const data = assembleCatalog({ k3sNotes: texts });
    const tagged: CatalogData = { ...data, k3s: data.k3s.map((r) => ({ ...r, origin: 'mirror' })) };
    return ok({ data: tagged, files: texts.map((t) => t.name), failures, unparsed: data.unparsed });
  }

  private async readOne(name: string, realFolder: string): Promise<Result<string>> {
    const path = this.join(this.folder, name);
    try {
      let info = await this.fs.entryInfo(path);
      const real = await this.fs.realPath(path);
      if (!isInside(realFolder, real)) return err(`it is a symlink to ${real}, outside the mirror folder; not read`);
      if (info.type === 'symlink') info = await this.fs.entryInfo(real);
      if (info.type !== 'file') return err(`it is ${describe(info.type)}, not a regular file; not read`);
      if (info.size > MIRROR_MAX_FILE_BYTES) {
        return err(`it has ${info.size} bytes, more than the ${MIRROR_MAX_FILE_BYTES} a release-notes file may have; not read`);
      }
      return ok(await this.fs.readRegularFile(real, MIRROR_MAX_FILE_BYTES));
    } catch (e) {
      return err(errorMessage(e));
    }
  }
}
