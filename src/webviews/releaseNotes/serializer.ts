import * as vscode from 'vscode';
import { type Result, err, ok } from '../../common/result';
import { isPlanFileName, parsePlan } from '../../core/plans';
import { type NotesRange, planRanges, releaseNotesView } from '../../core/releaseNotes';
import type { Services } from '../../services';
import { newNonce } from './csp';
import { unrestoredPage } from './html';
import { type RestoreState, parsePageState } from './messages';
import { RELEASE_NOTES_VIEW_TYPE, restoreReleaseNotesPanel } from './panel';

/**
 * Brings Release Notes panels back after a window reload. VS Code hands over the state the page kept
 * (`setState`), which is validated like a message: a plan file of the workspace (its ranges are read
 * again, as its CodeLens would) or the ranges the panel showed. The notes are computed again from the
 * catalog. A state that is missing, malformed or names no plan of the workspace leaves a one-sentence page,
 * and the log says why. Register during activation (package.json: `onWebviewPanel:upgradePlanner.releaseNotes`).
 */
export function registerReleaseNotesSerializer(s: Services): vscode.Disposable {
  return vscode.window.registerWebviewPanelSerializer(RELEASE_NOTES_VIEW_TYPE, {
    deserializeWebviewPanel: (panel, state) => restore(s, panel, state),
  });
}

async function restore(s: Services, panel: vscode.WebviewPanel, state: unknown): Promise<void> {
  const kept = parsePageState(state)?.restore;
  if (!kept) return unrestored(s, panel, 'the state it kept is missing or malformed');
  const catalog = await s.catalog.load();
  if (!catalog) return unrestored(s, panel, 'the release catalog could not be loaded');
  const target = await rangesOf(kept);
  if (!target.ok) return unrestored(s, panel, target.error);
  const view = releaseNotesView(catalog, target.value.ranges, kept.title);
  restoreReleaseNotesPanel(panel, s.context.extensionUri, s.log, target.value.ranges, view, target.value.plan);
  s.log.info(`Release Notes: restored "${panel.title}"`);
}

/** The ranges to show: those kept, or those the kept plan names now. */
async function rangesOf(kept: RestoreState): Promise<Result<{ ranges: readonly NotesRange[]; plan?: vscode.Uri }>> {
  if (!('plan' in kept)) return ok({ ranges: kept.ranges });
  const plan = workspacePlan(kept.plan);
  if (!plan) return err('the plan it showed is not a plan file of this workspace');
  let text: string;
  try {
    // The open document when there is one, so unsaved edits count (as when the CodeLens opens it).
    text = (await vscode.workspace.openTextDocument(plan)).getText();
  } catch {
    return err(`the plan ${vscode.workspace.asRelativePath(plan)} cannot be read`);
  }
  const ranges = planRanges(parsePlan(text).value);
  if (ranges.length === 0) return err(`the plan ${vscode.workspace.asRelativePath(plan)} names no component to upgrade now`);
  return ok({ ranges, plan });
}

/** The kept plan URI when it parses and names a plan file inside a workspace folder; undefined otherwise. */
function workspacePlan(text: string): vscode.Uri | undefined {
  let uri: vscode.Uri;
  try {
    uri = vscode.Uri.parse(text, true);
  } catch {
    return undefined;
  }
  if (!isPlanFileName(uri.path) || uri.path.split('/').includes('..')) return undefined;
  return vscode.workspace.getWorkspaceFolder(uri) ? uri : undefined;
}

function unrestored(s: Services, panel: vscode.WebviewPanel, reason: string): void {
  s.log.warn(`Release Notes: "${panel.title}" was not restored after the reload: ${reason}`);
  panel.webview.options = { enableScripts: false, localResourceRoots: [] };
  panel.webview.html = unrestoredPage(panel.webview.cspSource, newNonce(), panel.title, reason);
}
