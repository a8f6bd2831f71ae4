import * as vscode from 'vscode';
import type { ExplorerNode } from './nodes/base';

/** A rendered row: what VS Code shows for a node (label, description), and its children when asked. */
export interface TreeRow {
  readonly label: string;
  readonly description: string | undefined;
  readonly contextValue: string | undefined;
  readonly children?: TreeRow[];
}

function labelOf(item: vscode.TreeItem): string {
  const l = item.label;
  return typeof l === 'string' ? l : (l?.label ?? '');
}

/**
 * The tree as the provider renders it, `depth` levels deep (0: the roots only). For the editor
 * tier and diagnostics; expands only what is asked, so it reads only the clusters it descends into.
 */
export async function dumpTree(
  provider: vscode.TreeDataProvider<ExplorerNode>,
  depth: number,
  descend: (row: TreeRow) => boolean = () => true,
  parent?: ExplorerNode,
): Promise<TreeRow[]> {
  const nodes = (await provider.getChildren(parent)) ?? [];
  const rows: TreeRow[] = [];
  for (const node of nodes) {
    const item = await provider.getTreeItem(node);
    const row: TreeRow = { label: labelOf(item), description: typeof item.description === 'string' ? item.description : undefined, contextValue: item.contextValue };
    const expandable = item.collapsibleState !== undefined && item.collapsibleState !== vscode.TreeItemCollapsibleState.None;
    rows.push(depth > 0 && expandable && descend(row) ? { ...row, children: await dumpTree(provider, depth - 1, descend, node) } : row);
  }
  return rows;
}
