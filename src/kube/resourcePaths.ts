/**
 * Where a request goes: API paths built only from ResourceRefs and names checked as Kubernetes names
 * (group, version and plural from code; namespaces and object names checked), with encoded queries.
 */

/** A resource collection: `{ group: '', version: 'v1', resource: 'nodes' }`. */
export interface ResourceRef {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace?: string;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** Group, version and plural come from code, never from users; still checked so a path cannot be bent. */
const PATH_WORD = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;

/** A DNS-1123 label (namespace names, most plural resources): at most 63 characters. */
export function isDnsLabel(s: string): boolean {
  return s.length <= 63 && DNS_LABEL.test(s);
}

/** A DNS-1123 subdomain (most object names): at most 253 characters. */
export function isDnsSubdomain(s: string): boolean {
  return s.length <= 253 && DNS_SUBDOMAIN.test(s);
}

/** Why `ref` (and `name`) cannot be put in a path, or undefined when they can. */
export function refProblem(ref: ResourceRef, name?: string): string | undefined {
  if (ref.group !== '' && !PATH_WORD.test(ref.group)) return `"${ref.group}" is not an API group`;
  if (!PATH_WORD.test(ref.version)) return `"${ref.version}" is not an API version`;
  if (!PATH_WORD.test(ref.resource)) return `"${ref.resource}" is not a resource name`;
  if (ref.namespace !== undefined && !isDnsLabel(ref.namespace)) return `"${ref.namespace.slice(0, 80)}" is not a valid namespace name`;
  if (name !== undefined && !isDnsSubdomain(name)) return `"${name.slice(0, 80)}" is not a valid object name`;
  return undefined;
}

export function collectionPath(ref: ResourceRef): string {
  const base = ref.group === '' ? `/api/${ref.version}` : `/apis/${ref.group}/${ref.version}`;
  return ref.namespace ? `${base}/namespaces/${encodeURIComponent(ref.namespace)}/${ref.resource}` : `${base}/${ref.resource}`;
}

/** `path?k=v&…` for the query values that are set, each encoded. */
export function withQuery(path: string, query: Record<string, string | undefined>): string {
  const q = Object.entries(query)
    .filter((e): e is [string, string] => e[1] !== undefined && e[1] !== '')
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return q ? `${path}?${q}` : path;
}
