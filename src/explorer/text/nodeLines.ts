import type { DistributionName } from '../../core/cluster/distribution';
import { roleWords } from '../../core/cluster/roles';
import type { NodeSummary } from '../../core/cluster/snapshot';
import { md } from '../markdown';

export type RowTone = 'ok' | 'warn' | 'error';

export interface NodeLine {
  readonly description: string;
  /** Markdown; every value the cluster supplied escaped. */
  readonly tooltip: string;
  readonly tone: RowTone;
}

/** One node: role as its distribution says it, kubelet version and skew, readiness and pressures. */
export function nodeLine(n: NodeSummary, distribution: DistributionName): NodeLine {
  const role = roleWords(n.roles, distribution);
  const state = [!n.ready ? 'NotReady' : '', ...n.pressures, n.unschedulable ? 'cordoned' : ''].filter(Boolean);
  const behind = n.skew.verdict === 'ok' && n.skew.minorsBehind > 0 ? n.skew.minorsBehind : 0;
  const skew = n.skew.verdict === 'violation' ? 'skew!' : behind ? `${behind} minor${behind > 1 ? 's' : ''} behind` : '';
  const tone: RowTone = !n.ready || n.skew.verdict === 'violation' ? 'error' : n.pressures.length > 0 || n.unschedulable || behind > 0 ? 'warn' : 'ok';
  const tooltip = [
    md`**${n.name}** — ${role}`,
    md`kubelet ${n.kubeletVersion}: ${n.skew.text}`,
    md`Ready: ${n.ready ? 'yes' : 'no'}${state.length ? ` · ${state.join(', ')}` : ''}`,
    n.osImage ? md`${n.osImage}` : '',
    n.containerRuntime ? md`${n.containerRuntime}` : '',
    n.internalIP ? md`${n.internalIP}` : '',
  ];
  return { description: [role, n.kubeletVersion, ...state, skew].filter(Boolean).join(' · '), tooltip: tooltip.filter(Boolean).join('\n\n'), tone };
}

/** The Nodes group: count, readiness, skew; the warning colour as soon as one node lags or is unwell. */
export function nodesGroupLine(list: readonly NodeSummary[]): { description: string; tooltip: string; tone: RowTone } {
  const notReady = list.filter((n) => !n.ready);
  const skew = list.filter((n) => n.skew.verdict === 'violation');
  const behind = list.filter((n) => n.skew.verdict === 'ok' && n.skew.minorsBehind > 0);
  const unwell = list.filter((n) => n.ready && (n.pressures.length > 0 || n.unschedulable));
  const description = [`${list.length}`, notReady.length ? `${notReady.length} not ready` : 'all ready', skew.length ? `${skew.length} skew violation${skew.length > 1 ? 's' : ''}` : '', behind.length ? `${behind.length} behind` : '']
    .filter(Boolean)
    .join(' · ');
  const names = (ns: readonly NodeSummary[]): string => ns.slice(0, 5).map((n) => n.name).join(', ') + (ns.length > 5 ? ', …' : '');
  const tooltip = [
    notReady.length ? `Not ready: ${names(notReady)}` : '',
    skew.length ? `Outside the version-skew policy: ${names(skew)}` : '',
    behind.length ? `Behind the API server's minor (allowed, but each must catch up one minor at a time): ${names(behind)}` : '',
    unwell.length ? `Under pressure or cordoned: ${names(unwell)}` : '',
  ].filter(Boolean);
  const tone: RowTone = notReady.length || skew.length ? 'error' : behind.length || unwell.length ? 'warn' : 'ok';
  return { description, tooltip: tooltip.length ? tooltip.join('\n') : `${list.length} nodes, all ready, all on the API server's minor.`, tone };
}
