import { isPlanDocument } from '../planEditing/selector';
import * as vscode from 'vscode';
import { releaseDecorationsOf } from '../core/cluster/releaseDecorations';
import { parsePlan } from '../core/plans';
import { type NotesRange, planRanges, releaseNotesView } from '../core/releaseNotes';
import type { DiffComponent, ReleaseCatalog } from '../core/releases';
import { parseCephVersion, parseKubeVersion } from '../core/versions';
import type { Services } from '../services';
import { showReleaseNotesPanel } from '../webviews/releaseNotes/panel';
import type { CommandTable } from './types';

const COMPONENTS: readonly DiffComponent[] = ['k3s', 'rook', 'ceph'];

/**
 * Show Release Notes: a plan file's URI (its K3s/Kubernetes, Rook and Ceph ranges in one panel),
 * `{ component, from, to }`, or nothing (the palette: the plan in the active editor, else pick a component and a range).
 * Works from the catalog alone (bundled, mirror folder, online when allowed). Returns the panel.
 */
export async function showReleaseNotes(s: Services, arg: unknown): Promise<vscode.WebviewPanel | undefined> {
  const catalog = await s.catalog.load();
  if (!catalog) {
    void vscode.window.showErrorMessage('The release catalog could not be loaded; see the log.');
    return undefined;
  }
  let ranges: NotesRange[] | undefined;
  let title: string | undefined;
  let planUri: vscode.Uri | undefined;
  if (arg instanceof vscode.Uri) {
    const plan = await planRangesOf(arg);
    if (!plan) return undefined;
    ({ ranges, title } = plan);
    planUri = arg;
  } else if (arg !== undefined) {
    const r = rangeArg(arg);
    if (!r) {
      s.log.warn('Show Release Notes: the argument is neither a plan URI nor { component, from, to }');
      void vscode.window.showWarningMessage('Show Release Notes needs a plan file or a component with a version range.');
      return undefined;
    }
    ranges = [r];
  } else if (activePlan()) {
    // From the palette with a plan in the editor: that plan's ranges, as its CodeLens would open.
    planUri = activePlan()!.uri;
    const plan = await planRangesOf(planUri);
    if (!plan) return undefined;
    ({ ranges, title } = plan);
  } else {
    const r = await pickRange(catalog);
    if (!r) return undefined;
    ranges = [r];
  }
  return openRanges(s, catalog, ranges, title, planUri);
}

function activePlan(): vscode.TextDocument | undefined {
  const doc = vscode.window.activeTextEditor?.document;
  return doc && isPlanDocument(doc) ? doc : undefined;
}

/** Opens (or reveals) the panel of these ranges; of a plan file, with "Mark reviewed" per component. */
export function openRanges(s: Services, catalog: ReleaseCatalog, ranges: readonly NotesRange[], title?: string, plan?: vscode.Uri): vscode.WebviewPanel {
  const started = Date.now();
  const view = releaseNotesView(catalog, ranges, title);
  s.log.debug(`Release Notes: view of ${ranges.length} range(s) computed in ${Date.now() - started} ms`);
  return showReleaseNotesPanel(s.context.extensionUri, s.log, ranges, view, plan);
}

async function planRangesOf(uri: vscode.Uri): Promise<{ ranges: NotesRange[]; title: string } | undefined> {
  // The open document when there is one, so unsaved edits count.
  const doc = await vscode.workspace.openTextDocument(uri);
  const parsed = parsePlan(doc.getText());
  const ranges = planRanges(parsed.value);
  if (ranges.length === 0) {
    void vscode.window.showWarningMessage('This plan names no component with a current and a different target version: no release notes to show.');
    return undefined;
  }
  const meta = (parsed.value as { metadata?: { name?: unknown } } | undefined)?.metadata;
  const name = typeof meta?.name === 'string' && meta.name.trim() ? meta.name.trim().slice(0, 100) : uri.path.split('/').pop() ?? 'plan';
  return { ranges, title: name };
}

/** `{ component, from, to }` with a known component and two version strings. */
export function rangeArg(arg: unknown): NotesRange | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const { component, from, to } = arg as { component?: unknown; from?: unknown; to?: unknown };
  if (typeof from !== 'string' || typeof to !== 'string' || !from.trim() || !to.trim()) return undefined;
  const c = component === 'kubernetes' ? 'k3s' : component;
  if (typeof c !== 'string' || !(COMPONENTS as readonly string[]).includes(c)) return undefined;
  return { component: c as DiffComponent, from: from.trim(), to: to.trim() };
}

async function pickRange(catalog: ReleaseCatalog): Promise<NotesRange | undefined> {
  const title = 'Release Notes';
  const component = (await vscode.window.showQuickPick(
    [{ label: 'K3s', id: 'k3s' as const }, { label: 'Rook', id: 'rook' as const }, { label: 'Ceph', id: 'ceph' as const }],
    { title, placeHolder: 'Component' },
  ))?.id;
  if (!component) return undefined;
  const versions = component === 'k3s' ? catalog.k3sReleases().map((r) => r.version)
    : component === 'rook' ? catalog.rookReleases().map((r) => r.version) : catalog.cephVersions();
  const from = (await vscode.window.showQuickPick([...versions].reverse(), { title, placeHolder: 'Current version (from)' }));
  if (!from) return undefined;
  const newer = versions.slice(versions.indexOf(from) + 1).reverse();
  if (newer.length === 0) {
    void vscode.window.showInformationMessage(`${from} is the newest release the catalog knows.`);
    return undefined;
  }
  const to = await vscode.window.showQuickPick(newer, { title, placeHolder: `Target version (after ${from})` });
  return to ? { component, from, to } : undefined;
}

/**
 * The range an explorer row advertises: a K3s version (from its snapshot) to the newest minor or
 * patch the catalog has for it; a Ceph version to the newest named release. Undefined otherwise.
 */
export function advertisedRange(catalog: ReleaseCatalog, arg: unknown): NotesRange | undefined {
  if (!arg || typeof arg !== 'object') return undefined;
  const row = arg as { snapshot?: { apiServerVersion?: unknown }; ceph?: { cephVersion?: unknown } };
  const kube = row.snapshot?.apiServerVersion;
  if (typeof kube === 'string') return kubeRange(catalog, kube);
  const ceph = row.ceph?.cephVersion;
  if (typeof ceph === 'string') {
    const v = parseCephVersion(ceph);
    const newest = v.ok ? releaseDecorationsOf(catalog).cephUpdates(v.value)?.newer.at(-1) : undefined;
    return newest ? { component: 'ceph', from: ceph, to: newest.version } : undefined;
  }
  return undefined;
}

/** A running K3s version to the newest patch of the next minor, else of its own minor. */
export function kubeRange(catalog: ReleaseCatalog, version: string): NotesRange | undefined {
  const v = parseKubeVersion(version);
  const updates = v.ok ? releaseDecorationsOf(catalog).kubeUpdates(v.value) : undefined;
  const to = updates?.minor ?? updates?.patch;
  return to ? { component: 'k3s', from: version, to } : undefined;
}

/** Spread into the command table (src/commands/index.ts); the plan CodeLens comes with it. */
export const releaseNotesCommands: CommandTable = {
  'upgradePlanner.showReleaseNotes': {
    run: (s, arg) => showReleaseNotes(s, arg),
    planLens: { title: 'Release notes', icon: 'book', tooltip: 'Release notes of every component of this plan, current → target' },
  },
};
