/** What the explorer reads from a plan file (schemas/upgrade-plan.schema.json, `cluster`). */
export interface PlanPin {
  readonly name: string | undefined;
  readonly contextName: string | undefined;
  readonly server: string | undefined;
  readonly kubeSystemUID: string | undefined;
}

/** Reads the pin of a parsed YAML document; undefined when it is not an UpgradePlan. */
export function planPinOf(doc: unknown): PlanPin | undefined {
  if (!doc || typeof doc !== 'object') return undefined;
  const d = doc as { kind?: unknown; metadata?: { name?: unknown }; cluster?: Record<string, unknown> };
  if (d.kind !== 'UpgradePlan' || !d.cluster || typeof d.cluster !== 'object') return undefined;
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
  return { name: str(d.metadata?.name), contextName: str(d.cluster.contextName), server: str(d.cluster.server), kubeSystemUID: str(d.cluster.kubeSystemUID) };
}

/**
 * A plan is pinned to a cluster by the kube-system UID when both sides know it (the cluster's
 * identity), else by API server URL, else by context name.
 */
export function isPinnedTo(pin: PlanPin, cluster: { context: string; server: string | undefined; kubeSystemUID: string | undefined }): boolean {
  if (pin.kubeSystemUID && cluster.kubeSystemUID) return pin.kubeSystemUID === cluster.kubeSystemUID;
  if (pin.server && cluster.server) return sameServer(pin.server, cluster.server);
  return pin.contextName === cluster.context;
}

/** Longer than any API server URL a kubeconfig holds; such a string names no server (and is not normalised). */
export const MAX_SERVER_URL_LENGTH = 2048;

/**
 * Whether two API server URLs name the same endpoint (case of the host and trailing slashes aside).
 * Linear in the input: a trailing-slash regex backtracks quadratically on a long run of inner slashes.
 */
export function sameServer(a: string, b: string): boolean {
  const na = normalizeServer(a);
  const nb = normalizeServer(b);
  return na !== undefined && na === nb;
}

function normalizeServer(s: string): string | undefined {
  if (s.length > MAX_SERVER_URL_LENGTH) return undefined;
  const t = s.trim();
  let end = t.length;
  while (end > 0 && t.charCodeAt(end - 1) === 0x2f /* '/' */) end--;
  return t.slice(0, end).toLowerCase();
}
