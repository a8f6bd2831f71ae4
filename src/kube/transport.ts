import * as http from 'node:http';
import * as https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import type { HttpResponse, Transport } from './client';

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
 * GETs and watch streams over Node's http(s) with the agent and headers that
 * @kubernetes/client-node derives from the kubeconfig (applyToHTTPSOptions). The agent keeps
 * connections alive, so one discovery costs one TLS handshake per parallel request, not per page.
 * Credentials live only in the agent and headers; nothing here logs them.
 */
export async function createTransport(kc: KubeConfig, context: string, timeoutMs = 15_000): Promise<CountingTransport> {
  const one = configFor(kc, context);
  const server = one.getCurrentCluster()?.server;
  if (!server) {
    throw new Error(`context ${context} names no cluster server`);
  }
  const opts: https.RequestOptions = {};
  await one.applyToHTTPSOptions(opts);
  const agent = opts.agent as http.Agent | undefined;
  if (agent) {
    // client-node builds the agent without keepAlive; Node reads the flag per request.
    (agent as unknown as { keepAlive: boolean }).keepAlive = true;
  }
  const base = new URL(server);
  const lib = base.protocol === 'http:' ? http : https;
  const prefix = base.pathname.replace(/\/$/, '');
  let requests = 0;

  const request = (path: string, onData: ((chunk: string) => void) | undefined, signal: AbortSignal | undefined, timeout: number | undefined) =>
    new Promise<HttpResponse>((resolve, reject) => {
      requests++;
      const req = lib.request(
        {
          protocol: base.protocol,
          hostname: base.hostname,
          port: base.port,
          path: prefix + path,
          method: 'GET',
          agent,
          auth: opts.auth,
          headers: { ...(opts.headers as Record<string, string> | undefined), Accept: 'application/json' },
          signal,
          ...(timeout ? { timeout } : {}),
        },
        (res) => {
          res.setEncoding('utf8');
          const status = res.statusCode ?? 0;
          const chunks: string[] = [];
          res.on('data', (c: string) => (status === 200 && onData ? onData(c) : chunks.push(c)));
          res.on('end', () => resolve({ status, body: chunks.join('') }));
          res.on('error', reject);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error(`no answer from ${base.host} within ${timeout ?? 0} ms`), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end();
    });

  return {
    get requests() {
      return requests;
    },
    get: (path, signal) => request(path, undefined, signal, timeoutMs),
    stream: (path, onLine, signal) => {
      let buffered = '';
      return request(
        path,
        (chunk) => {
          buffered += chunk;
          let nl: number;
          while ((nl = buffered.indexOf('\n')) >= 0) {
            const line = buffered.slice(0, nl).trim();
            buffered = buffered.slice(nl + 1);
            if (line) onLine(line);
          }
        },
        signal,
        undefined,
      );
    },
    dispose: () => agent?.destroy(),
  };
}
