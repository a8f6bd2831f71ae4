import { execFile } from 'node:child_process';
import * as os from 'node:os';
import * as vscode from 'vscode';

const GIT_TIMEOUT_MS = 3000;
const MAX_NAME_CHARS = 100;

/**
 * Who ticks an item: `git config user.name` (git run directly with fixed arguments, no shell, with a
 * timeout), else the OS user name. In an untrusted workspace git runs from the home folder, so only
 * the user's own configuration is read, never the workspace repository's.
 */
export async function reviewerName(plan: vscode.Uri): Promise<string> {
  const folder = vscode.workspace.getWorkspaceFolder(plan);
  const cwd = vscode.workspace.isTrusted && folder?.uri.scheme === 'file' ? folder.uri.fsPath : os.homedir();
  const fromGit = await gitUserName(cwd);
  return fromGit ?? osUserName();
}

function gitUserName(cwd: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    try {
      execFile('git', ['config', 'user.name'], { cwd, timeout: GIT_TIMEOUT_MS, windowsHide: true, maxBuffer: 4096 }, (error, stdout) => {
        const name = error ? '' : String(stdout).trim();
        resolve(name ? name.slice(0, MAX_NAME_CHARS) : undefined);
      });
    } catch {
      resolve(undefined); // git missing or not runnable
    }
  });
}

function osUserName(): string {
  try {
    return os.userInfo().username.slice(0, MAX_NAME_CHARS) || 'unknown';
  } catch {
    return process.env.USER ?? process.env.USERNAME ?? 'unknown';
  }
}

/** Now, ISO 8601 to the second (`2025-06-01T10:00:00Z`). */
export function nowIso(): string {
  return new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
}
