import { isPinnedTo } from '../../core/cluster/pinnedPlans';
import type { ClusterScope, ExplorerDeps, ExplorerNode } from './base';
import { GroupNode } from './groupNode';
import { MessageNode } from './messageNode';
import { PlanFileNode } from './planFileNode';

/** Plan files of the workspace pinned to this cluster. */
export class PlansGroupNode extends GroupNode {
  constructor(parent: ExplorerNode, scope: ClusterScope, deps: ExplorerDeps) {
    super(parent, scope, 'plans', 'Plans', 'checklist', deps);
  }
  override async getChildren(): Promise<ExplorerNode[]> {
    const s = await this.snapshot();
    if (!s) return [];
    const uid = s.kubeSystemUID.state === 'ok' ? s.kubeSystemUID.value : undefined;
    const plans = (await this.deps.plans.find()).filter((p) => isPinnedTo(p.pin, { context: s.context, server: s.server, kubeSystemUID: uid }));
    if (!plans.length) {
      return [new MessageNode(this, `${this.id}/none`, 'No plan pinned to this cluster', 'info', 'New Plan from Cluster…', { command: 'upgradePlanner.newPlanFromCluster', title: 'New Plan from Cluster…', arguments: [s.context] })];
    }
    return plans.map((p) => new PlanFileNode(this, p));
  }
}
