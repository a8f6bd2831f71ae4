import * as vscode from 'vscode';
import { Debouncer } from '../common/debounce';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import type { RiskEdge } from '../core/paths';
import { evaluateRisks, riskFileSizeProblem, parseRiskFile, toRiskEdges, type Risk, type RiskContext, type RiskProblem } from '../core/risks';

/** Where a team keeps its risk files (schemas/risk.schema.json). */
export const RISK_FILES_GLOB = '.upgradeplanner/risks/*.{yaml,yml}';

/**
 * The team's risk files in the workspace, kept current by a file watcher. Plan diagnostics use their
 * edges: a hop that matches one is "not recommended" until the plan accepts it by name. In the editor the
 * rules are not evaluated against a cluster, so every declared risk counts (as "could not be evaluated"),
 * which is the cautious reading. Problems in a risk file are shown on that file.
 */
export class WorkspaceRisks extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<void>());
  readonly onDidChange = this.changed.event;
  private readonly problems = this.register(vscode.languages.createDiagnosticCollection('upgradePlanner.risks'));
  private current: readonly RiskEdge[] = [];
  private readonly later = this.register(new Debouncer(200, () => void this.reload()));
  private reading: Promise<void> | undefined;

  constructor(private readonly log: Logger) {
    super();
    // A string pattern is matched against absolute paths: anchor it anywhere below the workspace.
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(`**/${RISK_FILES_GLOB}`));
    const later = (): void => this.later.schedule();
    this.register(watcher.onDidCreate(later));
    this.register(watcher.onDidChange(later));
    this.register(watcher.onDidDelete(later));
    // A recursive watcher can miss a file written right after its new folder: a created risks folder reads again.
    const folders = this.register(vscode.workspace.createFileSystemWatcher('**/.upgradeplanner{,/risks}', false, true, false));
    this.register(folders.onDidCreate(later));
    this.register(folders.onDidDelete(later));
    // Files created, deleted or renamed through VS Code are announced without waiting for the watcher.
    const ours = (uris: readonly vscode.Uri[]): boolean => uris.some((u) => u.path.includes('/.upgradeplanner/'));
    this.register(vscode.workspace.onDidCreateFiles((e) => ours(e.files) && later()));
    this.register(vscode.workspace.onDidDeleteFiles((e) => ours(e.files) && later()));
    this.register(vscode.workspace.onDidRenameFiles((e) => ours(e.files.flatMap((f) => [f.oldUri, f.newUri])) && later()));
  }

  edges(): readonly RiskEdge[] {
    return this.current;
  }

  /** Reads the files once; later calls wait for the same read. */
  load(): Promise<void> {
    this.reading ??= this.reload();
    return this.reading;
  }

  private async reload(): Promise<void> {
    const risks: Risk[] = [];
    this.problems.clear();
    // Risk files are data (nothing in them runs), so they are read in untrusted workspaces too.
    const files = await vscode.workspace.findFiles(RISK_FILES_GLOB, undefined, 200);
    for (const uri of files) {
      try {
        // The size is checked before reading: a risk file is a few KB, and the parser's limits start here.
        const stat = await vscode.workspace.fs.stat(uri);
        if ((stat.type & vscode.FileType.File) === 0) {
          this.problems.set(uri, [diagnostic({ message: 'This risk file is not a regular file; it is ignored.', path: '', document: 0 })]);
          continue;
        }
        const tooLarge = riskFileSizeProblem(stat.size);
        if (tooLarge) {
          this.problems.set(uri, [diagnostic(tooLarge)]);
          this.log.warn(`Risk file ${uri.fsPath} skipped: ${tooLarge.message}`);
          continue;
        }
        const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
        const parsed = parseRiskFile(text, vscode.workspace.asRelativePath(uri));
        risks.push(...parsed.risks);
        if (parsed.problems.length > 0) this.problems.set(uri, parsed.problems.map(diagnostic));
      } catch (e) {
        this.log.warn(`Cannot read risk file ${uri.fsPath}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    // No cluster objects and no Prometheus here: every rule is "not evaluated", so every risk counts.
    const noCluster: RiskContext = { objects: () => undefined };
    this.current = toRiskEdges(await evaluateRisks(risks, noCluster));
    this.log.debug(`Risk files: ${files.length} file(s), ${this.current.length} risky edge(s)`);
    this.changed.fire();
  }
}

/** A risk-file problem on its line (the first line when the parser could not say where). */
function diagnostic(p: RiskProblem): vscode.Diagnostic {
  const line = Math.max(0, (p.line ?? 1) - 1);
  const column = Math.max(0, (p.column ?? 1) - 1);
  const message = `${p.path && !p.message.startsWith(p.path) ? `${p.path}: ` : ''}${p.message}${p.document > 0 ? ` (document ${p.document + 1})` : ''}`;
  const d = new vscode.Diagnostic(new vscode.Range(line, column, line, Number.MAX_SAFE_INTEGER), message, vscode.DiagnosticSeverity.Error);
  d.source = 'Upgrade Planner';
  return d;
}
