import * as vscode from 'vscode';

/** The icon colour of a row: none when all is well, the list's warning or error colour otherwise. */
export function toneColor(tone: 'ok' | 'warn' | 'error'): vscode.ThemeColor | undefined {
  return tone === 'error' ? new vscode.ThemeColor('list.errorForeground') : tone === 'warn' ? new vscode.ThemeColor('list.warningForeground') : undefined;
}
