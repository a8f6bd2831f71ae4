import { type Result, err, ok } from '../../common/result';
import type { ApiError } from '../../core/cluster/errors';
import type { BackupKind, BackupResult, PlannedWrite, ProgressListener } from '../../core/backups/types';
import type { KubeClient } from '../client';

/**
 * A backup ready to run: the writes it will make (for the user to review, and to dry-run), then `run`.
 *   const prepared = prepareEtcdSnapshot(client, snapshot, plan);
 *   const answers = await dryRunWrites(client, prepared.writes);   // the server's objects, to diff against `current`
 *   // … the user confirms …
 *   const result = await prepared.run(signal, (p) => progress.report({ message: p.message }));
 */
export interface PreparedBackup {
  readonly kind: BackupKind;
  /** What `run` creates, in order; empty when it only reads (the manifest export) or cannot run. */
  readonly writes: readonly PlannedWrite[];
  /** Set when the backup cannot be taken on this cluster (no etcd server, no Velero): `run` returns it. */
  readonly blocked?: BackupResult;
  /** Dry-runs every write again, makes them, waits and verifies. Never throws: failures are results. */
  run(signal?: AbortSignal, onProgress?: ProgressListener): Promise<BackupResult>;
}

/** A write and what the API server answered to its dry run (defaults, admission and validation applied). */
export interface DryRunAnswer {
  readonly write: PlannedWrite;
  readonly server: object;
}

/** Dry-runs each write (`?dryRun=All`): nothing is stored; the first refusal ends it, as the API server said it. */
export async function dryRunWrites(client: KubeClient, writes: readonly PlannedWrite[], signal?: AbortSignal): Promise<Result<DryRunAnswer[], { write: PlannedWrite; error: ApiError }>> {
  const out: DryRunAnswer[] = [];
  for (const write of writes) {
    const r = await client.create<object>(write.resource, write.body, { dryRun: true }, signal);
    if (!r.ok) return err({ write, error: r.error });
    out.push({ write, server: r.value });
  }
  return ok(out);
}

/** A `{ name, namespace }` of a created object's answer. */
export function metaOf(o: unknown): { name: string; namespace: string | undefined; uid: string | undefined } {
  const m = (o as { metadata?: { name?: unknown; namespace?: unknown; uid?: unknown } } | undefined)?.metadata;
  return {
    name: typeof m?.name === 'string' ? m.name : '',
    namespace: typeof m?.namespace === 'string' ? m.namespace : undefined,
    uid: typeof m?.uid === 'string' ? m.uid : undefined,
  };
}
