import * as path from 'node:path';
import * as vscode from 'vscode';
import { Debouncer } from '../common/debounce';
import { Disposable } from '../common/lifecycle';
import { parsePlan } from '../core/plans/parse';
import type { Services } from '../services';
import { type Judgement, type PlanKubeVersions, judge, minorOf, planKubeVersionsOf, SETTING } from './judgement';
import { PLAN_GLOB, findPlanFiles, isPlanFile, readPlanFile } from '../workspace/planFiles';

const DEBOUNCE_MS = 300;

/**
 * Which Kubernetes versions manifests are judged against: the workspace's plan files (read from disk, or from
 * the text of an open plan), else the setting, else the newest minor of the release catalog. Fires on change.
 */
export class TargetVersions extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly plans = new Map<string, PlanKubeVersions>();
  private judgement: Judgement | undefined;
  private lastProblem: string | undefined;
  private readonly recompute = this.register(new Debouncer(50, () => this.update()));
  /** Any plan event lists the plans again: a deleted folder reports only itself, not the plans it held. */
  private readonly relist = this.register(new Debouncer(DEBOUNCE_MS, () => void this.readPlans()));
  private started = false;

  constructor(private readonly services: Services) {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(PLAN_GLOB));
    const onEvent = (): void => this.relist.schedule();
    this.register(watcher.onDidChange(onEvent));
    this.register(watcher.onDidCreate(onEvent));
    this.register(watcher.onDidDelete(onEvent));
    const deletions = this.register(vscode.workspace.createFileSystemWatcher('**/*', true, true, false));
    this.register(deletions.onDidDelete((uri) => {
      const key = uri.toString();
      if ([...this.plans.keys()].some((k) => k === key || k.startsWith(`${key}/`))) this.relist.schedule();
    }));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (isPlanFile(e.document.uri) && e.contentChanges.length > 0) this.relist.schedule();
    }));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => {
      if (isPlanFile(d.uri)) this.relist.schedule(0);
    }));
    this.register(services.catalog.onDidChange(() => this.recompute.schedule()));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTING)) this.recompute.schedule(0);
    }));
  }

  /** Reads every plan file and the catalog; resolves when the first judgement is known. */
  async start(): Promise<void> {
    await this.readPlans(false);
    await this.services.catalog.load();
    this.started = true;
    this.update();
  }

  current(): Judgement | undefined {
    return this.judgement;
  }

  /** The workspace's plan files (findFiles honours files.exclude) and unsaved plans, with their text. */
  private async readPlans(announce = true): Promise<void> {
    const uris = await findPlanFiles();
    // Unsaved plans count with their text; saved ones as on disk (VS Code keeps documents of deleted files around).
    const open = vscode.workspace.textDocuments.filter((d) => !d.isClosed && d.isDirty && isPlanFile(d.uri) && vscode.workspace.getWorkspaceFolder(d.uri) !== undefined);
    const all = new Map<string, vscode.Uri>([...uris, ...open.map((d) => d.uri)].map((u) => [u.toString(), u]));
    const read = await Promise.all([...all.values()].map(async (uri) => [uri.toString(), await this.readPlan(uri)] as const));
    if (this.isDisposed) return;
    const before = JSON.stringify([...this.plans.entries()].sort());
    this.plans.clear();
    for (const [key, plan] of read) if (plan) this.plans.set(key, plan);
    if (announce && JSON.stringify([...this.plans.entries()].sort()) !== before) this.recompute.schedule();
  }

  private async readPlan(uri: vscode.Uri): Promise<PlanKubeVersions | undefined> {
    const key = uri.toString();
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === key && !d.isClosed && d.isDirty);
    // Unsaved edits count; otherwise the file as saved (gone or unreadable: it does not count).
    const text = open ? open.getText() : await readPlanFile(uri);
    return text === undefined ? undefined : planKubeVersionsOf(parsePlan(text).value, path.basename(uri.path));
  }

  private update(): void {
    if (!this.started) return;
    const newest = this.services.catalog.current()?.newest()?.version;
    const m = newest ? minorOf(newest) : undefined;
    const setting = vscode.workspace.getConfiguration().get<string>(SETTING) ?? '';
    const plans = [...this.plans.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, p]) => p);
    const { judgement, problem } = judge({ plans, setting, newestKnown: m ? `${m.major}.${m.minor}` : undefined });
    if (problem && problem !== this.lastProblem) this.services.log.warn(problem);
    this.lastProblem = problem;
    const same = JSON.stringify(judgement) === JSON.stringify(this.judgement);
    this.judgement = judgement;
    if (!same) {
      if (judgement) this.services.log.info(`Removed APIs: manifests are judged against Kubernetes ${judgement.targetMinor}: ${judgement.because}`);
      this.changed.fire();
    }
  }
}
