import type { ChecklistItem, ComponentName } from './model';

/** The default checklist (DESIGN.md "Checklist"): the practice every plan starts from, refined by its components. */
export function defaultChecklist(components: readonly ComponentName[], options: { velero?: boolean } = {}): ChecklistItem[] {
  const items: ChecklistItem[] = [
    { id: 'release-notes-reviewed', title: 'Release notes reviewed for every hop (breaking changes, CVEs, removed APIs)', state: 'pending', required: true },
    { id: 'staging-tested', title: 'The same path tested on a staging cluster', state: 'pending', required: true },
    { id: 'backup-verified', title: `Backups taken and verified (etcd snapshot${options.velero ? ', Velero backup' : ''}, manifest export)`, state: 'pending', required: true },
    { id: 'rollback-rehearsed', title: 'Rollback rehearsed: snapshot restore steps known for every minor', state: 'pending', required: true },
    { id: 'monitoring-ready', title: 'Monitoring and alerting watched during the upgrade', state: 'pending', required: true },
    { id: 'phased-rollout', title: 'Phased rollout: canary first, then batches, soak time between phases', state: 'pending', required: true },
  ];
  if (components.includes('rook') || components.includes('ceph')) {
    items.push({ id: 'ceph-healthy', title: 'Ceph HEALTH_OK with all PGs active+clean before starting', state: 'pending', required: true });
  }
  items.push({ id: 'removed-apis-checked', title: 'No removed APIs in use for the target Kubernetes version', state: 'pending', required: true });
  return items;
}
