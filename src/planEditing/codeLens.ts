import * as vscode from 'vscode';
import { isPlanDocument } from './selector';

/** The plan actions, each wired to the command that implements it once that command is registered. */
export const PLAN_LENSES = [
  { title: '$(checklist) Preflight', command: 'upgradePlanner.preflight', what: 'Preflight checks' },
  { title: '$(debug-alt) Dry run', command: 'upgradePlanner.dryRun', what: 'The server-side dry run' },
  { title: '$(play) Execute', command: 'upgradePlanner.execute', what: 'Plan execution' },
  { title: '$(book) Release notes', command: 'upgradePlanner.showReleaseNotes', what: 'The release-notes diff' },
] as const;

/** Internal command behind a lens whose feature is not in this build; underscore-prefixed, so not a palette command. */
export const LENS_NOT_READY = '_upgradePlanner.planLensNotReady';

export class PlanCodeLensProvider implements vscode.CodeLensProvider {
  private available: Set<string> | undefined;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;

  /** Commands arrive as other features register them: re-check now and then (cheap; VS Code caches the list). */
  async refreshAvailable(): Promise<void> {
    const all = new Set(await vscode.commands.getCommands(true));
    const before = [...(this.available ?? [])].join();
    this.available = new Set(PLAN_LENSES.map((l) => l.command).filter((c) => all.has(c)));
    if ([...this.available].join() !== before) this.changed.fire();
  }

  async provideCodeLenses(doc: vscode.TextDocument): Promise<vscode.CodeLens[]> {
    if (!isPlanDocument(doc)) return [];
    if (!this.available) await this.refreshAvailable();
    const line = findKindLine(doc);
    const range = new vscode.Range(line, 0, line, 0);
    return PLAN_LENSES.map((l) =>
      this.available?.has(l.command)
        ? new vscode.CodeLens(range, { title: l.title, command: l.command, arguments: [doc.uri] })
        : new vscode.CodeLens(range, { title: l.title, command: LENS_NOT_READY, arguments: [l.what, l.command], tooltip: `${l.what} is not available in this build yet` }),
    );
  }

  dispose(): void {
    this.changed.dispose();
  }
}

function findKindLine(doc: vscode.TextDocument): number {
  const max = Math.min(doc.lineCount, 60);
  for (let i = 0; i < max; i++) {
    if (/^kind:/.test(doc.lineAt(i).text)) return i;
  }
  return 0;
}

export function lensNotReady(what: unknown, command: unknown): void {
  void vscode.window.showInformationMessage(`${String(what)} is not available in this build yet: the command ${String(command)} has not been registered by its feature. The plan itself is complete; run it once that feature ships.`);
}
