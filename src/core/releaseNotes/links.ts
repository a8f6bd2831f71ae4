import type { DiffComponent, ReleaseCatalog } from '../releases';
import type { ReleaseSource } from './model';

/** Hosts whose pages the Release Notes view may open (release notes link mostly to these). */
export const ALLOWED_LINK_HOSTS: readonly string[] = ['github.com', 'kubernetes.io', 'rook.io', 'docs.ceph.com', 'etcd.io'];
const MAX_URL_CHARS = 2048;

/**
 * The URL to open for a link of the page, or undefined: only `https:` on an allowed host or one of
 * its subdomains (`www.kubernetes.io`), no credentials, no other port. Release notes are untrusted.
 */
export function allowedLink(url: unknown): string | undefined {
  if (typeof url !== 'string' || url.length > MAX_URL_CHARS) return undefined;
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  if (u.protocol !== 'https:' || u.username || u.password || u.port) return undefined;
  const host = u.hostname.toLowerCase();
  return ALLOWED_LINK_HOSTS.some((h) => host === h || host.endsWith(`.${h}`)) ? u.toString() : undefined;
}

/** The upstream page of a release. */
export function releaseUrl(component: DiffComponent, version: string, catalog: ReleaseCatalog): string | undefined {
  const tag = encodeURIComponent(version.trim());
  switch (component) {
    case 'k3s':
      return /\+k3s\d+$/.test(version.trim()) ? `https://github.com/k3s-io/k3s/releases/tag/${tag}` : undefined;
    case 'rook':
      return `https://github.com/rook/rook/releases/tag/${tag}`;
    case 'ceph': {
      const c = catalog.cephReleases().find((r) => r.version === version.trim() || r.versions.includes(version.trim()));
      return `https://docs.ceph.com/en/latest/releases/${c ? `${c.name}/` : ''}`;
    }
    default:
      return undefined;
  }
}

/** The advisory page of a CVE or GHSA id. */
export function securityUrl(id: string): string {
  return id.startsWith('GHSA-') ? `https://github.com/advisories/${encodeURIComponent(id)}` : `https://github.com/advisories?query=${encodeURIComponent(id)}`;
}

/**
 * The source of a release record (K3sRelease.origin: `bundled`, `mirror` or `mirror:<file>`, `online`).
 * The data file itself carries none: loadCatalog tags each layer; untagged is the bundled catalog.
 */
export function sourceOf(origin: string | undefined): ReleaseSource {
  if (origin === 'online') return 'online';
  if (origin?.startsWith('mirror')) return 'mirror';
  return 'bundled';
}
