import type { Evidence } from '../preflight/result';
import type { VeleroBackupSpec } from '../plans/model';
import { BACKUP_LABEL, MANAGED_BY, PLAN_ANNOTATION } from './etcdSnapshot';
import { timestampSlug, toDnsLabel } from './names';
import { type ResultParts, failed, verified } from './result';
import type { BackupResult } from './types';

/** A Velero `Backup` of what the plan names, and Velero's verdict on it (status.phase). */

/** `upgrade-planner-<plan>-<time>`: a DNS label (Velero puts the name in labels). */
export function veleroBackupName(planName: string, nowIso: string): string {
  const ts = timestampSlug(nowIso);
  const prefix = 'upgrade-planner-';
  return `${prefix}${toDnsLabel(planName, 63 - prefix.length - ts.length - 1, 'plan')}-${ts}`;
}

export interface VeleroBackupInput {
  readonly name: string;
  readonly namespace: string;
  readonly planName: string;
  readonly spec: VeleroBackupSpec | undefined;
}

/** The Backup: the plan's namespaces (all when it names none), storage location and ttl; cluster resources included. */
export function buildVeleroBackup(i: VeleroBackupInput): object {
  const ns = (i.spec?.includedNamespaces ?? []).filter((n) => n.trim() !== '');
  return {
    apiVersion: 'velero.io/v1',
    kind: 'Backup',
    metadata: {
      name: i.name,
      namespace: i.namespace,
      labels: { ...MANAGED_BY, [BACKUP_LABEL]: 'velero' },
      annotations: { [PLAN_ANNOTATION]: i.planName },
    },
    spec: {
      includedNamespaces: ns.length ? ns : ['*'],
      ...(i.spec?.storageLocation ? { storageLocation: i.spec.storageLocation } : {}),
      // The plan's `1h30m` is a Go duration already, as Velero reads it.
      ...(i.spec?.ttl ? { ttl: i.spec.ttl } : {}),
    },
  };
}

/** The Backup fields read back (velero.io/v1). */
export interface ApiVeleroBackup {
  metadata?: { name?: string; namespace?: string };
  status?: {
    phase?: string;
    errors?: number;
    warnings?: number;
    failureReason?: string;
    validationErrors?: string[] | null;
    startTimestamp?: string;
    completionTimestamp?: string;
    expiration?: string;
    progress?: { itemsBackedUp?: number; totalItems?: number } | null;
  };
}

const FAILED_PHASES = new Set(['PartiallyFailed', 'Failed', 'FailedValidation']);

/** Whether Velero has finished with the Backup (Completed or one of its failures). */
export function veleroFinished(b: ApiVeleroBackup | undefined): boolean {
  const phase = b?.status?.phase ?? '';
  return phase === 'Completed' || FAILED_PHASES.has(phase);
}

/** Velero's verdict as a result: Completed → verified; PartiallyFailed, Failed, FailedValidation → failed, in Velero's words. */
export function veleroResult(b: ApiVeleroBackup, parts: ResultParts): BackupResult {
  const s = b.status ?? {};
  const name = b.metadata?.name ?? '';
  const phase = s.phase ?? 'unknown';
  const evidence: Evidence = {
    ...parts.evidence,
    backup: name,
    phase,
    itemsBackedUp: s.progress?.itemsBackedUp ?? 0,
    totalItems: s.progress?.totalItems ?? 0,
    errors: s.errors ?? 0,
    warnings: s.warnings ?? 0,
    ...(s.startTimestamp ? { veleroStartedAt: s.startTimestamp } : {}),
    ...(s.completionTimestamp ? { veleroCompletedAt: s.completionTimestamp } : {}),
    ...(s.expiration ? { expiresAt: s.expiration } : {}),
    ...(s.failureReason ? { failureReason: s.failureReason } : {}),
    ...(s.validationErrors?.length ? { validationErrors: s.validationErrors.slice(0, 20) } : {}),
  };
  const p = { ...parts, evidence, objects: [...(parts.objects ?? []), { kind: 'Backup', namespace: b.metadata?.namespace ?? '', name }] };
  const logs = `velero backup logs ${name}`;
  switch (phase) {
    case 'Completed':
      return verified('velero', `Velero backup ${name} completed: ${s.progress?.itemsBackedUp ?? 0} of ${s.progress?.totalItems ?? 0} items${s.warnings ? `, ${s.warnings} warnings` : ''}`, p);
    case 'PartiallyFailed':
      return failed('velero', `Velero backup ${name} partially failed with ${s.errors ?? 0} errors and ${s.warnings ?? 0} warnings`, { ...p, fixHint: `Read the errors with \`${logs}\` (or \`velero backup describe ${name} --details\`).` });
    case 'Failed':
      return failed('velero', `Velero backup ${name} failed: ${s.failureReason || 'no reason given'}`, { ...p, fixHint: `Read \`${logs}\` and the Velero server log.` });
    case 'FailedValidation':
      return failed('velero', `Velero refused backup ${name}: ${(s.validationErrors ?? []).join('; ') || 'validation failed'}`, { ...p, fixHint: 'Fix backups.velero in the plan (storage location, namespaces) and run the backup again.' });
    default:
      return failed('velero', `Velero backup ${name} did not finish (phase ${phase})`, { ...p, fixHint: 'Check that the Velero server is running (kubectl -n velero get pods) and its log.' });
  }
}
