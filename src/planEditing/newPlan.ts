import * as vscode from 'vscode';
import { type Result, err, ok } from '../common/result';
import type { Logger } from '../common/logger';
import { type ComponentName, type PlanReleases, checkTargetInput, generatePlanText, planNameFor, plannedHops, targetChoices } from '../core/plans';
import type { RiskEdge } from '../core/paths';
import { parseKubeVersion } from '../core/versions';
import type { PlanTarget } from '../kube/planTargetReader';

/** The arguments of `upgradePlanner.newPlanFromCluster`: all optional; what is missing is asked. */
export interface NewPlanArgs {
  readonly contextName?: string;
  /** Target Kubernetes/K3s version; skips the quick pick. */
  readonly target?: string;
  /** A cluster already read by the caller (the explorer keeps snapshots); skips reading it again. */
  readonly cluster?: PlanTarget;
  /** Folder to write into; default: `plans/` in the first workspace folder. */
  readonly folder?: vscode.Uri;
}

export function parseNewPlanArgs(arg: unknown): NewPlanArgs {
  if (typeof arg === 'string') return { contextName: arg };
  if (typeof arg !== 'object' || arg === null) return {};
  const a = arg as Record<string, unknown>;
  return {
    ...(typeof a.contextName === 'string' ? { contextName: a.contextName } : {}),
    ...(typeof a.target === 'string' ? { target: a.target } : {}),
    ...(typeof a.cluster === 'object' && a.cluster !== null ? { cluster: a.cluster as PlanTarget } : {}),
    ...(a.folder instanceof vscode.Uri ? { folder: a.folder } : {}),
  };
}

const OTHER = 'Other version…';

/**
 * Offers the targets the explorer advertises first (latest patch of the running minor, next minor), then
 * the newest patch of each newer minor; "Other version…" checks what is typed as it is typed (a known
 * release newer than the cluster, or a minor line such as v1.31) and returns the exact release.
 */
export async function pickTarget(releases: PlanReleases, current: string): Promise<string | undefined> {
  const items: vscode.QuickPickItem[] = targetChoices(releases, current).map((c) => ({ label: c.version, description: [c.why, c.date].filter(Boolean).join(' · ') }));
  items.push({ label: OTHER, description: 'type a release, or v1.31 for the newest patch of a minor' });
  const picked = await vscode.window.showQuickPick(items, { title: `Upgrade from ${current} to…`, placeHolder: 'Target version' });
  if (!picked) return undefined;
  if (picked.label !== OTHER) return picked.label;
  const typed = await vscode.window.showInputBox({
    title: 'Target version',
    prompt: `A K3s release newer than ${current}`,
    validateInput: (v) => {
      const r = checkTargetInput(releases, current, v);
      return r.ok ? undefined : r.error;
    },
  });
  if (typed === undefined) return undefined;
  const r = checkTargetInput(releases, current, typed);
  return r.ok ? r.value : undefined;
}

/** Builds the plan text for a cluster and target: hops from the path engine, pinned to the cluster, default checklist. */
export function buildPlan(cluster: PlanTarget, target: string, releases: PlanReleases, today: string, risks: readonly RiskEdge[] = []): Result<{ text: string; name: string; warnings: string[] }> {
  const api = parseKubeVersion(cluster.apiServerVersion);
  const kube: ComponentName = api.ok && api.value.distribution === 'k3s' ? 'k3s' : 'kubernetes';
  const current: Partial<Record<ComponentName, string>> = { [kube]: cluster.apiServerVersion };
  if (cluster.rookVersion) current.rook = cluster.rookVersion;
  if (cluster.cephVersion) current.ceph = cluster.cephVersion;
  const path = plannedHops(current, { kubernetes: target }, releases, risks);
  if (!path.ok) return err(`No upgrade path from ${cluster.apiServerVersion} to ${target}: ${path.reasons.join(' ')}`);
  const last = (c: ComponentName): string | undefined => path.hops.filter((h) => h.component === c).at(-1)?.version ?? current[c];
  const targets: Partial<Record<ComponentName, string>> = { [kube]: path.target.kubernetes ?? target };
  for (const c of ['rook', 'ceph'] as const) {
    const v = last(c);
    if (v) targets[c] = v;
  }
  const text = generatePlanText({
    cluster: { contextName: cluster.contextName, server: cluster.server, ...(cluster.kubeSystemUID ? { kubeSystemUID: cluster.kubeSystemUID } : {}), distribution: kube === 'k3s' ? 'k3s' : 'other' },
    current, target: targets, hops: path.hops, date: today, velero: cluster.velero, warnings: path.warnings,
  });
  return ok({ text, name: planNameFor(cluster.contextName, path.target.kubernetes ?? target), warnings: path.warnings });
}

/** Writes the plan next to the others without overwriting anything; untitled when no folder is open. */
export async function writePlan(text: string, name: string, folder: vscode.Uri | undefined, log: Logger): Promise<vscode.Uri> {
  const base = folder ?? (vscode.workspace.workspaceFolders?.[0] ? vscode.Uri.joinPath(vscode.workspace.workspaceFolders[0].uri, 'plans') : undefined);
  if (!base) {
    const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: text });
    await vscode.window.showTextDocument(doc);
    return doc.uri;
  }
  let uri = vscode.Uri.joinPath(base, `${name}.upgradeplan.yaml`);
  for (let i = 2; await exists(uri); i++) uri = vscode.Uri.joinPath(base, `${name}-${i}.upgradeplan.yaml`);
  await vscode.workspace.fs.createDirectory(base);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  log.info(`Wrote plan ${uri.fsPath}`);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  return uri;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
