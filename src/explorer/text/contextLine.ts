import type { ApiError } from '../../core/cluster/errors';
import type { SnapshotResult } from '../../core/cluster/snapshot';
import type { ContextInfo } from '../../kube/kubeconfig';
import { md } from '../markdown';

const FAILURE_WORD: Record<ApiError['kind'], string> = {
  unreachable: 'unreachable',
  unauthorized: 'unauthorized (401)',
  forbidden: 'forbidden (403)',
  absent: 'not found',
  aborted: 'cancelled',
  failed: 'read failed',
};

/** What the row says while a read is under way: a retry after a failure, or a (re-)read. */
export type ReadState = 'retrying' | 'reading' | undefined;

export interface ContextLine {
  readonly description: string;
  /** Markdown; kubeconfig names and the server URL escaped. */
  readonly tooltip: string;
  readonly icon: 'vm' | 'vm-active' | 'sync~spin' | 'warning';
  readonly tone: 'ok' | 'warn' | 'error';
}

export const INSECURE_WORDS = 'TLS not verified';

/**
 * A kubeconfig context's row: current or not, what the cluster runs (or why it could not be read),
 * a read under way, and `insecure-skip-tls-verify` — said on the row, never used silently.
 */
export function contextLine(c: ContextInfo, settled: SnapshotResult | undefined, reading: ReadState): ContextLine {
  const summary = reading === 'retrying' ? 'Retrying…' : reading === 'reading' ? 'reading…' : settled?.ok ? `${settled.value.distribution.name} ${settled.value.apiServerVersion}` : settled ? FAILURE_WORD[settled.error.kind] : c.server;
  const insecure = c.insecureSkipTlsVerify === true;
  const parts = [c.isCurrent ? '● current' : '', summary ?? '', insecure ? `⚠ ${INSECURE_WORDS}` : ''].filter(Boolean);
  const tooltip = [
    md`**${c.name}**${c.isCurrent ? ' (current)' : ''}`,
    md`cluster ${c.cluster} · user ${c.user}${c.namespace ? ` · namespace ${c.namespace}` : ''}`,
    c.server ? md`${c.server}` : '',
    insecure
      ? md`⚠ **${INSECURE_WORDS}**: this cluster entry sets \`insecure-skip-tls-verify: true\`, so the server's certificate is not checked. Anything on the network path can pose as the API server and read the credentials sent to it.`
      : '',
  ];
  const failed = !reading && settled !== undefined && !settled.ok;
  return {
    description: parts.join(' · '),
    tooltip: tooltip.filter(Boolean).join('\n\n'),
    icon: reading ? 'sync~spin' : insecure && !failed ? 'warning' : c.isCurrent ? 'vm-active' : 'vm',
    tone: failed ? 'error' : insecure ? 'warn' : 'ok',
  };
}
