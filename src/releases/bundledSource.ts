import { type Result, err, errorMessage } from '../common/result';
import { type CatalogData, validateCatalogData } from '../core/releases';
import type { FileReader } from './ports';

/** The catalog generated at build time (`data/catalog.json`), read once and kept. */
export class BundledCatalogSource {
  private loaded: Promise<Result<CatalogData>> | undefined;

  constructor(private readonly fs: FileReader, private readonly path: string) {}

  load(): Promise<Result<CatalogData>> {
    this.loaded ??= this.read();
    return this.loaded;
  }

  private async read(): Promise<Result<CatalogData>> {
    let text: string;
    try {
      text = await this.fs.readFile(this.path);
    } catch (e) {
      return err(`cannot read the bundled release catalog ${this.path}: ${errorMessage(e)}`);
    }
    try {
      return validateCatalogData(JSON.parse(text) as unknown);
    } catch (e) {
      return err(`the bundled release catalog ${this.path} is not valid JSON: ${errorMessage(e)}`);
    }
  }
}
