import * as vscode from 'vscode';
import { type Result, err, ok } from '../common/result';
import type { Logger } from '../common/logger';
import { type ComponentName, type ReleaseInfoSource, generatePlanText, planNameFor, plannedHops } from '../core/plans';
import { compareKube, parseKubeVersion } from '../core/versions';
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

/** Offers the catalog's recommended targets newer than the cluster (newest first), plus "Other…". */
export async function pickTarget(releases: ReleaseInfoSource, current: string): Promise<string | undefined> {
  const cur = parseKubeVersion(current);
  const newer = releases.recommended('k3s').filter((v) => {
    const p = parseKubeVersion(v);
    return !cur.ok || (p.ok && compareKube(p.value, cur.value) > 0);
  });
  const items: vscode.QuickPickItem[] = newer.map((v, i) => {
    const info = releases.info('k3s', v);
    return { label: v, description: [i === 0 ? 'newest' : undefined, info?.date].filter(Boolean).join(' · ') };
  });
  items.push({ label: 'Other version…', description: 'type any released version' });
  const picked = await vscode.window.showQuickPick(items, { title: `Upgrade from ${current} to…`, placeHolder: 'Target version' });
  if (!picked) return undefined;
  if (picked.label !== 'Other version…') return picked.label;
  return vscode.window.showInputBox({
    title: 'Target version',
    prompt: `A release newer than ${current}`,
    validateInput: (v) => (parseKubeVersion(v).ok ? undefined : 'Write a version such as v1.33.7+k3s3'),
  });
}

/** Builds the plan text for a cluster and target: hops from the path engine, pinned to the cluster, default checklist. */
export function buildPlan(cluster: PlanTarget, target: string, releases: ReleaseInfoSource, today: string): Result<{ text: string; name: string; warnings: string[] }> {
  const api = parseKubeVersion(cluster.apiServerVersion);
  const kube: ComponentName = api.ok && api.value.distribution === 'k3s' ? 'k3s' : 'kubernetes';
  const current: Partial<Record<ComponentName, string>> = { [kube]: cluster.apiServerVersion };
  if (cluster.rookVersion) current.rook = cluster.rookVersion;
  if (cluster.cephVersion) current.ceph = cluster.cephVersion;
  const path = plannedHops(current, { kubernetes: target }, releases);
  if (!path.ok) return err(`No upgrade path from ${cluster.apiServerVersion} to ${target}: ${path.reasons.join(' ')}`);
  const last = (c: ComponentName): string | undefined => path.hops.filter((h) => h.component === c).at(-1)?.version ?? current[c];
  const targets: Partial<Record<ComponentName, string>> = { [kube]: target };
  for (const c of ['rook', 'ceph'] as const) {
    const v = last(c);
    if (v) targets[c] = v;
  }
  const text = generatePlanText({
    cluster: { contextName: cluster.contextName, server: cluster.server, ...(cluster.kubeSystemUID ? { kubeSystemUID: cluster.kubeSystemUID } : {}), distribution: kube === 'k3s' ? 'k3s' : 'other' },
    current, target: targets, hops: path.hops, date: today, velero: cluster.velero, warnings: path.warnings,
  });
  return ok({ text, name: planNameFor(cluster.contextName, target), warnings: path.warnings });
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
