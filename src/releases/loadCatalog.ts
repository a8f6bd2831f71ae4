import { type CatalogData, type CatalogLayer, ReleaseCatalog, mergeCatalogData } from '../core/releases';
import type { BundledCatalogSource } from './bundledSource';
import type { MirrorFolderSource } from './mirrorSource';
import type { OnlineReleaseSource } from './onlineSource';

export interface CatalogSources {
  readonly bundled: BundledCatalogSource;
  /** Present when `upgradePlanner.releaseMirror` names a folder. */
  readonly mirror?: MirrorFolderSource;
  readonly online?: OnlineReleaseSource;
}

/**
 * Merges what the sources have now (never waits for the network: the online source contributes its
 * cached data) into one catalog. Problems are returned for the log, not thrown: a broken mirror
 * still leaves the bundled catalog.
 */
export async function loadReleaseCatalog(sources: CatalogSources): Promise<{ catalog: ReleaseCatalog; problems: string[] }> {
  const problems: string[] = [];
  const layers: CatalogLayer[] = [];
  const bundled = await sources.bundled.load();
  if (bundled.ok) layers.push({ data: bundled.value, origin: 'bundled' });
  else problems.push(bundled.error);
  if (sources.mirror) {
    const mirror = await sources.mirror.load();
    if (mirror.ok) {
      layers.push({ data: mirror.value.data, origin: 'mirror' });
      for (const f of mirror.value.failures) problems.push(`release mirror: cannot read ${f.file}: ${f.reason}`);
    } else {
      problems.push(mirror.error);
    }
  }
  const online: CatalogData | undefined = sources.online?.cached();
  if (online) layers.push({ data: online, origin: 'online' });
  return { catalog: ReleaseCatalog.fromData(mergeCatalogData(layers)), problems };
}
