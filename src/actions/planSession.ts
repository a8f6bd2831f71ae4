import * as vscode from 'vscode';
import { type Result, err, ok } from '../common/result';
import { isRecord } from '../common/guards';
import type { ClusterSnapshot } from '../core/cluster';
import type { JournalCluster, JournalEntry } from '../core/journal';
import type { PlanValidation, UpgradePlan } from '../core/plans';
import { type GuardPurpose, type LiveCluster, checkPinnedCluster, mayChangeCluster, planForPreflight } from '../core/preflight';
import type { KubeClient } from '../kube/client';
import { JournalFile } from '../journal/journalFile';
import { isPlanFile } from '../workspace/planFiles';
import type { Services } from '../services';

/** Why an action on a plan did not start: one sentence, and what to do about it. */
export interface Refusal {
  readonly reason: string;
  readonly fixHint?: string;
}

/** A plan opened for an action on its cluster, after the guard rails: everything the action reads from. */
export interface PlanSession {
  readonly uri: vscode.Uri;
  readonly doc: vscode.TextDocument;
  readonly validation: PlanValidation;
  /** The plan as parsed, when it passed syntax and schema. */
  readonly plan: UpgradePlan | undefined;
  /** `metadata.name`, else the file's name. */
  readonly planName: string;
  readonly client: KubeClient;
  /** Read now, for this action. */
  readonly snapshot: ClusterSnapshot;
  readonly live: LiveCluster;
  readonly journal: JournalFile | undefined;
}

/** The plan URI a command was given (a URI, or its string), else the plan in the active editor. */
export function planUriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg.length < 4096) {
    try {
      return vscode.Uri.parse(arg, true);
    } catch {
      return undefined;
    }
  }
  if (isRecord(arg) && arg.uri instanceof vscode.Uri) return arg.uri;
  // A plan row of the Clusters view (explorer PlanFileNode).
  if (isRecord(arg) && isRecord(arg.plan) && arg.plan.uri instanceof vscode.Uri) return arg.plan.uri;
  const doc = vscode.window.activeTextEditor?.document;
  if (doc && isPlanFile(doc.uri)) return doc.uri;
  // Right after activation (a palette command that activated the extension) the editor state may not have
  // reached the extension host yet; the active tab is known.
  const tab = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return tab instanceof vscode.TabInputText && isPlanFile(tab.uri) ? tab.uri : undefined;
}

/** The plan's pinned cluster, read loosely so that a plan with schema errors still names its cluster. */
function pinOf(validation: PlanValidation, plan: UpgradePlan | undefined): { contextName: string; server: string; kubeSystemUID?: string } | undefined {
  if (plan) return plan.cluster;
  const v = validation.parsed.value;
  const c = isRecord(v) && isRecord(v.cluster) ? v.cluster : undefined;
  if (!c || typeof c.contextName !== 'string' || typeof c.server !== 'string') return undefined;
  return { contextName: c.contextName, server: c.server, ...(typeof c.kubeSystemUID === 'string' ? { kubeSystemUID: c.kubeSystemUID } : {}) };
}

function nameOf(uri: vscode.Uri, validation: PlanValidation): string {
  const v = validation.parsed.value;
  const name = isRecord(v) && isRecord(v.metadata) && typeof v.metadata.name === 'string' ? v.metadata.name : undefined;
  return name && name.length <= 253 ? name : (uri.path.split('/').pop() ?? 'plan');
}

/** A plan file opened and validated as the editor does: its document, the validation, and the plan when it parses clean. */
export async function openPlanFile(s: Services, uri: vscode.Uri): Promise<Result<Pick<PlanSession, 'doc' | 'validation' | 'plan'>, Refusal>> {
  let doc: vscode.TextDocument;
  try {
    doc = await vscode.workspace.openTextDocument(uri);
  } catch {
    return err({ reason: `Could not open ${uri.fsPath}.` });
  }
  const validation = await s.plans.validate(doc);
  if (!validation) return err({ reason: `${uri.path.split('/').pop() ?? 'This file'} is not an upgrade plan (apiVersion upgradeplanner.dev/v1alpha1, kind UpgradePlan).` });
  return ok({ doc, validation, plan: planForPreflight(validation) });
}

/**
 * Opens a plan for an action on the cluster it is pinned to, applying the guard rails in order: a
 * write needs a trusted workspace and a plan inside it; the plan must name its cluster; the context
 * is read now; the live cluster must be the pinned one (server URL, and for a write the kube-system
 * UID too). Every refusal names both identities and what to do.
 */
export async function openPlanSession(s: Services, arg: unknown, purpose: GuardPurpose, signal?: AbortSignal): Promise<Result<PlanSession, Refusal>> {
  const uri = planUriOf(arg);
  if (!uri) return err({ reason: 'Open a plan file (*.upgradeplan.yaml) first, or run this from its CodeLens.' });
  if (purpose === 'write') {
    const may = mayChangeCluster({ trusted: vscode.workspace.isTrusted, planInWorkspace: uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(uri) !== undefined });
    if (!may.allowed) return err({ reason: may.reason, ...(may.fixHint ? { fixHint: may.fixHint } : {}) });
  }
  const file = await openPlanFile(s, uri);
  if (!file.ok) return file;
  const { doc, validation, plan } = file.value;
  const pin = pinOf(validation, plan);
  if (!pin) return err({ reason: 'The plan does not name its cluster (cluster.contextName and cluster.server).', fixHint: 'Write the plan with "New Plan from Cluster…", which pins it to the cluster.' });
  const read = await s.clusters.readLive(pin.contextName, signal);
  if (!read.ok) return err({ reason: read.error, fixHint: 'Check the context in the kubeconfig and that the cluster answers (the log has details).' });
  const { client, snapshot } = read.value;
  const live: LiveCluster = { context: pin.contextName, server: snapshot.server, kubeSystemUID: snapshot.kubeSystemUID.state === 'ok' ? snapshot.kubeSystemUID.value : undefined };
  const pinned = checkPinnedCluster(pin, live, purpose);
  const journal = uri.scheme === 'file' ? JournalFile.besidePlan(uri.fsPath) : undefined;
  const planName = nameOf(uri, validation);
  if (!pinned.allowed) {
    const refused: JournalEntry = { type: 'decision', at: new Date().toISOString(), plan: planName, cluster: journalCluster(live), action: purpose === 'write' ? 'change the cluster' : 'read the cluster', outcome: 'refused', reason: pinned.reason };
    await journal?.append(refused);
    return err({ reason: pinned.reason, ...(pinned.fixHint ? { fixHint: pinned.fixHint } : {}) });
  }
  return ok({ uri, doc, validation, plan, planName, client, snapshot, live, journal });
}

export function journalCluster(live: LiveCluster): JournalCluster {
  return { context: live.context, server: live.server, kubeSystemUID: live.kubeSystemUID };
}

/** Appends to the session's journal; a failure to write is logged and shown, never silent. */
/** An entry as an action writes it: the session fills in the plan, the cluster and (unless given) the time. */
export type SessionEntry = JournalEntry extends infer E ? (E extends JournalEntry ? Omit<E, 'plan' | 'cluster' | 'at'> & { at?: string } : never) : never;

export async function record(s: Services, session: Pick<PlanSession, 'journal' | 'planName' | 'live'>, entry: SessionEntry): Promise<void> {
  if (!session.journal) return;
  const full = { at: new Date().toISOString(), ...entry, plan: session.planName, cluster: journalCluster(session.live) } as JournalEntry;
  const r = await session.journal.append(full);
  if (!r.ok) {
    s.log.error(r.error);
    void vscode.window.showErrorMessage(r.error);
  }
}

/** Shows a refusal: the sentence, and the fix on a second line. Returns the refusal for the caller's result. */
export function showRefusal(s: Services, action: string, r: Refusal): Refusal {
  s.log.warn(`${action}: ${r.reason}${r.fixHint ? ` ${r.fixHint}` : ''}`);
  void vscode.window.showErrorMessage(`${action}: ${r.reason}${r.fixHint ? ` ${r.fixHint}` : ''}`, 'Show Log').then((c) => {
    if (c) s.log.show();
  });
  return r;
}
