import { type Result, err, ok } from '../../common/result';
import { type ApiPlanVersions } from './findings';
import { type ApiLifecycleTable, bundledLifecycle, lifecycleOf } from './lifecycle';
import { type ManifestApiFinding, manifestFindings, scanManifests } from './scanManifests';
import { isRecord } from '../../common/guards';

/**
 * Helm 3 release Secrets (`sh.helm.release.v1.<name>.v<revision>`, label `owner=helm`): the Secret's
 * `data.release` is base64 of Helm's own encoding, base64(gzip(release JSON)) (helm pkg/storage/driver/util.go
 * encodeRelease; releases stored before compression lack the gzip header and are read as they are, as Helm does).
 * The byte steps (base64, gunzip) are injected so that the core stays free of node:zlib; every step has a cap,
 * and no message ever quotes the Secret's content.
 */

/** The byte steps, provided by the caller (src/kube/helmCodec.ts in the extension). */
export interface HelmCodec {
  /** Strict standard base64 → bytes; undefined when the text is not base64. */
  fromBase64(text: string): Uint8Array | undefined;
  /** gunzip, refusing output past `maxOutputBytes` (a gzip bomb) with a message. */
  gunzip(bytes: Uint8Array, maxOutputBytes: number): Result<Uint8Array>;
}

export interface HelmReleaseLimits {
  /** `data.release` as the API returns it (characters). A Secret holds at most 1 MB. */
  readonly maxEncodedChars: number;
  /** The release JSON after gunzip: charts compress about tenfold. */
  readonly maxDecompressedBytes: number;
  /** The rendered manifest handed to the scanner. */
  readonly maxManifestChars: number;
}

export const HELM_RELEASE_LIMITS: HelmReleaseLimits = {
  maxEncodedChars: 3 * 1024 * 1024,
  maxDecompressedBytes: 32 * 1024 * 1024,
  maxManifestChars: 8 * 1024 * 1024,
};

/** What a release says about itself (only what the findings need; values and templates are not kept). */
export interface HelmRelease {
  readonly name: string;
  readonly namespace: string;
  readonly revision: number;
  /** deployed, failed, pending-upgrade, … */
  readonly status: string;
  /** `chart-1.2.3`, when the release names its chart. */
  readonly chart: string | undefined;
  readonly manifest: string;
}

const GZIP_MAGIC = [0x1f, 0x8b, 0x08];

/** Secret `data.release` → the release; every failure is one sentence that names no content. */
export function decodeHelmRelease(dataRelease: string, codec: HelmCodec, limits: HelmReleaseLimits = HELM_RELEASE_LIMITS): Result<HelmRelease> {
  if (dataRelease.length > limits.maxEncodedChars) return err(`The release data is larger than ${mb(limits.maxEncodedChars)}; it is not read.`);
  const outer = codec.fromBase64(dataRelease);
  if (!outer) return err('The release data is not base64.');
  const inner = codec.fromBase64(latin1(outer));
  if (!inner) return err('The release data is not Helm\'s base64 encoding.');
  let json = inner;
  if (GZIP_MAGIC.every((b, i) => inner[i] === b)) {
    const unzipped = codec.gunzip(inner, limits.maxDecompressedBytes);
    if (!unzipped.ok) return unzipped;
    json = unzipped.value;
  } else if (inner.length > limits.maxDecompressedBytes) {
    return err(`The release is larger than ${mb(limits.maxDecompressedBytes)}; it is not read.`);
  }
  let text: string;
  let value: unknown;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    return err('The release is not UTF-8 text.');
  }
  try {
    value = JSON.parse(text);
  } catch {
    // The parser's message quotes the text: never shown.
    return err('The release is not valid JSON.');
  }
  return releaseOf(value, limits);
}

function releaseOf(value: unknown, limits: HelmReleaseLimits): Result<HelmRelease> {
  if (!isRecord(value)) return err('The release is not a JSON object.');
  const { name, namespace, version, manifest } = value;
  if (typeof name !== 'string' || !name) return err('The release has no name.');
  if (typeof version !== 'number' || !Number.isInteger(version)) return err(`Release ${name} has no revision number.`);
  const text = typeof manifest === 'string' ? manifest : '';
  if (text.length > limits.maxManifestChars) return err(`The manifest of release ${name} is larger than ${mb(limits.maxManifestChars)}; it is not read.`);
  const info = isRecord(value.info) ? value.info : {};
  const meta = isRecord(value.chart) && isRecord(value.chart.metadata) ? value.chart.metadata : {};
  const chart = typeof meta.name === 'string' ? (typeof meta.version === 'string' ? `${meta.name}-${meta.version}` : meta.name) : undefined;
  return ok({
    name,
    namespace: typeof namespace === 'string' ? namespace : '',
    revision: version,
    status: typeof info.status === 'string' ? info.status : 'unknown',
    chart,
    manifest: text,
  });
}

/** One removed or deprecated API in a release's manifest, with the template it came from (`# Source:`). */
export interface HelmReleaseFinding extends ManifestApiFinding {
  readonly template: string | undefined;
}

/** The findings of one release's rendered manifest (read as YAML: Helm already rendered it). */
export function helmReleaseFindings(release: HelmRelease, plan: ApiPlanVersions, data: ApiLifecycleTable = bundledLifecycle()): { findings: HelmReleaseFinding[]; problems: string[] } {
  const r = manifestFindings(release.manifest, `helm-release/${release.name}`, plan, data, { maxBytes: HELM_RELEASE_LIMITS.maxManifestChars });
  const template = templateOf(release.manifest);
  return { findings: r.findings.map((f) => ({ ...f, template: template(f.ref.start) })), problems: r.problems };
}

/** An apiVersion/kind of a release's manifest that the lifecycle data lists (deprecated or removed at some minor). */
export interface HelmReleaseApi {
  readonly apiVersion: string;
  readonly kind: string;
  readonly template: string | undefined;
}

/** What a release's manifest uses that is deprecated or removed in some minor (not stable versions), before judging it against a target. */
export function helmReleaseApis(release: HelmRelease, data: ApiLifecycleTable = bundledLifecycle()): { apis: HelmReleaseApi[]; problems: string[] } {
  const scan = scanManifests(release.manifest, `helm-release/${release.name}`, { maxBytes: HELM_RELEASE_LIMITS.maxManifestChars });
  const template = templateOf(release.manifest);
  const apis = scan.refs.filter((r) => { const e = lifecycleOf(r.apiVersion, r.kind, data); return !!e && (e.deprecated !== null || e.removed !== null); }).map((r) => ({ apiVersion: r.apiVersion, kind: r.kind, template: template(r.start) }));
  return { apis, problems: [...scan.problems] };
}

/** The template of an offset, for offsets asked in increasing order: one pass over the `# Source:` lines. */
function templateOf(text: string): (offset: number) => string | undefined {
  const sources = sourceComments(text);
  let i = 0;
  return (offset) => {
    while (i + 1 < sources.length && sources[i + 1].at < offset) i++;
    return sources[i] && sources[i].at < offset ? sources[i].path : undefined;
  };
}

const SOURCE = '# Source: ';
const MAX_SOURCE_PATH = 300;

/** Offsets and paths of Helm's `# Source: <chart>/templates/<file>` lines, in one pass. */
function sourceComments(text: string): { at: number; path: string }[] {
  const out: { at: number; path: string }[] = [];
  for (let at = text.indexOf(SOURCE); at >= 0; at = text.indexOf(SOURCE, at + SOURCE.length)) {
    if (at > 0 && text[at - 1] !== '\n') continue;
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    out.push({ at, path: text.slice(at + SOURCE.length, Math.min(end, at + SOURCE.length + MAX_SOURCE_PATH)).trim() });
  }
  return out;
}

/** Release name and revision from a Secret name `sh.helm.release.v1.<name>.v<revision>`. */
export function helmSecretName(secretName: string): { release: string; revision: number } | undefined {
  const prefix = 'sh.helm.release.v1.';
  if (!secretName.startsWith(prefix)) return undefined;
  const dot = secretName.lastIndexOf('.v');
  if (dot <= prefix.length) return undefined;
  const rev = secretName.slice(dot + 2);
  if (!/^\d{1,9}$/.test(rev)) return undefined;
  return { release: secretName.slice(prefix.length, dot), revision: Number(rev) };
}

/** Bytes of base64 text as a string, one char per byte (base64 is ASCII). */
function latin1(bytes: Uint8Array): string {
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return s;
}

function mb(n: number): string {
  return `${Math.round(n / (1024 * 1024))} MB`;
}

