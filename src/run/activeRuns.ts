import type * as vscode from 'vscode';

/**
 * The plans with a run going in this window (an executor driving it). The way back (cancel, roll back)
 * and a second Execute or Resume are refused for those: the run's own Cancel stops it.
 */
const active = new Set<string>();

/** Marks `plan` as running until the returned function is called. */
export function beginRun(plan: vscode.Uri): () => void {
  const key = plan.toString();
  active.add(key);
  return () => active.delete(key);
}

export function runIsActive(plan: vscode.Uri): boolean {
  return active.has(plan.toString());
}
