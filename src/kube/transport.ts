import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { HttpResponse, PatchContentType, RequestLimits, Transport } from './client';
import { applyCredentials } from './credentials';
import { LineSplitter } from './lineSplitter';
import { LimitError, TRANSPORT_LIMITS, type TransportLimits, formatBytes, formatSeconds } from './limits';

/**
 * The largest body we send (a SelfSubjectAccessReview is a few hundred bytes). A body over it is
 * refused before anything goes on the wire.
 */
export const MAX_REQUEST_BODY_BYTES = 64 * 1024;

/**
 * A KubeConfig holding only `context` as current, so that @kubernetes/client-node applies that
 * context's cluster (CA, TLS, proxy) and user (token, client certificate, exec plugin).
 */
export function configFor(kc: KubeConfig, context: string): KubeConfig {
  const one = new KubeConfig();
  one.loadFromOptions({ clusters: kc.getClusters(), users: kc.getUsers(), contexts: kc.getContexts(), currentContext: context });
  return one;
}

export interface CountingTransport extends Transport {
  /** HTTP requests sent so far (the bench reads it). */
  readonly requests: number;
}

/**
 * GETs, small JSON POSTs and PATCHes, DELETEs and watch streams over Node's http(s) with the agent and headers that
 * @kubernetes/client-node derives from the kubeconfig (applyToHTTPSOptions, under a time limit for
 * exec credential plugins). The agent keeps connections alive, so one discovery costs one TLS
 * handshake per parallel request, not per page. Every request has an overall deadline covering
 * headers and body and a cap on the bytes it reads (limits.ts); beyond either it is aborted and
 * rejects with a LimitError. Credentials live only in the agent and headers; nothing here logs them.
 */
export async function createTransport(kc: KubeConfig, context: string, limits: Partial<TransportLimits> = {}): Promise<CountingTransport> {
  const lim: TransportLimits = { ...TRANSPORT_LIMITS, ...limits };
  const one = configFor(kc, context);
  const server = one.getCurrentCluster()?.server;
  if (!server) {
    throw new Error(`context ${context} names no cluster server`);
  }
  const opts: https.RequestOptions = {};
  await applyCredentials(one, opts, lim.credentialTimeoutMs, lim.maxCredentialBytes);
  const agent = opts.agent as http.Agent | undefined;
  if (agent) {
    // client-node builds the agent without keepAlive; Node reads the flag per request.
    (agent as unknown as { keepAlive: boolean }).keepAlive = true;
  }
  const base = new URL(server);
  const lib = base.protocol === 'http:' ? http : https;
  const prefix = base.pathname.replace(/\/$/, '');
  let requests = 0;

  interface Call {
    readonly path: string;
    readonly method: 'GET' | 'POST' | 'DELETE' | 'PATCH';
    /** A POST's or PATCH's JSON body, already under MAX_REQUEST_BODY_BYTES; none for a GET. */
    readonly body?: Buffer;
    /** The body's Content-Type (a PATCH names its kind); `application/json` when absent. */
    readonly contentType?: PatchContentType;
    readonly signal: AbortSignal | undefined;
    readonly deadlineMs: number;
    readonly idleMs: number | undefined;
    readonly maxBytes: number;
    /** For a stream: each 200 body chunk goes here instead of the body; false fails the request. */
    readonly onData?: (chunk: Buffer) => boolean;
    /** 1 for the one retry of a request whose kept-alive socket the server had closed. */
    readonly retry?: number;
  }

  const request = (call: Call) =>
    new Promise<HttpResponse>((resolve, reject) => {
      requests++;
      const shown = call.path.split('?')[0];
      let settled = false;
      /** Why we ended the request ourselves; it wins over whatever error the destroyed socket reports. */
      let failure: LimitError | undefined;
      let streaming = false;
      let answered = false;
      let req: http.ClientRequest | undefined;
      // Headers and body together; the socket's idle timeout alone never fires on a byte-a-second answer.
      const deadline = setTimeout(() => {
        if (streaming) {
          // A watch the server did not end at its timeoutSeconds: end it here; the caller resumes from the last event.
          finish(() => resolve({ status: 200, body: '' }));
          req?.destroy();
          return;
        }
        fail(new LimitError('deadline', `the server ${base.host} did not finish answering ${shown} within ${formatSeconds(call.deadlineMs)}`));
      }, call.deadlineMs);
      const finish = (f: () => void): void => {
        if (settled) return;
        settled = true;
        clearTimeout(deadline);
        f();
      };
      const fail = (e: LimitError): void => {
        failure ??= e;
        req?.destroy(e);
      };
      try {
        req = lib.request(
          {
            protocol: base.protocol,
            hostname: base.hostname,
            port: base.port,
            path: prefix + call.path,
            method: call.method,
            agent,
            auth: opts.auth,
            headers: {
              ...(opts.headers as Record<string, string> | undefined),
              Accept: 'application/json',
              ...(call.body ? { 'Content-Type': call.contentType ?? 'application/json', 'Content-Length': String(call.body.length) } : {}),
            },
            signal: call.signal,
            ...(call.idleMs ? { timeout: call.idleMs } : {}),
          },
          (res) => {
            answered = true;
            const status = res.statusCode ?? 0;
            streaming = status === 200 && call.onData !== undefined;
            const chunks: Buffer[] = [];
            let bytes = 0;
            res.on('data', (c: Buffer) => {
              if (status === 200 && call.onData) {
                if (!call.onData(c)) fail(new LimitError('line', `the watch ${shown} on ${base.host} sent a line longer than ${formatBytes(lim.maxLineBytes)}; stopped reading`));
                return;
              }
              bytes += c.length;
              if (bytes > call.maxBytes) {
                fail(new LimitError('size', `the answer of ${base.host} to ${shown} exceeded ${formatBytes(call.maxBytes)}; stopped reading`));
                return;
              }
              chunks.push(c);
            });
            res.on('end', () => finish(() => resolve({ status, body: Buffer.concat(chunks).toString('utf8') })));
            res.on('error', (e) => finish(() => reject(failure ?? e)));
          },
        );
      } catch (e) {
        // Options Node refuses (a malformed server URL): no request left running.
        finish(() => reject(e instanceof Error ? e : new Error(String(e))));
        return;
      }
      req.on('timeout', () => fail(new LimitError('idle', `no answer from ${base.host} to ${shown} within ${formatSeconds(call.idleMs ?? 0)}`)));
      req.on('error', (e) => {
        // A kept-alive socket the server closed while it idled fails before any answer (ECONNRESET, "socket hang up",
        // EPIPE): the request never reached the server, so it is sent once more on a fresh socket (Node's documented
        // pattern, http.ClientRequest.reusedSocket). Anything else, or a second failure, is the caller's.
        const code = (e as NodeJS.ErrnoException).code;
        if (!failure && !answered && req?.reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE') && !call.signal?.aborted && (call.retry ?? 0) === 0) {
          finish(() => resolve(request({ ...call, retry: 1 })));
          return;
        }
        finish(() => reject(failure ?? e));
      });
      // A response destroyed mid-body emits 'error' on the response (or only 'close'): never leave the promise pending.
      req.on('close', () => finish(() => reject(failure ?? new Error(`the connection to ${base.host} closed before ${shown} was answered`))));
      req.end(call.body);
    });

  /** A POST or PATCH with a small JSON body: one over MAX_REQUEST_BODY_BYTES is refused before anything is sent. */
  const send = (method: 'POST' | 'PATCH', path: string, body: string, contentType: PatchContentType | undefined, signal: AbortSignal | undefined, limits: RequestLimits | undefined): Promise<HttpResponse> => {
    const bytes = Buffer.from(body, 'utf8');
    if (bytes.length > MAX_REQUEST_BODY_BYTES) {
      const shown = path.split('?')[0];
      return Promise.reject(new LimitError('size', `the request to ${base.host} for ${shown} would send ${formatBytes(bytes.length)}, over ${formatBytes(MAX_REQUEST_BODY_BYTES)}; not sent`));
    }
    return request({ path, method, body: bytes, contentType, signal, deadlineMs: lim.requestDeadlineMs, idleMs: lim.idleTimeoutMs, maxBytes: limits?.maxBytes ?? lim.maxResponseBytes });
  };

  return {
    get requests() {
      return requests;
    },
    get: (path, signal, limits?: RequestLimits) =>
      request({ path, method: 'GET', signal, deadlineMs: lim.requestDeadlineMs, idleMs: lim.idleTimeoutMs, maxBytes: limits?.maxBytes ?? lim.maxResponseBytes }),
    delete: (path, signal, limits?: RequestLimits) =>
      request({ path, method: 'DELETE', signal, deadlineMs: lim.requestDeadlineMs, idleMs: lim.idleTimeoutMs, maxBytes: limits?.maxBytes ?? lim.maxResponseBytes }),
    post: (path, body, signal, limits?: RequestLimits) => send('POST', path, body, undefined, signal, limits),
    patch: (path, body, contentType, signal, limits?: RequestLimits) => send('PATCH', path, body, contentType, signal, limits),
    stream: (path, onLine, signal) => {
      const lines = new LineSplitter(lim.maxLineBytes, onLine);
      return request({ path, method: 'GET', signal, deadlineMs: lim.streamDeadlineMs, idleMs: undefined, maxBytes: lim.maxResponseBytes, onData: (c) => lines.push(c) });
    },
    dispose: () => agent?.destroy(),
  };
}
