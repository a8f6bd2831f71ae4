import { type Result, err, ok } from '../common/result';
import { isRecord } from '../common/guards';
import { DIGEST_PATTERN, type ImageRef, parseImageRef, registryHost } from '../core/images/reference';
import { type BoundedAnswer, fetchBounded, nodeFetch } from '../releases/boundedFetch';
import type { FetchInit, FetchLike, FetchResponse } from '../releases/ports';

/**
 * Resolves an image's tag to its manifest digest through the OCI distribution API, anonymously:
 * `HEAD <registry>/v2/<repository>/manifests/<tag>` accepting an OCI index, a Docker manifest list or a single
 * manifest, and the `Docker-Content-Digest` header of the answer (the digest of what a pull by that tag gets,
 * the multi-architecture index where there is one). A 401 with a `WWW-Authenticate: Bearer realm=…` challenge
 * is followed once: an anonymous pull token from the realm (https only, unless the registry itself is plain
 * http on a loopback address), then the HEAD again. Every exchange goes through fetchBounded (one deadline,
 * a byte cap, no redirect off the host); the token goes only into the Authorization header, never a message.
 * `mirrors` (the upgradePlanner.registryMirrors setting: registry → base URL) sends a registry's reads elsewhere.
 */

/** One exchange, from the request to the last byte. */
export const REGISTRY_DEADLINE_MS = 15_000;
/** A token answer is a few KB; anything larger is refused. */
export const TOKEN_MAX_BYTES = 64 * 1024;
/** A HEAD has no body, but may declare the manifest's length: registries take manifests up to 4 MiB. */
const HEAD_MAX_BYTES = 4 * 1024 * 1024;
const MAX_CHALLENGE_CHARS = 4096;
const MAX_TOKEN_CHARS = 16 * 1024;
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** fetch with the method: HEAD for manifests, GET for tokens. */
export type RegistryFetch = (url: string, init: FetchInit & { readonly method: 'GET' | 'HEAD' }) => Promise<FetchResponse>;

export interface RegistryOptions {
  /** Registry (as images name it: `docker.io`, `quay.io`, `registry.local:5000`) → base URL to read it from instead. */
  readonly mirrors?: Readonly<Record<string, unknown>>;
  /** Node's fetch unless a test passes another. */
  readonly fetch?: RegistryFetch;
  readonly deadlineMs?: number;
  readonly signal?: AbortSignal;
}

/** Where a registry is read: its base URL, and how messages name it (no credentials, no query). */
export function registryBase(host: string, mirrors: RegistryOptions['mirrors']): Result<{ base: string; url: URL }> {
  let configured: unknown;
  for (const [name, url] of Object.entries(isRecord(mirrors) ? mirrors : {})) if (registryHost(name) === host) configured = url;
  if (configured === undefined) return ok({ base: `https://${host}`, url: new URL(`https://${host}`) });
  if (typeof configured !== 'string') return err(`upgradePlanner.registryMirrors: the mirror of ${host} must be a URL string`);
  let u: URL;
  try {
    u = new URL(configured);
  } catch {
    return err(`upgradePlanner.registryMirrors: the mirror of ${host} is not a URL`);
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return err(`upgradePlanner.registryMirrors: the mirror of ${host} must be http:// or https://`);
  if (u.username || u.password || u.search || u.hash) return err(`upgradePlanner.registryMirrors: the mirror of ${host} must be a plain base URL (no credentials, query or fragment)`);
  return ok({ base: `${u.origin}${u.pathname.replace(/\/+$/, '')}`, url: u });
}

/** The `Bearer` challenge of a 401: realm, service and scope; undefined for another scheme or a malformed header. */
export function parseBearerChallenge(header: string | null): { realm: string; service?: string; scope?: string } | undefined {
  if (!header || header.length > MAX_CHALLENGE_CHARS) return undefined;
  const m = /^\s*Bearer\s+/i.exec(header);
  if (!m) return undefined;
  const params: Record<string, string> = {};
  let i = m[0].length;
  while (i < header.length) {
    while (i < header.length && (header[i] === ',' || header[i] === ' ')) i++;
    const eq = header.indexOf('=', i);
    if (eq < 0) break;
    const key = header.slice(i, eq).trim().toLowerCase();
    i = eq + 1;
    let value = '';
    if (header[i] === '"') {
      i++;
      while (i < header.length && header[i] !== '"') {
        if (header[i] === '\\' && i + 1 < header.length) i++;
        value += header[i++];
      }
      i++;
    } else {
      const end = header.indexOf(',', i);
      value = header.slice(i, end < 0 ? header.length : end).trim();
      i = end < 0 ? header.length : end;
    }
    if (key && !(key in params)) params[key] = value;
  }
  if (!params.realm) return undefined;
  return { realm: params.realm, ...(params.service ? { service: params.service } : {}), ...(params.scope ? { scope: params.scope } : {}) };
}

const LOOPBACK = /^(localhost|127(?:\.\d{1,3}){3}|\[::1\])$/;
const isLoopback = (u: URL): boolean => LOOPBACK.test(u.hostname);

/**
 * The digest a pull of `image` (with a tag) gets, `sha256:<64 hex>`; refused with one sentence naming the
 * image and the registry when the registry cannot say.
 */
export async function resolveDigest(image: string, options: RegistryOptions = {}): Promise<Result<string>> {
  const parsed = parseImageRef(image);
  if (!parsed.ok) return parsed;
  const ref: ImageRef = parsed.value;
  if (ref.tag === undefined) return err(`${image} has no tag to resolve`);
  const where = registryBase(ref.host, options.mirrors);
  if (!where.ok) return where;
  const { base, url: baseUrl } = where.value;
  const what = `${image} at ${base}`;
  const fetchImpl = options.fetch ?? nodeFetch;
  const signal = options.signal;
  const limits = (maxBytes: number) => ({ deadlineMs: options.deadlineMs ?? REGISTRY_DEADLINE_MS, maxBytes });
  const bounded = (method: 'GET' | 'HEAD', url: string, headers: Record<string, string>, maxBytes: number): Promise<Result<BoundedAnswer>> => {
    const withMethod: FetchLike = (u, init) => fetchImpl(u, { ...init, method, signal: signal && init.signal ? AbortSignal.any([init.signal, signal]) : (init.signal ?? signal) });
    return fetchBounded(withMethod, url, headers, limits(maxBytes));
  };
  const manifest = `${base}/v2/${ref.repository}/manifests/${encodeURIComponent(ref.tag)}`;
  const head = (auth?: string) => bounded('HEAD', manifest, { Accept: MANIFEST_ACCEPT, ...(auth ? { Authorization: auth } : {}) }, HEAD_MAX_BYTES);

  if (signal?.aborted) return err('cancelled');
  let res = await head();
  if (signal?.aborted) return err('cancelled');
  if (!res.ok) return err(`${what}: ${res.error}`);
  if (res.value.status === 401) {
    const challenge = parseBearerChallenge(res.value.headers.get('www-authenticate'));
    if (!challenge) return err(`${what} asks for credentials (HTTP 401 without a Bearer token challenge): only anonymous pulls are read; use a mirror (upgradePlanner.registryMirrors)`);
    const token = await anonymousToken(challenge, ref, baseUrl, (url) => bounded('GET', url, { Accept: 'application/json' }, TOKEN_MAX_BYTES));
    if (signal?.aborted) return err('cancelled');
    if (!token.ok) return err(`${what}: ${token.error}`);
    res = await head(`Bearer ${token.value}`);
    if (signal?.aborted) return err('cancelled');
    if (!res.ok) return err(`${what}: ${res.error}`);
  }
  const status = res.value.status;
  if (status === 401 || status === 403) return err(`${what} refused an anonymous pull (HTTP ${status}): a private image needs a mirror that allows it (upgradePlanner.registryMirrors)`);
  if (status === 404) return err(`${what}: no such image or tag (HTTP 404)`);
  if (status === 429) return err(`${what}: the registry limits the rate of requests (HTTP 429); try again later or use a mirror`);
  if (status !== 200) return err(`${what} answered HTTP ${status}`);
  const digest = (res.value.headers.get('docker-content-digest') ?? '').trim();
  if (!digest) return err(`${what} answered without a Docker-Content-Digest header`);
  if (!DIGEST_PATTERN.test(digest)) return err(`${what} answered a digest that is not sha256:<64 lower-case hex digits> (${JSON.stringify(digest.slice(0, 80))})`);
  return ok(digest);
}

/** An anonymous pull token from the challenge's realm (https, or http on loopback for a plain-http loopback registry). */
async function anonymousToken(challenge: { realm: string; service?: string; scope?: string }, ref: ImageRef, registry: URL, get: (url: string) => Promise<Result<BoundedAnswer>>): Promise<Result<string>> {
  let realm: URL;
  try {
    realm = new URL(challenge.realm);
  } catch {
    return err('the token challenge names a realm that is not a URL');
  }
  const plainLoopback = registry.protocol === 'http:' && isLoopback(registry) && realm.protocol === 'http:' && isLoopback(realm);
  if (realm.protocol !== 'https:' && !plainLoopback) return err(`the token realm ${realm.origin} is not https; not followed`);
  if (realm.username || realm.password) return err('the token realm carries credentials; not followed');
  if (challenge.service) realm.searchParams.set('service', challenge.service);
  realm.searchParams.set('scope', challenge.scope ?? `repository:${ref.repository}:pull`);
  const res = await get(realm.href);
  const shown = `the token service ${realm.origin}${realm.pathname}`;
  if (!res.ok) return err(res.error.replaceAll(realm.href, shown));
  if (res.value.status !== 200) return err(`${shown} answered HTTP ${res.value.status}`);
  let body: unknown;
  try {
    body = JSON.parse(res.value.text);
  } catch {
    return err(`${shown} answered something that is not JSON`);
  }
  const token = isRecord(body) ? (typeof body.token === 'string' && body.token ? body.token : body.access_token) : undefined;
  if (typeof token !== 'string' || !token) return err(`${shown} answered without a token`);
  if (token.length > MAX_TOKEN_CHARS || !/^[\x21-\x7e]+$/.test(token)) return err(`${shown} answered a token that cannot be sent (too long or not printable ASCII)`);
  return ok(token);
}
