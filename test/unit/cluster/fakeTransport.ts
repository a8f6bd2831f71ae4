import type { HttpResponse, Transport } from '../../../src/kube/client';

/** A Transport answering from a route table (path without query → handler); records every path asked. */
export class FakeTransport implements Transport {
  readonly paths: string[] = [];
  down = false;
  constructor(private readonly routes: Record<string, (query: URLSearchParams) => HttpResponse | object>) {}

  get(path: string, signal?: AbortSignal): Promise<HttpResponse> {
    this.paths.push(path);
    if (signal?.aborted) return Promise.reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    if (this.down) return Promise.reject(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }));
    const url = new URL(path, 'https://fake');
    const route = this.routes[url.pathname];
    if (!route) return Promise.resolve({ status: 404, body: JSON.stringify({ kind: 'Status', message: 'the server could not find the requested resource', code: 404 }) });
    const r = route(url.searchParams);
    return Promise.resolve('status' in r && 'body' in r ? r : { status: 200, body: JSON.stringify(r) });
  }

  stream(_path: string, _onLine: (line: string) => void, _signal?: AbortSignal): Promise<HttpResponse> {
    return Promise.resolve({ status: 200, body: '' });
  }

  dispose(): void {}
}

export function forbidden(verb: string, resource: string, group: string): HttpResponse {
  return {
    status: 403,
    body: JSON.stringify({
      kind: 'Status',
      status: 'Failure',
      reason: 'Forbidden',
      code: 403,
      message: `${resource}${group ? '.' + group : ''} is forbidden: User "viewer" cannot ${verb} resource "${resource}" in API group "${group}" at the cluster scope`,
      details: { kind: resource, group },
    }),
  };
}
