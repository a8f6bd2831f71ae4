// Velero's Backup controller, as far as the extension can observe it (only while a `velero` Deployment exists):
// a new Backup is validated (its storageLocation must be `default`, the one location the scenario has), goes
// InProgress with startTimestamp, expiration and progress.totalItems, and after one step ends as the
// veleroBackupOutcome knob says: Completed (every item backed up), PartiallyFailed (2 errors, 1 warning) or
// Failed (a failureReason). Backups that already have a final phase (the scenario's nightly one) are left alone.
// The Backup CRD has no status subresource: status is merge-patched on the object, as Velero does.
import { Informer, type Kube } from './kube';
import type { Deployment, Faults, Pod, VeleroBackup } from './types';

const PARTIAL_ERRORS = 2;

function nowIso(): string {
  return new Date().toISOString().replace(/\.\d+Z$/, 'Z');
}

/** Go duration (`720h0m0s`, `1h30m`, `90s`) → ms; undefined when absent or malformed. */
function durationMs(d: string | undefined): number | undefined {
  const m = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(d ?? '');
  if (!d || !m) return undefined;
  return ((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000;
}

export class VeleroSimulator {
  private readonly started = new Map<string, number>();

  constructor(
    private readonly kube: Kube,
    private readonly backups: Informer<VeleroBackup>,
    private readonly deployments: Informer<Deployment>,
    private readonly pods: Informer<Pod>,
    private readonly log: (s: string) => void,
  ) {}

  /** Returns true while a backup is in progress (a timed step is pending). */
  async reconcile(faults: Faults): Promise<boolean> {
    const installed = this.deployments.list().some((d) => d.metadata.name === 'velero');
    if (!installed) return false;
    let busy = false;
    for (const b of this.backups.list()) {
      try {
        busy = (await this.step(b, faults)) || busy;
      } catch (e) {
        this.log(`velero ${Informer.key(b)}: ${String(e)}`);
      }
    }
    return busy;
  }

  private path(b: VeleroBackup): string {
    return `/apis/velero.io/v1/namespaces/${b.metadata.namespace}/backups/${b.metadata.name}`;
  }

  private async write(b: VeleroBackup, status: NonNullable<VeleroBackup['status']>): Promise<void> {
    const updated = await this.kube.mergePatch<VeleroBackup>(this.path(b), { status });
    this.backups.cache.set(Informer.key(updated), updated);
  }

  /** Items Velero would back up: the included namespaces' Deployments and Pods, and the namespaces themselves. */
  private totalItems(b: VeleroBackup): number {
    const ns = b.spec.includedNamespaces ?? ['*'];
    const all = ns.length === 0 || ns.includes('*');
    const inScope = (n: string | undefined): boolean => all || ns.includes(n ?? '');
    const namespaces = new Set([...this.deployments.list(), ...this.pods.list()].map((o) => o.metadata.namespace).filter(inScope));
    return this.deployments.list().filter((d) => inScope(d.metadata.namespace)).length + this.pods.list().filter((p) => inScope(p.metadata.namespace)).length + namespaces.size;
  }

  private async step(b: VeleroBackup, faults: Faults): Promise<boolean> {
    const key = Informer.key(b);
    const phase = b.status?.phase ?? '';
    if (phase === '' || phase === 'New') {
      const location = b.spec.storageLocation;
      if (location && location !== 'default') {
        await this.write(b, { phase: 'FailedValidation', version: 1, validationErrors: [`a BackupStorageLocation CRD with name "${location}" could not be found`] });
        this.log(`velero ${key}: FailedValidation (storage location ${location})`);
        return false;
      }
      const start = nowIso();
      const ttl = durationMs(b.spec.ttl) ?? 720 * 3600_000;
      await this.write(b, {
        phase: 'InProgress',
        version: 1,
        formatVersion: '1.1.0',
        startTimestamp: start,
        expiration: new Date(Date.parse(start) + ttl).toISOString().replace(/\.\d+Z$/, 'Z'),
        progress: { itemsBackedUp: 0, totalItems: this.totalItems(b) },
      });
      this.started.set(key, Date.now());
      this.log(`velero ${key}: InProgress`);
      return true;
    }
    if (phase !== 'InProgress') return false;
    const since = this.started.get(key) ?? (Date.parse(b.status?.startTimestamp ?? '') || 0);
    if (Date.now() - since < faults.stepDelayMs) return true;
    const total = b.status?.progress?.totalItems ?? this.totalItems(b);
    const done = { completionTimestamp: nowIso() };
    switch (faults.veleroBackupOutcome) {
      case 'PartiallyFailed':
        await this.write(b, { ...done, phase: 'PartiallyFailed', errors: PARTIAL_ERRORS, warnings: 1, progress: { itemsBackedUp: Math.max(0, total - PARTIAL_ERRORS), totalItems: total } });
        break;
      case 'Failed':
        await this.write(b, { ...done, phase: 'Failed', failureReason: 'error uploading the backup to the backup storage location: connection refused (simulated by veleroBackupOutcome=Failed)', progress: { itemsBackedUp: 0, totalItems: total } });
        break;
      default:
        await this.write(b, { ...done, phase: 'Completed', errors: 0, warnings: 0, progress: { itemsBackedUp: total, totalItems: total } });
    }
    this.started.delete(key);
    this.log(`velero ${key}: ${faults.veleroBackupOutcome}`);
    return false;
  }
}
