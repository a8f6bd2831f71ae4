/**
 * How much the Kubernetes layer accepts from an API server, a network or a credential plugin before
 * it gives up and says so. A broken or hostile server must not hold a read open forever or fill
 * the extension host's memory; a real cluster stays far below every figure here.
 */

const KB = 1024;
const MB = 1024 * KB;

/** Seconds the server is asked to keep a watch open (`timeoutSeconds`); it then ends it and we resume. */
export const WATCH_TIMEOUT_S = 300;

export interface TransportLimits {
  /** One GET, from sending the request to the last byte of the body. */
  readonly requestDeadlineMs: number;
  /** Silence on the socket before a GET is given up (the deadline still applies). */
  readonly idleTimeoutMs: number;
  /** One watch stream, in case the server ignores `timeoutSeconds`. */
  readonly streamDeadlineMs: number;
  /** Body of one answer when the caller names no smaller cap. */
  readonly maxResponseBytes: number;
  /** One line of a watch stream (one event, i.e. one object). */
  readonly maxLineBytes: number;
  /** Running the kubeconfig's exec credential plugin. */
  readonly credentialTimeoutMs: number;
  /** What the credential plugin may write to stdout (an ExecCredential is a few KB). */
  readonly maxCredentialBytes: number;
}

export const TRANSPORT_LIMITS: TransportLimits = {
  requestDeadlineMs: 30_000,
  idleTimeoutMs: 15_000,
  streamDeadlineMs: (WATCH_TIMEOUT_S + 60) * 1000,
  maxResponseBytes: 64 * MB,
  // etcd refuses objects over 1.5 MB by default; a watch event wraps one.
  maxLineBytes: 8 * MB,
  // Long enough for a browser sign-in (kubelogin), short enough not to look hung.
  credentialTimeoutMs: 60_000,
  maxCredentialBytes: 1 * MB,
};

export interface ListLimits {
  /** Pages of one list (500 items each): 200 pages is 100,000 items. */
  readonly maxPages: number;
  readonly maxItems: number;
  /** All pages of one list together. */
  readonly maxListBytes: number;
  /** One page. */
  readonly maxPageBytes: number;
  /** One object (GET by name); etcd stores at most 1.5 MB per object by default. */
  readonly maxObjectBytes: number;
}

export const LIST_LIMITS: ListLimits = {
  maxPages: 200,
  maxItems: 100_000,
  maxListBytes: 128 * MB,
  maxPageBytes: 64 * MB,
  maxObjectBytes: 4 * MB,
};

/** `/version` is a few hundred bytes. */
export const VERSION_MAX_BYTES = 64 * KB;

/** `64 MB`, `64 KB`, `512 bytes`: sizes in messages. */
export function formatBytes(n: number): string {
  if (n >= MB && n % MB === 0) return `${n / MB} MB`;
  if (n >= MB) return `${(n / MB).toFixed(1)} MB`;
  if (n >= KB && n % KB === 0) return `${n / KB} KB`;
  return n >= KB ? `${(n / KB).toFixed(1)} KB` : `${n} bytes`;
}

/** `30 s`, `0.8 s`: durations in messages. */
export function formatSeconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}

/** Why the transport gave up on an answer; the client turns it into an ApiError with this message. */
export class LimitError extends Error {
  override readonly name = 'LimitError';
  constructor(
    /** `deadline` and `idle` mean no (complete) answer; `size` and `line` mean too much of one. */
    readonly limit: 'deadline' | 'idle' | 'size' | 'line',
    message: string,
  ) {
    super(message);
  }
}
