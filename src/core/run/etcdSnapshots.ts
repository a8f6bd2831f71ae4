import type { BackupEntry, JournalEntry } from '../journal/entries';
import type { RunEntry } from './journal';

/** The etcd snapshots a journal recorded, as the way back chooses among them (core/run/rollback). */

/** An etcd snapshot that may take the cluster back: its names, node, location and, when known, the K3s version it was taken on. */
export interface EtcdSnapshotCandidate {
  /** The ETCDSnapshotFile's name. */
  readonly file: string;
  /** `spec.snapshotName`: the file name on disk (or in the bucket). */
  readonly snapshotName: string;
  readonly node: string | undefined;
  /** `file:///var/lib/rancher/k3s/server/db/snapshots/…` or `s3://…`. */
  readonly location: string | undefined;
  readonly createdAt: string | undefined;
  /** `spec.metadata.k3sVersion` when the file carries it. */
  readonly k3sVersion: string | undefined;
}

/** The verified etcd snapshots the journal's backup entries recorded (any run), newest last. */
export function etcdSnapshotsFromJournal(entries: readonly (JournalEntry | RunEntry)[]): EtcdSnapshotCandidate[] {
  const str = (v: unknown): string | undefined => (typeof v === 'string' && v ? v : undefined);
  return entries
    .filter((e): e is BackupEntry => e.type === 'backup' && e.kind === 'etcd-snapshot' && e.status === 'verified')
    .map((e) => ({
      file: str(e.evidence.snapshotFile) ?? '',
      snapshotName: str(e.evidence.snapshotName) ?? '',
      node: str(e.evidence.node),
      location: str(e.evidence.location),
      createdAt: str(e.evidence.createdAt) ?? e.finishedAt,
      k3sVersion: str(e.evidence.k3sVersion),
    }))
    .filter((s) => s.file && s.snapshotName);
}
