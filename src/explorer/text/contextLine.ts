import type { Result } from '../../common/result';
import { type ApiError, describeApiError } from '../../core/cluster/errors';
import { type UpgradeAccess, describeAccess } from '../../core/cluster/permissions';
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
  readonly icon: 'vm' | 'vm-active' | 'sync~spin' | 'warning' | 'lock';
  readonly tone: 'ok' | 'warn' | 'error';
}

export const INSECURE_WORDS = 'TLS not verified';
export const READ_ONLY_WORDS = 'read-only';

/**
 * A kubeconfig context's row: current or not, what the cluster runs (or why it could not be read),
 * a read under way, `insecure-skip-tls-verify` — said on the row, never used silently — and
 * credentials that can read the cluster but not run an upgrade (`access`, from the access reviews).
 */
export function contextLine(c: ContextInfo, settled: SnapshotResult | undefined, reading: ReadState, access?: Result<UpgradeAccess, ApiError>): ContextLine {
  const summary = reading === 'retrying' ? 'Retrying…' : reading === 'reading' ? 'reading…' : settled?.ok ? `${settled.value.distribution.name} ${settled.value.apiServerVersion}` : settled ? FAILURE_WORD[settled.error.kind] : c.server;
  const insecure = c.insecureSkipTlsVerify === true;
  // Permissions belong to the read the row shows: not while re-reading, not beside a failure.
  const shownAccess = !reading && settled?.ok ? access : undefined;
  const readOnly = shownAccess?.ok === true && !shownAccess.value.canRun;
  const parts = [c.isCurrent ? '● current' : '', summary ?? '', readOnly ? READ_ONLY_WORDS : '', insecure ? `⚠ ${INSECURE_WORDS}` : ''].filter(Boolean);
  const tooltip = [
    md`**${c.name}**${c.isCurrent ? ' (current)' : ''}`,
    md`cluster ${c.cluster} · user ${c.user}${c.namespace ? ` · namespace ${c.namespace}` : ''}`,
    c.server ? md`${c.server}` : '',
    insecure
      ? md`⚠ **${INSECURE_WORDS}**: this cluster entry sets \`insecure-skip-tls-verify: true\`, so the server's certificate is not checked. Anything on the network path can pose as the API server and read the credentials sent to it.`
      : '',
    shownAccess ? accessTooltip(shownAccess) : '',
  ];
  const failed = !reading && settled !== undefined && !settled.ok;
  return {
    description: parts.join(' · '),
    tooltip: tooltip.filter(Boolean).join('\n\n'),
    icon: reading ? 'sync~spin' : insecure && !failed ? 'warning' : readOnly ? 'lock' : c.isCurrent ? 'vm-active' : 'vm',
    tone: failed ? 'error' : insecure ? 'warn' : 'ok',
  };
}

/** What the credentials may do for an upgrade run: every missing permission, named as RBAC names it, and what it is for. */
function accessTooltip(access: Result<UpgradeAccess, ApiError>): string {
  if (!access.ok) return md`Permissions for upgrades not checked: ${describeApiError(access.error)}`;
  const a = access.value;
  const item = (v: UpgradeAccess['missing'][number]): string =>
    md`- cannot ${describeAccess(v.access)}: needed to ${v.access.purpose}${v.access.onlyWhen ? ` (only when ${v.access.onlyWhen})` : ''}${v.reason ? ` — ${v.reason}` : ''}`;
  const head = a.canRun
    ? md`Can run upgrades: ${a.asked - a.missing.length} of the ${a.asked} permissions an upgrade run needs are granted.`
    : '**Read-only for upgrades**: these credentials can read the cluster but cannot execute an upgrade plan.';
  return a.missing.length ? `${head}\n\n${a.missing.map(item).join('\n')}` : head;
}
