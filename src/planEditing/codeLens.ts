import * as vscode from 'vscode';
import { isPlanDocument } from './selector';

/** A plan action's CodeLens: the command it runs (with the plan's URI) and how it reads. */
export interface PlanLens {
  readonly command: string;
  readonly title: string;
  /** A codicon name (`checklist`, `play`, …). */
  readonly icon: string;
  readonly tooltip?: string;
}

/**
 * Shows exactly the lenses it is given: the command table's plan actions (commands/planLenses.ts),
 * which are registered with the same table. No lens without its command, and no discovery at run time.
 */
export class PlanCodeLensProvider implements vscode.CodeLensProvider {
  constructor(private readonly lenses: readonly PlanLens[]) {}

  provideCodeLenses(doc: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.lenses.length || !isPlanDocument(doc)) return [];
    const line = findKindLine(doc);
    const range = new vscode.Range(line, 0, line, 0);
    return this.lenses.map(
      (l) => new vscode.CodeLens(range, { title: `$(${l.icon}) ${l.title}`, command: l.command, arguments: [doc.uri], ...(l.tooltip ? { tooltip: l.tooltip } : {}) }),
    );
  }
}

function findKindLine(doc: vscode.TextDocument): number {
  const max = Math.min(doc.lineCount, 60);
  for (let i = 0; i < max; i++) {
    if (/^kind:/.test(doc.lineAt(i).text)) return i;
  }
  return 0;
}
