import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReleaseCatalog, validateCatalogData } from '../../../src/core/releases';

/** The release catalog the extension ships (data/catalog.json). */
export const CATALOG = ((): ReleaseCatalog => {
  const data = validateCatalogData(JSON.parse(readFileSync(join(__dirname, '../../../data/catalog.json'), 'utf8')) as unknown);
  if (!data.ok) throw new Error(data.error);
  return ReleaseCatalog.fromData(data.value);
})();
