import type * as vscode from 'vscode';
import { type PlanPin, planPinOf } from '../core/cluster/pinnedPlans';
import { findPlanFiles, readPlanFile } from '../workspace/planFiles';

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
    const uris = await findPlanFiles();
    if (!uris.length) return [];
    // Loaded on first use: the YAML parser is not needed to activate.
    const { parsePlan } = await import('../core/plans/parse');
    const files = await Promise.all(
      uris.map(async (uri): Promise<PlanFile | undefined> => {
        const text = await readPlanFile(uri);
        // Through the YAML gate (size, nesting, duplicate keys, aliases): a plan it refuses has no pin.
        // An unreadable or invalid plan is the plan editor's business, not the explorer's.
        const pin = text === undefined ? undefined : planPinOf(parsePlan(text).value);
        return pin ? { uri, pin } : undefined;
      }),
    );
    return files.filter((f): f is PlanFile => f !== undefined).sort((a, b) => a.uri.path.localeCompare(b.uri.path));
  },
};
