import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';

/** A real HTTP server on 127.0.0.1 for the transport tests; `close()` also ends open connections. */
export interface LocalServer {
  readonly url: string;
  readonly host: string;
  close(): Promise<void>;
}

export async function startServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): Promise<LocalServer> {
  const server = http.createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A kubeconfig whose one context `local` talks plain HTTP to `url` (client-node allows it with skipTLSVerify). */
export function kubeConfigFor(url: string, user: Record<string, unknown> = { name: 'u', token: 'not-a-secret' }): KubeConfig {
  const kc = new KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', ...user }],
    contexts: [{ name: 'local', cluster: 'c', user: 'u' }],
    currentContext: 'local',
  });
  return kc;
}

/** Resolves with `p`, or rejects after `ms` (so that a test fails instead of hanging on the old code). */
export function within<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} still pending after ${ms} ms`)), ms);
  });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/** Writes `total` bytes of `fill` in chunks, respecting backpressure; resolves with the bytes written before the peer left. */
export function pump(res: http.ServerResponse, total: number, fill = 'x', chunkSize = 64 * 1024): Promise<number> {
  const chunk = Buffer.alloc(chunkSize, fill);
  let sent = 0;
  return new Promise((resolve) => {
    const done = (): void => resolve(sent);
    res.on('close', done);
    const write = (): void => {
      while (sent < total && !res.destroyed) {
        const n = Math.min(chunkSize, total - sent);
        sent += n;
        if (!res.write(n === chunkSize ? chunk : chunk.subarray(0, n))) {
          res.once('drain', write);
          return;
        }
      }
      if (!res.destroyed) res.end();
    };
    write();
  });
}
