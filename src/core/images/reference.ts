import { type Result, err, ok } from '../../common/result';

/**
 * Container image references (`[host[:port]/]path[:tag][@sha256:…]`) as the distribution spec and Docker read
 * them: the first path segment is a registry host when it has a dot or a port or is `localhost`; else the image
 * is on Docker Hub, whose API host is registry-1.docker.io and whose single names live under `library/`. Parsed
 * by splitting and per-segment checks (no backtracking pattern), after a length cap: references come from plan
 * files and cluster objects.
 */

/** Longest reference read (a repository name may be 255 characters; with host, tag and digest this is ample). */
export const MAX_IMAGE_REF_CHARS = 512;
/** Docker Hub as image references name it, and the host its registry API answers on. */
export const DOCKER_HUB = 'docker.io';
export const DOCKER_HUB_API_HOST = 'registry-1.docker.io';
/** The only digests this extension pins with. */
export const DIGEST_PATTERN = /^sha256:[0-9a-f]{64}$/;

const HUB_ALIASES = new Set([DOCKER_HUB, 'index.docker.io', DOCKER_HUB_API_HOST]);
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const HOST = /^[A-Za-z0-9.-]+(?::[0-9]{1,5})?$/;

export interface ImageRef {
  /** The host (and port) of the registry API: `registry-1.docker.io` for Docker Hub. */
  readonly host: string;
  /** The repository under the host: `rancher/k3s-upgrade`, `library/busybox`. */
  readonly repository: string;
  readonly tag: string | undefined;
  /** `sha256:<64 hex>`. */
  readonly digest: string | undefined;
}

/** A registry name as the API host: Docker Hub's names all become registry-1.docker.io; others lower-cased. */
export function registryHost(name: string): string {
  const h = name.trim().toLowerCase();
  return HUB_ALIASES.has(h) ? DOCKER_HUB_API_HOST : h;
}

/** Parses an image reference; refused (with the reason) when it is not one. */
export function parseImageRef(text: unknown): Result<ImageRef> {
  if (typeof text !== 'string' || !text) return err('an image reference must be a non-empty string');
  if (text.length > MAX_IMAGE_REF_CHARS) return err(`an image reference is longer than ${MAX_IMAGE_REF_CHARS} characters`);
  const shown = JSON.stringify(text.slice(0, 80));
  let rest = text;
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST_PATTERN.test(digest)) return err(`${shown}: the digest must be sha256:<64 lower-case hex digits>`);
  }
  let tag: string | undefined;
  const colon = rest.indexOf(':', rest.lastIndexOf('/') + 1);
  if (colon >= 0) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return err(`${shown}: "${tag.slice(0, 40)}" is not a tag (letters, digits, _ . -, at most 128)`);
  }
  const parts = rest.split('/');
  let host = DOCKER_HUB_API_HOST;
  const first = parts[0];
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    if (!HOST.test(first) || first.startsWith('.') || first.startsWith('-') || first.endsWith('.')) return err(`${shown}: "${first.slice(0, 40)}" is not a registry host`);
    host = registryHost(first);
    parts.shift();
  }
  if (!parts.length || parts.some((p) => !PATH_COMPONENT.test(p))) return err(`${shown}: the repository must be lower-case path segments (a-z, 0-9, separated by . _ __ or -)`);
  if (host === DOCKER_HUB_API_HOST && parts.length === 1) parts.unshift('library');
  const repository = parts.join('/');
  if (repository.length > 255) return err(`${shown}: the repository name is longer than 255 characters`);
  return ok({ host, repository, tag, digest });
}

/** `host/repository[:tag]`, Docker Hub named docker.io: two references are the same image when these are equal. */
export function canonicalName(r: Pick<ImageRef, 'host' | 'repository' | 'tag'>): string {
  return `${r.host === DOCKER_HUB_API_HOST ? DOCKER_HUB : r.host}/${r.repository}${r.tag !== undefined ? `:${r.tag}` : ''}`;
}

/** The reference without its digest (`repo:tag@sha256:…` → `repo:tag`), as written otherwise. */
export function withoutDigest(ref: string): string {
  const at = ref.indexOf('@');
  return at >= 0 ? ref.slice(0, at) : ref;
}
