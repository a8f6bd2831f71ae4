export type { FileReader, DirectoryReader, EntryInfo, KeyValueStore, FetchLike, FetchInit, FetchResponse } from './ports';
export { BundledCatalogSource } from './bundledSource';
export { MirrorFolderSource, MIRROR_FILE_RE, MIRROR_MAX_FILE_BYTES, type MirrorLoad } from './mirrorSource';
export { OnlineReleaseSource, ONLINE_CACHE_KEY, type OnlineSourceOptions, type RefreshOutcome } from './onlineSource';
export { asGithubReleases, k3sFromGithub, rookFromGithub, capK3sPage, capRookPage, STORED_LIMITS, type GithubRelease } from './githubReleases';
export { fetchBounded, type FetchLimits } from './boundedFetch';
export { nodeDirectoryReader } from './nodeDirectoryReader';
export { loadReleaseCatalog, type CatalogSources } from './loadCatalog';
