import type { ApiError } from './errors';

/** Node's socket error codes in words. */
const CODE_WORDS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ETIMEDOUT: 'timed out',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ENOTFOUND: 'host name not found',
  EAI_AGAIN: 'host name lookup failed',
};

/** Longer messages are cut: they end up in one row's description. */
const MAX_DETAIL = 300;

/**
 * The detail of an error, said once: the kube layer prefixes socket errors with their code
 * (`ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:6443`), which repeats it. Known socket errors read
 * as words with their address (`connection refused by 127.0.0.1:6443 (ECONNREFUSED)`).
 */
export function errorDetail(e: Pick<ApiError, 'message'>): string {
  let m = e.message.trim();
  const prefixed = /^([A-Z][A-Z0-9_]{2,}): /.exec(m);
  if (prefixed && m.slice(prefixed[0].length).includes(prefixed[1])) m = m.slice(prefixed[0].length);
  const socket = /^(?:connect|getaddrinfo|read|write) ([A-Z][A-Z_]+) (\S+)$/.exec(m);
  const words = socket ? CODE_WORDS[socket[1]] : undefined;
  if (socket && words) m = `${words}${socket[1] === 'ENOTFOUND' || socket[1] === 'EAI_AGAIN' ? ':' : ' by'} ${socket[2]} (${socket[1]})`;
  return m.length > MAX_DETAIL ? `${m.slice(0, MAX_DETAIL - 1)}…` : m;
}
