import * as vscode from 'vscode';
import { MAX_CHECKED_BYTES } from '../core/plans/parse';
import { isPlanFileName } from '../core/plans/model';

/** Every plan file of the workspace: `*.upgradeplan.yaml` (or `.yml`). For findFiles and file watchers. */
export const PLAN_GLOB = '**/*.upgradeplan.{yaml,yml}';
/** More plan files than this are not listed. */
export const MAX_PLAN_FILES = 500;

export function isPlanFile(uri: vscode.Uri): boolean {
  return isPlanFileName(uri.path);
}

/** The workspace's plan files (findFiles honours files.exclude; node_modules is skipped). */
export function findPlanFiles(): Thenable<vscode.Uri[]> {
  return vscode.workspace.findFiles(PLAN_GLOB, '**/node_modules/**', MAX_PLAN_FILES);
}

/**
 * A plan file's text as saved on disk: only a regular file up to the size the plan editor checks (a larger
 * one, a FIFO or a folder is not read); undefined when it is not readable.
 */
export async function readPlanFile(uri: vscode.Uri): Promise<string | undefined> {
  try {
    const stat = await vscode.workspace.fs.stat(uri);
    if ((stat.type & vscode.FileType.File) === 0 || stat.size > MAX_CHECKED_BYTES) return undefined;
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return undefined;
  }
}
