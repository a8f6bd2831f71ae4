import { failed } from '../../core/backups/result';
import type { BackupResult, PlannedWrite, ProgressListener } from '../../core/backups/types';
import { type ApiVeleroBackup, buildVeleroBackup, veleroBackupName, veleroFinished, veleroResult } from '../../core/backups/velero';
import { describeApiError } from '../../core/cluster/errors';
import type { ClusterSnapshot } from '../../core/cluster/snapshot';
import type { UpgradePlan } from '../../core/plans/model';
import type { KubeClient, ResourceRef } from '../client';
import { waitSentence } from './etcdSnapshot';
import { watchUntil } from './watchUntil';
import type { PreparedBackup } from './writes';

export const VELERO_BACKUPS = (namespace: string): ResourceRef => ({ group: 'velero.io', version: 'v1', resource: 'backups', namespace });

/** A Velero backup of a cluster takes minutes; one that has not finished in an hour is reported, not awaited. */
export const VELERO_TIMEOUT_MS = 60 * 60_000;

export interface VeleroOptions {
  readonly timeoutMs?: number;
  readonly now?: () => Date;
}

/**
 * A Velero `Backup` in Velero's namespace (where the snapshot found its Deployment) of the plan's
 * `backups.velero` namespaces (all when none), then Velero's own verdict: Completed → verified;
 * PartiallyFailed, Failed, FailedValidation → failed with Velero's errors, failure reason or
 * validation errors. Without Velero the result is failed at once; nothing is written.
 */
export function prepareVeleroBackup(client: KubeClient, snapshot: ClusterSnapshot, plan: Pick<UpgradePlan, 'metadata' | 'backups'>, options: VeleroOptions = {}): PreparedBackup {
  const now = options.now ?? (() => new Date());
  const at = now().toISOString();
  const velero = snapshot.components.velero;
  if (velero.state !== 'ok') {
    const reason =
      velero.state === 'absent'
        ? 'Velero is not installed on this cluster (no velero Deployment)'
        : `Velero's Deployment could not be read (${describeApiError(velero.error)})`;
    const blocked = failed('velero', reason, { startedAt: at, finishedAt: at, fixHint: 'Install Velero with a backup storage location, or remove backups.velero from the plan.' });
    return { kind: 'velero', writes: [], blocked, run: () => Promise.resolve(blocked) };
  }
  const namespace = velero.value.namespace;
  const name = veleroBackupName(plan.metadata.name, at);
  const body = buildVeleroBackup({ name, namespace, planName: plan.metadata.name, spec: plan.backups?.velero });
  const ns = (body as { spec: { includedNamespaces: string[] } }).spec.includedNamespaces;
  const write: PlannedWrite = {
    description: `create Velero Backup ${namespace}/${name} of ${ns.includes('*') ? 'all namespaces' : `namespaces ${ns.join(', ')}`}`,
    resource: VELERO_BACKUPS(namespace),
    body,
  };
  const timeoutMs = options.timeoutMs ?? VELERO_TIMEOUT_MS;

  const run = async (signal?: AbortSignal, onProgress?: ProgressListener): Promise<BackupResult> => {
    const startedAt = now().toISOString();
    const say = (message: string): void => onProgress?.({ kind: 'velero', message });
    const ref = { kind: 'Backup', namespace, name };
    const fail = (reason: string, objects = [ref], fixHint?: string): BackupResult =>
      failed('velero', reason, { startedAt, finishedAt: now().toISOString(), objects, evidence: { backup: name }, fixHint });
    say('Checking the Velero Backup with the API server (dry run)');
    const dry = await client.create<object>(write.resource, body, { dryRun: true }, signal);
    if (!dry.ok) return fail(`the API server refused the Velero Backup (dry run): ${describeApiError(dry.error)}`, []);
    say(`Creating Velero Backup ${namespace}/${name}`);
    const created = await client.create<ApiVeleroBackup>(write.resource, body, {}, signal);
    if (!created.ok) return fail(`the Velero Backup could not be created: ${describeApiError(created.error)}`, []);
    say(`Waiting for Velero to finish ${name}`);
    let phase = '';
    const done = await watchUntil<ApiVeleroBackup, ApiVeleroBackup>(
      client,
      write.resource,
      (items) => {
        const b = items.find((x) => x.metadata?.name === name);
        const p = b?.status?.phase ?? '';
        if (p && p !== phase) {
          phase = p;
          const prog = b?.status?.progress;
          say(`Velero backup ${name}: ${p}${prog?.totalItems ? ` (${prog.itemsBackedUp ?? 0}/${prog.totalItems} items)` : ''}`);
        }
        return veleroFinished(b) ? b : undefined;
      },
      { fieldSelector: `metadata.name=${name}`, timeoutMs, signal, what: `the Velero Backup ${namespace}/${name}` },
    );
    if (!done.ok) {
      return fail(waitSentence(done.error, `the Velero Backup ${namespace}/${name}`), [ref], `Velero may still finish it: \`velero backup describe ${name}\`.`);
    }
    return veleroResult(done.value, { startedAt, finishedAt: now().toISOString(), evidence: {} });
  };
  return { kind: 'velero', writes: [write], run };
}
