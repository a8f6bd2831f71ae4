import * as vscode from 'vscode';
import { KeyedDebouncer } from '../common/debounce';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import { type KnownClusters, type PlanValidation, PlanRules, validatePlan } from '../core/plans';
import { PlanVsDiagnostic } from './convert';
import type { PlanReleaseData } from './releaseData';
import type { WorkspaceRisks } from './workspaceRisks';
import { isPlanDocument } from './selector';

const DEBOUNCE_MS = 250;

/**
 * Keeps the Problems view in step with open plan documents: validation runs after typing pauses,
 * and a run whose document changed meanwhile is dropped (its result would be stale).
 */
export class PlanDiagnostics extends Disposable {
  private readonly collection = this.register(vscode.languages.createDiagnosticCollection('upgradePlanner.plans'));
  /** Per document URI: validation after typing pauses; scheduled with 0 ms on open. */
  private readonly pending = this.register(new KeyedDebouncer<string>(DEBOUNCE_MS, (key) => this.run(key)));
  private readonly docs = new Map<string, vscode.TextDocument>();
  private clusters: KnownClusters | undefined;
  private readonly latest = new Map<string, readonly PlanVsDiagnostic[]>();

  constructor(private readonly releases: PlanReleaseData, private readonly log: Logger, private readonly risks?: WorkspaceRisks) {
    super();
    if (risks) this.register(risks.onDidChange(() => this.revalidateAll()));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.schedule(d, 0)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, DEBOUNCE_MS)));
    this.register(vscode.workspace.onDidCloseTextDocument((d) => this.forget(d.uri)));
    this.register(releases.onDidChange(() => this.revalidateAll()));
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** The clusters the user can reach (kubeconfig contexts, kube-system UIDs read so far). */
  setKnownClusters(clusters: KnownClusters | undefined): void {
    this.clusters = clusters;
    this.revalidateAll();
  }

  revalidateAll(): void {
    for (const d of vscode.workspace.textDocuments) this.schedule(d, 0);
  }

  /** Validates as soon as the release catalog is loaded (never against a stand-in). */
  async validateNow(doc: vscode.TextDocument): Promise<readonly vscode.Diagnostic[]> {
    return (await this.validation(doc))?.diagnostics ?? [];
  }

  /**
   * Validates now and publishes, returning the core result too (preflight reasons over the same
   * diagnostics the editor shows); undefined when the document is not a plan or changed meanwhile.
   */
  async validation(doc: vscode.TextDocument): Promise<{ readonly core: PlanValidation; readonly diagnostics: readonly vscode.Diagnostic[] } | undefined> {
    if (!isPlanDocument(doc)) {
      this.collection.delete(doc.uri);
      this.latest.delete(doc.uri.toString());
      return undefined;
    }
    const { releases, risks } = await this.releases.get();
    const version = doc.version;
    if (doc.isClosed || doc.version !== version) return undefined;
    const started = Date.now();
    const result = validatePlan(doc.getText(), { engine: new PlanRules(releases, [...risks, ...(this.risks?.edges() ?? [])]), ...(this.clusters ? { clusters: this.clusters } : {}) });
    const diags = result.diagnostics.map((d) => new PlanVsDiagnostic(doc, d));
    this.collection.set(doc.uri, diags);
    this.latest.set(doc.uri.toString(), diags);
    const ms = Date.now() - started;
    if (ms > 200) this.log.debug(`Validated ${doc.uri.fsPath} in ${ms} ms`);
    return { core: result, diagnostics: diags };
  }

  /** The diagnostics last published for a document, with their fixes. */
  published(uri: vscode.Uri): readonly PlanVsDiagnostic[] {
    return this.latest.get(uri.toString()) ?? [];
  }

  private schedule(doc: vscode.TextDocument, delay: number): void {
    if (doc.languageId !== 'yaml') {
      if (this.collection.has(doc.uri)) this.collection.delete(doc.uri);
      return;
    }
    const key = doc.uri.toString();
    this.docs.set(key, doc);
    this.pending.schedule(key, delay);
  }

  private run(key: string): void {
    const doc = this.docs.get(key);
    this.docs.delete(key);
    if (!doc || doc.isClosed) return;
    this.validateNow(doc).catch((e: unknown) => this.log.error(e instanceof Error ? e : String(e)));
  }

  private forget(uri: vscode.Uri): void {
    const key = uri.toString();
    this.pending.cancel(key);
    this.docs.delete(key);
    this.latest.delete(key);
    this.collection.delete(uri);
  }
}
