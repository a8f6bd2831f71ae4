import * as vscode from 'vscode';
import { Debouncer } from '../common/debounce';
import { Disposable } from '../common/lifecycle';
import { type NodeStep, type PhaseNodeRow, type PhaseRow, type PhaseStatus, type RunJournalState, phaseRows } from '../core/run';
import { onJournalAppended } from '../journal/journalFile';
import { journalUriOf, readPlanJournal } from './planJournal';
import { isPlanDocument } from '../planEditing/selector';

export const RUN_VIEW_ID = 'upgradePlanner.run';

/** One phase of the last run (a row), or one node of a K3s phase under it. */
export class RunPhaseNode {
  constructor(
    readonly row: PhaseRow,
    readonly node?: PhaseNodeRow,
  ) {}
}

const NODE_ICONS: Record<NodeStep, [string, string | undefined]> = {
  done: ['pass', 'testing.iconPassed'],
  upgrading: ['sync~spin', undefined],
  cordoned: ['debug-pause', 'list.warningForeground'],
  pending: ['circle-large-outline', undefined],
};

const ICONS: Record<PhaseStatus, [string, string | undefined]> = {
  done: ['pass', 'testing.iconPassed'],
  running: ['sync~spin', undefined],
  waiting: ['watch', 'list.warningForeground'],
  failed: ['error', 'list.errorForeground'],
  paused: ['debug-pause', 'list.warningForeground'],
  pending: ['circle-large-outline', undefined],
};

function clock(iso: string | undefined): string {
  return iso ? new Date(iso).toLocaleTimeString() : '';
}

/**
 * The Run view beside Preflight: the last run of the plan in the active editor, read from the journal
 * beside it, one row per phase with its status and times; redrawn when the journal grows (the executor
 * appends a line per step, whether this window runs it or another one did before a reload).
 */
export class RunView extends Disposable implements vscode.TreeDataProvider<RunPhaseNode> {
  readonly view: vscode.TreeView<RunPhaseNode>;
  private plan: vscode.Uri | undefined;
  private state: RunJournalState | undefined;
  private readonly changed = this.register(new vscode.EventEmitter<RunPhaseNode | undefined>());
  readonly onDidChangeTreeData = this.changed.event;
  private readonly reread = this.register(new Debouncer(200, () => void this.load()));

  constructor(private readonly log: vscode.LogOutputChannel) {
    super();
    this.view = this.register(vscode.window.createTreeView(RUN_VIEW_ID, { treeDataProvider: this }));
    const watcher = this.register(vscode.workspace.createFileSystemWatcher('**/*.journal.jsonl'));
    const onJournal = (uri: vscode.Uri): void => {
      if (this.plan && uri.toString() === journalUriOf(this.plan).toString()) this.reread.schedule();
    };
    this.register(watcher.onDidChange(onJournal));
    this.register(watcher.onDidCreate(onJournal));
    const unsubscribe = onJournalAppended((file) => {
      if (this.plan && file === journalUriOf(this.plan).fsPath) this.reread.schedule();
    });
    this.register({ dispose: unsubscribe });
    this.register(vscode.window.onDidChangeActiveTextEditor((e) => this.follow(e?.document)));
    this.follow(vscode.window.activeTextEditor?.document);
    void this.load();
  }

  /** Shows a plan's last run (when a run starts from elsewhere than its editor) and reads its journal now. */
  show(uri: vscode.Uri): Promise<void> {
    this.plan = uri;
    return this.load();
  }

  /** The state shown (the editor tier reads it). */
  get shown(): RunJournalState | undefined {
    return this.state;
  }

  private follow(doc: vscode.TextDocument | undefined): void {
    if (doc && isPlanDocument(doc) && doc.uri.toString() !== this.plan?.toString()) {
      this.plan = doc.uri;
      void this.load();
    }
  }

  private async load(): Promise<void> {
    const plan = this.plan;
    // No journal yet, or one that cannot be read: no run to show.
    const read = plan ? await readPlanJournal(plan) : undefined;
    const state = read?.ok ? read.value.state : undefined;
    if (plan !== this.plan) return;
    this.state = state;
    const file = plan?.path.split('/').pop();
    this.view.description = state ? `${file} · ${state.cluster.context}` : file;
    this.view.message = !plan
      ? 'Open a plan (*.upgradeplan.yaml): its last run shows here.'
      : !state
        ? 'This plan has not run yet: "Execute" from its CodeLens.'
        : `Run ${state.runId} started ${new Date(state.startedAt).toLocaleString()} — ${state.finished ? `finished: ${state.outcome ?? 'unknown'}` : state.paused ? `paused: ${state.paused.reason}` : state.waiting ? `waiting for the maintenance window (opens ${state.waiting.opensAt})` : 'not finished'}`;
    // The view's title buttons: Execute, or Resume and Cancel for an unfinished run; Roll Back until rolled back.
    const runState = !state ? 'none' : !state.finished ? 'unfinished' : state.outcome === 'rolled-back' ? 'rolled-back' : 'finished';
    void vscode.commands.executeCommand('setContext', 'upgradePlanner.runState', runState);
    this.log.debug(`Run view: ${plan?.fsPath ?? 'no plan'} ${state ? state.runId : 'no run'}`);
    this.changed.fire(undefined);
  }

  getChildren(node?: RunPhaseNode): RunPhaseNode[] {
    if (!this.state || node?.node) return [];
    if (node) return node.row.nodes.map((n) => new RunPhaseNode(node.row, n));
    return phaseRows(this.state).map((r) => new RunPhaseNode(r));
  }

  getTreeItem(n: RunPhaseNode): vscode.TreeItem {
    if (n.node) return this.nodeItem(n.row, n.node);
    const node = n.row;
    // A phase with nodes opens while it runs (the nodes moving are the news) and stays closed otherwise.
    const open = node.nodes.length ? (node.status === 'running' ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed) : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(node.title, open);
    // The status is part of the id: VS Code keeps an item's expanded state by id, so a phase that starts running
    // comes up open with its nodes, and closes again once it is done.
    item.id = `${this.state?.runId ?? ''}#${node.id}#${node.status}`;
    const times = node.doneAt ? `${clock(node.startedAt)} → ${clock(node.doneAt)}` : node.startedAt ? `since ${clock(node.startedAt)}` : '';
    item.description = [node.status, times].filter(Boolean).join(' · ');
    const [icon, color] = ICONS[node.status];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.tooltip = `${node.title} (${node.id}): ${node.status}${times ? `, ${times}` : ''}`;
    if (node.nodes.length) item.description += ` · ${node.nodes.filter((x) => x.step === 'done').length}/${node.nodes.length} nodes`;
    return item;
  }

  private nodeItem(phase: PhaseRow, node: PhaseNodeRow): vscode.TreeItem {
    const item = new vscode.TreeItem(node.node, vscode.TreeItemCollapsibleState.None);
    item.id = `${this.state?.runId ?? ''}#${phase.id}#${node.node}`;
    const times = node.step === 'done' && node.since && node.at ? `${clock(node.since)} → ${clock(node.at)}` : node.since ? `since ${clock(node.since)}` : '';
    item.description = [node.step, node.version, times].filter(Boolean).join(' · ');
    const [icon, color] = NODE_ICONS[node.step] ?? NODE_ICONS.pending;
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.tooltip = `${node.node} in ${phase.title}: ${node.step}${node.version ? ` (${node.version})` : ''}${times ? `, ${times}` : ''}`;
    return item;
  }
}
