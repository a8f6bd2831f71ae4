import * as vscode from 'vscode';
import { stringify } from 'yaml';
import { Disposable } from '../common/lifecycle';
import { isRecord } from '../common/guards';

export const DRY_RUN_SCHEME = 'upgrade-planner-dryrun';

/** Fields that are noise in a diff (the server's bookkeeping), and values that must never be shown. */
function forDisplay(obj: unknown): unknown {
  if (!isRecord(obj)) return obj;
  const copy: Record<string, unknown> = { ...obj };
  if (isRecord(copy.metadata)) {
    const { managedFields: _m, ...meta } = copy.metadata;
    void _m;
    copy.metadata = meta;
  }
  // A Secret's values stay out of an editor tab, even in a dry run's answer.
  if (copy.kind === 'Secret') {
    for (const k of ['data', 'stringData']) {
      if (isRecord(copy[k])) copy[k] = Object.fromEntries(Object.keys(copy[k]).map((key) => [key, '(hidden)']));
    }
  }
  return copy;
}

/**
 * Read-only documents for the diff editor: the object as it is on the cluster (empty for a create) on
 * the left, the API server's answer to the dry run (`dryRun=All`) on the right. Content lives in
 * memory for the session; nothing is written to disk.
 */
export class DryRunDocuments extends Disposable implements vscode.TextDocumentContentProvider {
  private readonly docs = new Map<string, string>();
  private next = 0;

  constructor() {
    super();
    this.register(vscode.workspace.registerTextDocumentContentProvider(DRY_RUN_SCHEME, this));
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.docs.get(uri.path) ?? '# This dry-run document is no longer available: run the dry run again.\n';
  }

  /** Opens one diff: `current` (undefined: the object does not exist yet) against the dry run's answer. */
  async showDiff(title: string, current: unknown, answer: unknown): Promise<void> {
    const id = ++this.next;
    const left = vscode.Uri.from({ scheme: DRY_RUN_SCHEME, path: `/${id}/current.yaml` });
    const right = vscode.Uri.from({ scheme: DRY_RUN_SCHEME, path: `/${id}/dry-run.yaml` });
    this.docs.set(left.path, current === undefined ? '# Does not exist yet: the write creates it.\n' : stringify(forDisplay(current)));
    this.docs.set(right.path, stringify(forDisplay(answer)));
    await vscode.commands.executeCommand('vscode.diff', left, right, `${title} (current ↔ dry run)`, { preview: false });
  }

  /** How many diffs were opened this session (the editor tier checks that a dry run showed its diffs). */
  get opened(): number {
    return this.next;
  }
}
