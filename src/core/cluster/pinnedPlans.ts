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

/** Whether two API server URLs name the same endpoint (case of the host and trailing slashes aside). */
export function sameServer(a: string, b: string): boolean {
  const norm = (s: string): string => s.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}
