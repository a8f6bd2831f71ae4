import type { DistributionName } from './distribution';
import type { NodeRole } from './snapshot';

const ROLE_PREFIX = 'node-role.kubernetes.io/';

/**
 * Roles from `node-role.kubernetes.io/<role>` labels (K3s sets control-plane, etcd and master on
 * servers, with value "true"; kubeadm sets control-plane with an empty value). Sorted, deduplicated.
 */
export function rolesOf(labels: Readonly<Record<string, string>> | undefined): NodeRole[] {
  const roles = new Set<string>();
  for (const [key, value] of Object.entries(labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX) && value !== 'false') {
      const role = key.slice(ROLE_PREFIX.length);
      if (role) roles.add(role);
    }
  }
  // The legacy `kubernetes.io/role` label some installers still set.
  const legacy = labels?.['kubernetes.io/role'];
  if (legacy) roles.add(legacy);
  return [...roles].sort();
}

/** A server node runs the control plane: control-plane or master role. */
export function isServerRole(roles: readonly NodeRole[]): boolean {
  return roles.includes('control-plane') || roles.includes('master');
}

/** The roles that only say "this node runs the control plane" (K3s sets both, kubeadm one). */
const CONTROL_PLANE_ROLES = new Set(['control-plane', 'master']);

/**
 * A node's role as its distribution's users say it: K3s and RKE2 have servers and agents
 * (`server (etcd)`, `agent`), other distributions a control plane and workers. Roles beyond the
 * control plane (etcd, or a custom `ingress`) follow in parentheses.
 */
export function roleWords(roles: readonly NodeRole[], distribution: DistributionName): string {
  const serverAgent = distribution === 'K3s' || distribution === 'RKE2';
  const server = isServerRole(roles);
  const kind = server ? (serverAgent ? 'server' : 'control plane') : serverAgent ? 'agent' : 'worker';
  const extra = roles.filter((r) => !CONTROL_PLANE_ROLES.has(r) && !(r === 'worker' && kind === 'worker') && !(r === 'agent' && kind === 'agent'));
  return extra.length ? `${kind} (${extra.join(', ')})` : kind;
}
