/**
 * What can go wrong when reading a cluster, as values (see shared/STYLE.md, "Adapters at the edges").
 * The kube layer produces them; the explorer turns each into a node.
 */
export type ApiError =
  /** No (complete) answer: connection refused, DNS, TLS handshake, timeout, the request's deadline passed. */
  | { readonly kind: 'unreachable'; readonly message: string }
  /** 401: the credentials were rejected or have expired. */
  | { readonly kind: 'unauthorized'; readonly message: string }
  /** 403: RBAC denies `verb` on `resource` in API `group` ('' = core). */
  | { readonly kind: 'forbidden'; readonly verb: string; readonly resource: string; readonly group: string; readonly message: string }
  /** 404 on a collection: the resource kind (typically a CRD) is not installed. */
  | { readonly kind: 'absent'; readonly resource: string; readonly group: string; readonly message: string }
  /** The caller cancelled. */
  | { readonly kind: 'aborted'; readonly message: string }
  /** Anything else (5xx, malformed answer, an answer, watch line or list over its cap: the message says which). */
  | { readonly kind: 'failed'; readonly status: number | undefined; readonly message: string };

/** `list nodes`, `list cephclusters.ceph.rook.io`: the permission as RBAC names it. */
export function permissionOf(e: { verb: string; resource: string; group: string }): string {
  return `${e.verb} ${e.group ? `${e.resource}.${e.group}` : e.resource}`;
}

/** One short sentence for a node label or tooltip. Never contains credentials: messages come from the server's Status. */
export function describeApiError(e: ApiError): string {
  switch (e.kind) {
    case 'unreachable':
      return 'Cannot reach cluster';
    case 'unauthorized':
      return 'Unauthorized (401): credentials rejected or expired';
    case 'forbidden':
      return `Forbidden (403): missing permission "${permissionOf(e)}"`;
    case 'absent':
      return `Not installed (${e.group ? `${e.resource}.${e.group}` : e.resource} not served)`;
    case 'aborted':
      return 'Cancelled';
    case 'failed':
      return e.status ? `Failed (${e.status}): ${e.message}` : `Failed: ${e.message}`;
  }
}

/** Parses RBAC's sentence: `User "x" cannot list resource "nodes" in API group "" at the cluster scope`. */
export function parseForbiddenMessage(message: string): { verb?: string; resource?: string; group?: string } {
  const m = /cannot (\S+) resource "([^"]*)" in API group "([^"]*)"/.exec(message);
  if (!m) {
    return {};
  }
  return { verb: m[1], resource: m[2], group: m[3] };
}
