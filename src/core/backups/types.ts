import type { Evidence, ObjectRef } from '../preflight/result';

/**
 * What a backup is, as a value a run records in its journal (plain data: no functions, no Dates),
 * and what it writes to the cluster, as planned writes that are dry-run before they are made.
 */

export type BackupKind = 'etcd-snapshot' | 'velero' | 'manifest-export';

export type BackupStatus = 'verified' | 'failed';

export interface BackupResult {
  readonly kind: BackupKind;
  /** `verified`: the backup exists and passed its checks; `failed`: it does not, or it could not be checked. */
  readonly status: BackupStatus;
  /** One line. */
  readonly reason: string;
  /** ISO 8601. */
  readonly startedAt: string;
  /** ISO 8601. */
  readonly finishedAt: string;
  /** What the backup created or read: the Job, the ETCDSnapshotFile, the Velero Backup, the export folder. */
  readonly objects: readonly ObjectRef[];
  /** Names, sizes, sums, times, node: what the verdict was decided on. */
  readonly evidence: Evidence;
  readonly fixHint?: string;
}

/** A collection a write goes to (the shape of the kube layer's ResourceRef, without importing it). */
export interface WriteTarget {
  readonly group: string;
  readonly version: string;
  readonly resource: string;
  readonly namespace?: string;
}

/** One change to the cluster, shown to the user (and dry-run) before it is made. */
export interface PlannedWrite {
  /** One line: `create Job system-upgrade/etcd-snapshot-… on k3s-server-1`. */
  readonly description: string;
  readonly resource: WriteTarget;
  readonly body: object;
  /** What is there now; undefined for a create. */
  readonly current?: object;
}

/** A step of a running backup, for a progress bar: one line, never secret. */
export interface BackupProgress {
  readonly kind: BackupKind;
  readonly message: string;
}

export type ProgressListener = (p: BackupProgress) => void;
