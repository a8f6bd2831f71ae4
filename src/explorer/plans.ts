import * as vscode from 'vscode';
import { type PlanPin, planPinOf } from '../core/cluster/pinnedPlans';

export interface PlanFile {
  readonly uri: vscode.Uri;
  readonly pin: PlanPin;
}

/** Plan files of the workspace with their pins; re-read on each ask (the Plans group is lazy). */
export interface PlanFinder {
  find(): Promise<PlanFile[]>;
}

export const workspacePlans: PlanFinder = {
  async find() {
    const uris = await vscode.workspace.findFiles('**/*.upgradeplan.yaml', '**/node_modules/**', 500);
    if (!uris.length) return [];
    // Loaded on first use: the YAML parser is not needed to activate.
    const { MAX_CHECKED_BYTES, parsePlan } = await import('../core/plans/parse');
    const files = await Promise.all(
      uris.map(async (uri): Promise<PlanFile | undefined> => {
        try {
          // Only regular files up to the size the plan editor checks; a larger one is not read at all.
          const stat = await vscode.workspace.fs.stat(uri);
          if ((stat.type & vscode.FileType.File) === 0 || stat.size > MAX_CHECKED_BYTES) return undefined;
          const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          // Through the YAML gate (size, nesting, duplicate keys, aliases): a plan it refuses has no pin.
          const pin = planPinOf(parsePlan(text).value);
          return pin ? { uri, pin } : undefined;
        } catch {
          return undefined; // An unreadable or invalid plan is the plan editor's business, not the explorer's.
        }
      }),
    );
    return files.filter((f): f is PlanFile => f !== undefined).sort((a, b) => a.uri.path.localeCompare(b.uri.path));
  },
};
