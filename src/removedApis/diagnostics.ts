import * as vscode from 'vscode';
import { Disposable } from '../common/lifecycle';
import { type LocatedFinding, type LocatedRef, findingsOf } from './fileScan';
import type { Judgement } from './judgement';
import type { ManifestScanner } from './manifestScanner';
import { diagnosticMessage } from './messages';
import type { TargetVersions } from './targetVersions';

export const SOURCE = 'Upgrade Planner';

export function rangeOf(ref: LocatedRef): vscode.Range {
  return new vscode.Range(ref.from.line, ref.from.character, ref.to.line, ref.to.character);
}

/** A diagnostic that remembers its finding, for the quick fix and the hover. */
export class RemovedApiDiagnostic extends vscode.Diagnostic {
  constructor(readonly found: LocatedFinding, j: Judgement) {
    const f = found.finding;
    super(rangeOf(found.ref), diagnosticMessage(f, j, found.ref.bestEffort), f.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    this.source = SOURCE;
    this.code = f.status === 'removed' ? 'removed-api' : 'deprecated-api';
  }
}

/** Publishes the scanner's refs judged against the target versions; again whenever either changes. */
export class RemovedApiDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('upgradePlanner.removedApis'));

  constructor(private readonly scanner: ManifestScanner, private readonly targets: TargetVersions) {
    super();
    this.register(scanner.onDidChange((uris) => (uris === 'all' ? this.publishAll() : this.publish(uris))));
    this.register(targets.onDidChange(() => this.publishAll()));
  }

  publishAll(): void {
    this.collection.clear();
    this.publish(this.scanner.all().map((e) => e.uri));
  }

  private publish(uris: readonly vscode.Uri[]): void {
    const j = this.targets.current();
    for (const uri of uris) {
      const e = this.scanner.entryOf(uri);
      const diags = j && e ? findingsOf(e.scan.refs, j).map((f) => new RemovedApiDiagnostic(f, j)) : [];
      if (diags.length > 0) this.collection.set(uri, diags);
      else this.collection.delete(uri);
    }
  }
}
