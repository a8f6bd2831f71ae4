import { type Result, err, ok, errorMessage } from '../common/result';
import { type CatalogData, type Unparsed, assembleCatalog } from '../core/releases';
import type { DirectoryReader } from './ports';

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

/**
 * A folder of upstream release-notes files in the k3s docs format (`upgradePlanner.releaseMirror`),
 * so an air-gapped site can drop in a newer `v1.NN.X.md` and plan to its releases. Its `asOf` is its
 * newest release date: a mirror newer than the bundled catalog wins for the releases both know.
 */
export class MirrorFolderSource {
  constructor(
    private readonly fs: DirectoryReader,
    private readonly folder: string,
    private readonly join: (folder: string, name: string) => string = (f, n) => `${f.replace(/[\\/]+$/, '')}/${n}`,
  ) {}

  async load(): Promise<Result<MirrorLoad>> {
    let names: string[];
    try {
      names = await this.fs.readDirectory(this.folder);
    } catch (e) {
      return err(`cannot read the release mirror folder ${this.folder}: ${errorMessage(e)}`);
    }
    const files = names.filter((n) => MIRROR_FILE_RE.test(n)).sort();
    const texts: { name: string; text: string }[] = [];
    const failures: { file: string; reason: string }[] = [];
    for (const name of files) {
      try {
        texts.push({ name, text: await this.fs.readFile(this.join(this.folder, name)) });
      } catch (e) {
        failures.push({ file: name, reason: errorMessage(e) });
      }
    }
    const data = assembleCatalog({ k3sNotes: texts });
    const tagged: CatalogData = { ...data, k3s: data.k3s.map((r) => ({ ...r, origin: 'mirror' })) };
    return ok({ data: tagged, files: texts.map((t) => t.name), failures, unparsed: data.unparsed });
  }
}
