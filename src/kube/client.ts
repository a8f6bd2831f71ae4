import { type Result, ok, err, errorMessage } from '../common/result';
import { type ApiError, parseForbiddenMessage } from '../core/cluster/errors';
import type { KubeList, WatchEvent } from '../core/cluster/apiObjects';
import { type ResourceRef, collectionPath, refProblem, withQuery } from './resourcePaths';
import { LIST_LIMITS, LimitError, type ListLimits, WATCH_TIMEOUT_S, formatBytes } from './limits';

export { WATCH_TIMEOUT_S } from './limits';
export { type ResourceRef, collectionPath, isDnsLabel, isDnsSubdomain, refProblem } from './resourcePaths';

/**
 * One HTTP answer; the transport throws only when there is no (complete) answer: network, abort,
 * or a LimitError (deadline passed, body or watch line over its cap).
 */
export interface HttpResponse {
  readonly status: number;
  readonly body: string;
}

/**
 * The wire, behind a small interface so that the client can be driven by fakes in unit tests and
 * counted in the bench. The real one (transport.ts) gets TLS and credentials from @kubernetes/client-node.
 */
export interface Transport {
  /** `limits.maxBytes` caps this answer's body (the transport has its own default cap). */
  get(path: string, signal?: AbortSignal, limits?: RequestLimits): Promise<HttpResponse>;
  /**
   * POSTs a small JSON body (the transport refuses one over its cap before sending). Optional: a
   * read-only transport (the unit tests' route-table fakes) has none, and the client answers `failed`.
   */
  post?(path: string, body: string, signal?: AbortSignal, limits?: RequestLimits): Promise<HttpResponse>;
  /** DELETEs one object (options in the query). Optional like `post`. */
  delete?(path: string, signal?: AbortSignal, limits?: RequestLimits): Promise<HttpResponse>;
  /** PATCHes one object with a small body of `contentType` (capped like `post`). Optional like `post`. */
  patch?(path: string, body: string, contentType: PatchContentType, signal?: AbortSignal, limits?: RequestLimits): Promise<HttpResponse>;
  /** Streams a watch: calls onLine per newline-delimited JSON line; resolves when the server closes. */
  stream(path: string, onLine: (line: string) => void, signal?: AbortSignal): Promise<HttpResponse>;
  dispose(): void;
}

export interface RequestLimits {
  readonly maxBytes?: number;
}

export interface ListOptions {
  readonly labelSelector?: string;
  readonly fieldSelector?: string;
  readonly signal?: AbortSignal;
}

export interface WatchOptions {
  readonly fieldSelector?: string;
  readonly labelSelector?: string;
}

/** Options of a create: `dryRun` asks the server to admit and default the object without storing it. */
export interface CreateOptions {
  readonly dryRun?: boolean;
  /** Caps the answer (default: the cap for one object). */
  readonly maxBytes?: number;
}

/** Options of a delete: `propagationPolicy` says what happens to the object's dependents (a Job's Pods). */
export interface DeleteOptions {
  readonly propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  readonly dryRun?: boolean;
}

/** How a patch body applies: JSON merge patch, strategic merge patch (built-in kinds only) or JSON patch. */
export type PatchKind = 'merge' | 'strategic' | 'json';

/** The Content-Type the API server reads each patch kind from. */
export const PATCH_CONTENT_TYPES = {
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  json: 'application/json-patch+json',
} as const satisfies Record<PatchKind, string>;

export type PatchContentType = (typeof PATCH_CONTENT_TYPES)[PatchKind];

/** Options of a patch: its kind, a server-side dry run, a subresource (`status`). */
export interface PatchOptions {
  readonly type: PatchKind;
  readonly dryRun?: boolean;
  /** `status` or `scale`: patched at `<object>/<subresource>`. */
  readonly subresource?: 'status' | 'scale';
  /** Caps the answer (default: the cap for one object). */
  readonly maxBytes?: number;
}

export const PAGE_SIZE = 500;

/**
 * Reads the Kubernetes API: GET, paginated LIST (limit=500 + continue), WATCH; POSTs small JSON
 * bodies (access reviews, creates with an optional server-side dry run); DELETEs one object by name.
 * Paths come from ResourceRefs and checked names only. Failures are values.
 * A list stops with a `failed` error, saying why, past its page, item or byte cap (limits.ts).
 */
export class KubeClient {
  private readonly limits: ListLimits;

  constructor(
    private readonly transport: Transport,
    private readonly pageSize = PAGE_SIZE,
    limits: Partial<ListLimits> = {},
  ) {
    this.limits = { ...LIST_LIMITS, ...limits };
  }

  /** One object; `what.maxBytes` caps the answer (default: the cap for one object). */
  async get<T>(path: string, what: { verb: string; maxBytes?: number } & Omit<ResourceRef, 'version'>, signal?: AbortSignal): Promise<Result<T, ApiError>> {
    const res = await this.send(path, signal, what.maxBytes ?? this.limits.maxObjectBytes);
    if (!res.ok) return res;
    if (res.value.status !== 200) return err(toApiError(res.value, what));
    return parseJson<T>(res.value.body);
  }

  /**
   * Creates an object by POSTing `body` as JSON to a fixed path (never built from user input); the
   * created object (or the review's answer) comes back. `what.maxBytes` caps the answer.
   */
  async post<T>(path: string, body: object, what: { verb: string; maxBytes?: number } & Omit<ResourceRef, 'version'>, signal?: AbortSignal): Promise<Result<T, ApiError>> {
    const transport = this.transport;
    if (!transport.post) return err({ kind: 'failed', status: undefined, message: `this connection cannot send requests (${what.verb} ${what.resource})` });
    let res: HttpResponse;
    try {
      res = await transport.post(path, JSON.stringify(body), signal, { maxBytes: what.maxBytes ?? this.limits.maxObjectBytes });
    } catch (e) {
      return err(networkError(e, signal));
    }
    if (res.status !== 200 && res.status !== 201) return err(toApiError(res, what));
    return parseJson<T>(res.body);
  }

  /**
   * Creates an object in the collection `ref` (POST to its path; `?dryRun=All` when `options.dryRun`:
   * the server admits, defaults and validates it, stores nothing, and answers what it would have stored).
   * The path is built only from `ref` and checked; the answer is the server's object.
   */
  async create<T>(ref: ResourceRef, body: object, options: CreateOptions = {}, signal?: AbortSignal): Promise<Result<T, ApiError>> {
    const problem = refProblem(ref);
    if (problem) return err({ kind: 'failed', status: undefined, message: `not sent: ${problem}` });
    const path = withQuery(collectionPath(ref), { dryRun: options.dryRun ? 'All' : undefined });
    return this.post<T>(path, body, { verb: 'create', group: ref.group, resource: ref.resource, namespace: ref.namespace, maxBytes: options.maxBytes }, signal);
  }

  /** One object by name from the collection `ref`; the name is checked before it goes into the path. */
  async getObject<T>(ref: ResourceRef, name: string, signal?: AbortSignal): Promise<Result<T, ApiError>> {
    const problem = refProblem(ref, name);
    if (problem) return err({ kind: 'failed', status: undefined, message: `not sent: ${problem}` });
    return this.get<T>(`${collectionPath(ref)}/${name}`, { verb: 'get', group: ref.group, resource: ref.resource, namespace: ref.namespace }, signal);
  }

  /**
   * Deletes one object by name (e.g. a finished Job with `propagationPolicy: 'Background'` so its Pods
   * go too). Absent already reads as `absent`. The answer (the object or a Status) is not interpreted.
   */
  async delete(ref: ResourceRef, name: string, options: DeleteOptions = {}, signal?: AbortSignal): Promise<Result<void, ApiError>> {
    const problem = refProblem(ref, name);
    if (problem) return err({ kind: 'failed', status: undefined, message: `not sent: ${problem}` });
    const transport = this.transport;
    if (!transport.delete) return err({ kind: 'failed', status: undefined, message: `this connection cannot send requests (delete ${ref.resource})` });
    const path = withQuery(`${collectionPath(ref)}/${name}`, { propagationPolicy: options.propagationPolicy, dryRun: options.dryRun ? 'All' : undefined });
    let res: HttpResponse;
    try {
      res = await transport.delete(path, signal, { maxBytes: this.limits.maxObjectBytes });
    } catch (e) {
      return err(networkError(e, signal));
    }
    if (res.status !== 200 && res.status !== 202) return err(toApiError(res, { verb: 'delete', ...ref }));
    return ok(undefined);
  }

  /**
   * Patches one object by name (`?dryRun=All` when `options.dryRun`): `body` is a merge patch, a
   * strategic merge patch (an object) or a JSON patch (an array of operations), sent with the matching
   * Content-Type. The name is checked before it goes into the path; the answer is the server's object.
   */
  async patch<T>(ref: ResourceRef, name: string, body: object, options: PatchOptions, signal?: AbortSignal): Promise<Result<T, ApiError>> {
    const problem = refProblem(ref, name) ?? patchProblem(body, options);
    if (problem) return err({ kind: 'failed', status: undefined, message: `not sent: ${problem}` });
    const transport = this.transport;
    if (!transport.patch) return err({ kind: 'failed', status: undefined, message: `this connection cannot send requests (patch ${ref.resource})` });
    const target = `${collectionPath(ref)}/${name}${options.subresource ? `/${options.subresource}` : ''}`;
    const path = withQuery(target, { dryRun: options.dryRun ? 'All' : undefined });
    let res: HttpResponse;
    try {
      res = await transport.patch(path, JSON.stringify(body), PATCH_CONTENT_TYPES[options.type], signal, { maxBytes: options.maxBytes ?? this.limits.maxObjectBytes });
    } catch (e) {
      return err(networkError(e, signal));
    }
    if (res.status !== 200 && res.status !== 201) return err(toApiError(res, { verb: 'patch', ...ref }));
    return parseJson<T>(res.body);
  }

  /** Every item of a collection, page by page; the resourceVersion is the first page's, for a watch. */
  async list<T>(ref: ResourceRef, options: ListOptions = {}): Promise<Result<{ items: T[]; resourceVersion: string | undefined }, ApiError>> {
    const items: T[] = [];
    const lim = this.limits;
    const what = `the list of ${ref.group ? `${ref.resource}.${ref.group}` : ref.resource}`;
    const stop = (message: string): Result<never, ApiError> => err({ kind: 'failed', status: undefined, message: `${what} ${message}; stopped reading` });
    let resourceVersion: string | undefined;
    let token: string | undefined;
    let pages = 0;
    let bytes = 0;
    do {
      if (pages >= lim.maxPages) return stop(`did not end after ${lim.maxPages} pages (${items.length.toLocaleString('en-US')} items)`);
      const path = withQuery(collectionPath(ref), {
        limit: String(this.pageSize),
        continue: token,
        labelSelector: options.labelSelector,
        fieldSelector: options.fieldSelector,
      });
      const res = await this.send(path, options.signal, lim.maxPageBytes);
      if (!res.ok) return res;
      if (res.value.status !== 200) return err(toApiError(res.value, { verb: 'list', ...ref }));
      pages++;
      bytes += res.value.body.length;
      if (bytes > lim.maxListBytes) return stop(`exceeded ${formatBytes(lim.maxListBytes)}`);
      const page = parseJson<KubeList<T>>(res.value.body);
      if (!page.ok) return page;
      const got = Array.isArray(page.value.items) ? page.value.items : [];
      if (items.length + got.length > lim.maxItems) return stop(`has more than ${lim.maxItems.toLocaleString('en-US')} items`);
      for (const item of got) items.push(item);
      resourceVersion ??= page.value.metadata?.resourceVersion;
      const next = page.value.metadata?.continue || undefined;
      if (next !== undefined && next === token) return stop('got the same continue token twice');
      token = next;
    } while (token);
    return ok({ items, resourceVersion });
  }

  /**
   * Watches a collection (optionally narrowed by selectors) from `resourceVersion` until the server closes the stream or `signal`
   * aborts. Resolves with the last resourceVersion seen, to resume from; 410 Gone comes back as
   * `failed` with status 410 (the caller relists).
   */
  async watch<T extends { metadata?: { resourceVersion?: string } }>(
    ref: ResourceRef,
    resourceVersion: string | undefined,
    onEvent: (e: WatchEvent<T>) => void,
    signal?: AbortSignal,
    options: WatchOptions = {},
  ): Promise<Result<string | undefined, ApiError>> {
    let last = resourceVersion;
    let gone: ApiError | undefined;
    // timeoutSeconds: the server ends the watch, so a silently dead connection cannot hold it forever.
    const path = withQuery(collectionPath(ref), {
      watch: 'true',
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(WATCH_TIMEOUT_S),
      resourceVersion,
      fieldSelector: options.fieldSelector,
      labelSelector: options.labelSelector,
    });
    try {
      const res = await this.transport.stream(
        path,
        (line) => {
          const parsed = parseJson<WatchEvent<T>>(line);
          if (!parsed.ok) return;
          const e = parsed.value;
          if (e.type === 'ERROR') {
            const status = e.object as { code?: number; message?: string };
            gone = { kind: 'failed', status: status.code, message: status.message ?? 'watch error' };
            return;
          }
          last = e.object.metadata?.resourceVersion ?? last;
          if (e.type !== 'BOOKMARK') onEvent(e);
        },
        signal,
      );
      if (res.status !== 200) return err(toApiError(res, { verb: 'watch', ...ref }));
    } catch (e) {
      return err(networkError(e, signal));
    }
    return gone ? err(gone) : ok(last);
  }

  /** A GET whose answer is not JSON (e.g. `/metrics`), with the transport's caps; the caller reads the status. */
  getText(path: string, signal?: AbortSignal, limits?: RequestLimits): Promise<HttpResponse> {
    return this.transport.get(path, signal, limits);
  }

  dispose(): void {
    this.transport.dispose();
  }

  private async send(path: string, signal: AbortSignal | undefined, maxBytes: number): Promise<Result<HttpResponse, ApiError>> {
    try {
      return ok(await this.transport.get(path, signal, { maxBytes }));
    } catch (e) {
      return err(networkError(e, signal));
    }
  }
}

/** A JSON patch is a list of operations; the other kinds are objects. */
function patchProblem(body: object, options: PatchOptions): string | undefined {
  if (!(options.type in PATCH_CONTENT_TYPES)) return `"${String(options.type)}" is not a patch type`;
  if (options.subresource !== undefined && options.subresource !== 'status' && options.subresource !== 'scale') return `"${String(options.subresource)}" is not a subresource`;
  if (options.type === 'json' ? !Array.isArray(body) : Array.isArray(body)) return options.type === 'json' ? 'a JSON patch is a list of operations' : `a ${options.type} patch is an object, not a list`;
  return undefined;
}

function parseJson<T>(body: string): Result<T, ApiError> {
  try {
    return ok(JSON.parse(body) as T);
  } catch (e) {
    return err({ kind: 'failed', status: undefined, message: `malformed answer: ${errorMessage(e)}` });
  }
}

interface Status {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { kind?: string; group?: string; name?: string };
}

/** Maps an HTTP failure to an ApiError, naming the RBAC permission for 403 from the Status details. */
export function toApiError(res: HttpResponse, what: { verb: string; group: string; resource: string }): ApiError {
  let status: Status = {};
  try {
    status = JSON.parse(res.body) as Status;
  } catch {
    // Not a Status (a proxy's HTML page): keep the defaults.
  }
  const message = status.message ?? (res.body.slice(0, 200) || `HTTP ${res.status}`);
  switch (res.status) {
    case 401:
      return { kind: 'unauthorized', message };
    case 403: {
      const said = parseForbiddenMessage(message);
      return {
        kind: 'forbidden',
        verb: said.verb ?? what.verb,
        resource: said.resource ?? status.details?.kind ?? what.resource,
        group: said.group ?? status.details?.group ?? what.group,
        message,
      };
    }
    case 404:
      return { kind: 'absent', resource: what.resource, group: what.group, message };
    default:
      return { kind: 'failed', status: res.status, message };
  }
}

export function networkError(e: unknown, signal?: AbortSignal): ApiError {
  if (signal?.aborted || (e instanceof Error && e.name === 'AbortError')) {
    return { kind: 'aborted', message: 'cancelled' };
  }
  if (e instanceof LimitError) {
    // No complete answer in time reads as unreachable; too much of an answer as a failed read.
    return e.limit === 'deadline' || e.limit === 'idle' ? { kind: 'unreachable', message: e.message } : { kind: 'failed', status: undefined, message: e.message };
  }
  const code = (e as { code?: string } | undefined)?.code;
  const message = errorMessage(e);
  // Node's messages often name the code already ("connect ECONNREFUSED 127.0.0.1:6443"): say it once.
  return { kind: 'unreachable', message: code && !message.includes(code) ? `${code}: ${message}` : message };
}
