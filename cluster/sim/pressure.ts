// Node pressure: the nodePressure knob (`k3s-agent-3=MemoryPressure,k3s-agent-4=DiskPressure+PIDPressure`) holds
// those node conditions True through nodes/status, as a kubelet under pressure reports them; clearing the knob sets
// them back to False. Only conditions this simulator set (its message) are cleared. kwok's heartbeat stage rewrites
// every condition from its defaults every 10–20 minutes: the node watch sees that and the condition is set again.
import { Informer, type Kube } from './kube';
import type { Condition, Faults, Node } from './types';

export const PRESSURE_TYPES = ['MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

const MARK = 'simulated by the upgrade-planner simulator (nodePressure knob)';

/** Kubelet's reason for each condition True, and its reason and message for False (as kwok writes them too). */
const REASONS: Record<string, [string, string, string]> = {
  MemoryPressure: ['KubeletHasInsufficientMemory', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'],
  DiskPressure: ['KubeletHasDiskPressure', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'],
  PIDPressure: ['KubeletHasInsufficientPID', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'],
};

/** `a=MemoryPressure,b=DiskPressure+PIDPressure` → node → condition types; unknown types are dropped. */
export function parseNodePressure(text: string | undefined): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const entry of (text ?? '').split(',')) {
    const [node, conds] = entry.split('=').map((s) => s.trim());
    if (!node || !conds) continue;
    const set = out.get(node) ?? new Set<string>();
    for (const c of conds.split(/[+|]/).map((s) => s.trim())) if ((PRESSURE_TYPES as readonly string[]).includes(c)) set.add(c);
    if (set.size) out.set(node, set);
  }
  return out;
}

export class PressureSimulator {
  constructor(
    private readonly kube: Kube,
    private readonly nodes: Informer<Node>,
    private readonly log: (s: string) => void,
  ) {}

  async reconcile(faults: Faults): Promise<void> {
    for (const node of this.nodes.list()) {
      const want = faults.nodePressure.get(node.metadata.name) ?? new Set<string>();
      const changes: Condition[] = [];
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      for (const type of PRESSURE_TYPES) {
        const cur = node.status?.conditions?.find((c) => c.type === type);
        if (want.has(type) && cur?.status !== 'True') {
          changes.push({ type, status: 'True', reason: REASONS[type][0], message: MARK, lastTransitionTime: now, lastHeartbeatTime: now } as Condition);
        } else if (!want.has(type) && cur?.status === 'True' && cur.message === MARK) {
          changes.push({ type, status: 'False', reason: REASONS[type][1], message: REASONS[type][2], lastTransitionTime: now, lastHeartbeatTime: now } as Condition);
        }
      }
      if (!changes.length) continue;
      try {
        // Strategic merge: conditions merge by type, the others stay as kwok wrote them.
        const updated = await this.kube.request<Node>('PATCH', `/api/v1/nodes/${node.metadata.name}/status`, { status: { conditions: changes } }, 'application/strategic-merge-patch+json');
        this.nodes.cache.set(Informer.key(updated), updated);
        this.log(`node ${node.metadata.name}: ${changes.map((c) => `${c.type}=${c.status}`).join(', ')}`);
      } catch (e) {
        this.log(`node ${node.metadata.name}: ${String(e)}`);
      }
    }
  }
}
