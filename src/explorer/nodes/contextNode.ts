import * as vscode from 'vscode';
import type { ClusterSnapshot, SnapshotResult } from '../../core/cluster/snapshot';
import type { ContextInfo } from '../../kube/kubeconfig';
import { type ReadState, contextLine } from '../text/contextLine';
import { type ClusterScope, type ExplorerDeps, ExplorerNode } from './base';
import { ComponentsGroupNode } from './componentsGroupNode';
import { ErrorNode } from './errorNode';
import { NodesGroupNode } from './nodesGroupNode';
import { PlansGroupNode } from './plansGroupNode';
import { RemovedApisGroupNode } from './removedApisGroupNode';
import { SnapshotsGroupNode } from './snapshotsGroupNode';
import { toneColor } from './tone';
import { VersionNode } from './versionNode';

/** The least time a row shows "Retrying…", so that a retry that fails at once is still seen to happen. */
const MIN_READING_SHOWN_MS = 600;

/** A kubeconfig context; expanding it reads the cluster (once, cached by the model). */
export class ContextNode extends ExplorerNode {
  private groups: { snapshot: ClusterSnapshot; children: ExplorerNode[] } | undefined;
  nodesGroup: NodesGroupNode | undefined;
  plansGroup: PlansGroupNode | undefined;
  /** Kept while the cluster read it was made for stands (re-renders keep its findings; a re-read drops them). */
  private removedApis: { takenAt: string; node: RemovedApisGroupNode } | undefined;
  private reading: ReadState;
  private readingSince = 0;
  /** The last result the row showed, so that a re-read after a failure says "Retrying…". */
  private lastSettled: SnapshotResult | undefined;
  /** What the rows below read the cluster through. */
  private readonly scope: ClusterScope;

  constructor(
    readonly info: ContextInfo,
    private readonly deps: ExplorerDeps,
  ) {
    super(undefined, `ctx/${info.name}`);
    const model = deps.model;
    this.scope = {
      contextName: info.name,
      current: async () => {
        const r = await model.snapshot(info.name);
        return r.ok ? r.value : undefined;
      },
      settled: () => {
        const r = model.peek(info.name);
        return r?.ok ? r.value : undefined;
      },
    };
  }

  override get contextName(): string {
    return this.info.name;
  }

  /** Drops cached children so that the next expansion rebuilds them from a new snapshot. */
  invalidate(): void {
    this.groups = undefined;
    this.nodesGroup = undefined;
    this.plansGroup = undefined;
  }

  /**
   * Marks a read under way (the cluster was dropped for a re-read: Retry, a watch that expired) until
   * it settles, so that the row says "Retrying…" instead of looking unchanged.
   */
  startReading(): void {
    const settled = this.deps.model.peek(this.info.name) ?? this.lastSettled;
    this.reading = settled && !settled.ok ? 'retrying' : 'reading';
    this.readingSince = Date.now();
  }

  /** How much longer the row should say "Retrying…": a refused connection fails in milliseconds, too fast to see. */
  readingLeftMs(): number {
    return this.reading ? Math.max(0, this.readingSince + MIN_READING_SHOWN_MS - Date.now()) : 0;
  }

  stopReading(): void {
    this.reading = undefined;
  }

  getTreeItem(): vscode.TreeItem {
    const c = this.info;
    const item = new vscode.TreeItem(c.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = this.id;
    const settled = this.deps.model.peek(c.name);
    if (settled) this.lastSettled = settled;
    const line = contextLine(c, settled, this.reading, this.deps.model.upgradeAccess(c.name));
    item.description = line.description;
    item.iconPath = new vscode.ThemeIcon(line.icon, toneColor(line.tone));
    item.contextValue = c.isCurrent ? 'upgradePlanner.context.current' : 'upgradePlanner.context';
    item.tooltip = new vscode.MarkdownString(line.tooltip);
    return item;
  }

  override async getChildren(): Promise<ExplorerNode[]> {
    const r = await this.deps.model.snapshot(this.info.name);
    if (!r.ok) {
      this.invalidate();
      return [new ErrorNode(this, `${this.id}/error`, r.error)];
    }
    if (this.groups?.snapshot !== r.value) {
      this.nodesGroup = new NodesGroupNode(this, this.scope);
      this.plansGroup = new PlansGroupNode(this, this.scope, this.deps);
      if (this.removedApis?.takenAt !== r.value.takenAt) this.removedApis = { takenAt: r.value.takenAt, node: new RemovedApisGroupNode(this, this.scope, this.deps) };
      this.groups = {
        snapshot: r.value,
        children: [
          new VersionNode(this, r.value, this.deps),
          this.nodesGroup,
          new ComponentsGroupNode(this, this.scope, this.deps),
          new SnapshotsGroupNode(this, this.scope, this.deps),
          this.removedApis.node,
          this.plansGroup,
        ],
      };
    }
    return this.groups.children;
  }
}
