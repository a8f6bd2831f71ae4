import * as vscode from 'vscode';
import { Debouncer } from '../common/debounce';
import { Disposable } from '../common/lifecycle';
import { parsePlan } from '../core/plans';
import { findPath, nodeRange } from '../core/plans/yamlPath';
import { isPlanDocument } from '../planEditing/selector';
import { judge, planKubeVersionsOf } from './judgement';
import type { ManifestScanner } from './manifestScanner';
import { planApiSummary } from './planSummary';

export const PLAN_REMOVED_APIS_CODE = 'removed-apis-in-workspace';

/**
 * Removed APIs on the plan itself: one diagnostic on the plan's Kubernetes target when the workspace's
 * manifests use APIs that target no longer serves (an error) or deprecates (a warning), each use linked as
 * related information. Its own collection: the plan's validation (and the preflight's "plan valid" check)
 * stay about the plan, while this follows the manifests as they change.
 */
export class RemovedApiPlanDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('upgradePlanner.removedApis.plans'));
  private readonly again = this.register(new Debouncer(300, () => this.publishAll()));

  constructor(private readonly scanner: ManifestScanner) {
    super();
    this.register(scanner.onDidChange(() => this.again.schedule()));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => isPlanDocument(d) && this.publish(d)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => isPlanDocument(e.document) && this.again.schedule()));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.collection.delete(d.uri)));
    this.publishAll();
  }

  publishAll(): void {
    for (const d of vscode.workspace.textDocuments) if (isPlanDocument(d)) this.publish(d);
  }

  /** Publishes now for one plan document (the editor tier calls it through the command that shows the plan). */
  publish(doc: vscode.TextDocument): void {
    const parsed = parsePlan(doc.getText());
    const kube = planKubeVersionsOf(parsed.value, doc.uri.path.split('/').pop() ?? 'plan');
    const j = kube ? judge({ plans: [kube], setting: '', newestKnown: undefined }).judgement : undefined;
    const summary = j ? planApiSummary(j, this.scanner.all().map((e) => ({ file: e.uri.toString(), refs: e.scan.refs }))) : undefined;
    if (!summary || !parsed.doc) {
      this.collection.delete(doc.uri);
      return;
    }
    const component = findPath(parsed.doc, ['components', 'k3s', 'target']).node ? 'k3s' : 'kubernetes';
    const r = nodeRange(findPath(parsed.doc, ['components', component, 'target']).node) ?? { start: 0, end: 0 };
    const d = new vscode.Diagnostic(new vscode.Range(doc.positionAt(r.start), doc.positionAt(r.end)), summary.message, summary.severity === 'error' ? vscode.DiagnosticSeverity.Error : vscode.DiagnosticSeverity.Warning);
    d.source = 'Upgrade Planner removed APIs';
    d.code = PLAN_REMOVED_APIS_CODE;
    d.relatedInformation = summary.uses.map((u) => new vscode.DiagnosticRelatedInformation(
      new vscode.Location(vscode.Uri.parse(u.file), new vscode.Position(u.line, u.character)),
      `${u.apiVersion} ${u.kind}: ${u.status === 'removed' ? `removed in ${u.removedIn ? `v${u.removedIn.replace(/^v/, '')}` : 'an earlier release'}` : 'deprecated'}`,
    ));
    this.collection.set(doc.uri, [d]);
  }
}
