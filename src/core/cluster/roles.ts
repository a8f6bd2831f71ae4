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

/** For display: `control-plane,etcd,master` or the distribution's word for a worker. */
export function roleLabel(roles: readonly NodeRole[], workerWord = 'worker'): string {
  return roles.length ? roles.join(',') : workerWord;
}
