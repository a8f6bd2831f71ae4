export type { FileReader, DirectoryReader, KeyValueStore, FetchLike, FetchResponse } from './ports';
export { BundledCatalogSource } from './bundledSource';
export { MirrorFolderSource, MIRROR_FILE_RE, type MirrorLoad } from './mirrorSource';
export { OnlineReleaseSource, ONLINE_CACHE_KEY, type OnlineSourceOptions, type RefreshOutcome } from './onlineSource';
export { asGithubReleases, k3sFromGithub, rookFromGithub, type GithubRelease } from './githubReleases';
export { loadReleaseCatalog, type CatalogSources } from './loadCatalog';
