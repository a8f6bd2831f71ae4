import * as vscode from 'vscode';
import { defaultReleaseNotesUrl } from '../core/cluster/releaseDecorations';
import { parseKubeVersion } from '../core/versions';
import { existingFiles } from '../kube/kubeconfig';
import type { Services } from '../services';
import { contextNameOf, releaseNotesRowOf } from './args';
import { advertisedRange, kubeRange, openRanges } from './releaseNotes';
import { retryRead } from './retryRead';
import type { CommandTable } from './types';
import { useContextPrompt } from './useContextText';
import { versionsText } from './versionsText';

/** A context name from a tree row, a `{ contextName }` object, a plain string, or the user. */
async function contextArg(s: Services, arg: unknown, placeHolder: string, title?: string): Promise<string | undefined> {
  const named = contextNameOf(arg);
  if (named) return named;
  const r = await s.clusters.load();
  if (!r.ok || r.value.kind !== 'loaded') return undefined;
  const pick = await vscode.window.showQuickPick(
    r.value.contexts.map((c) => ({ label: c.name, description: c.isCurrent ? 'current' : c.server })),
    { placeHolder, ...(title ? { title } : {}) },
  );
  return pick?.label;
}

/** The explorer's commands; spread into commandTable (src/commands/index.ts). */
export const explorerCommands: CommandTable = {
  'upgradePlanner.useContext': {
    run: async (s, arg) => {
      // This rewrites current-context in the user's kubeconfig, as kubectl config use-context does:
      // every terminal's kubectl follows. Said in the picker and confirmed after.
      const prompt = useContextPrompt(existingFiles(s.clusters.kubeconfigSource())[0]);
      const name = await contextArg(s, arg, prompt.placeHolder, prompt.title);
      if (!name) return;
      const r = await s.clusters.useContext(name);
      if (!r.ok) {
        const choice = await vscode.window.showErrorMessage(r.error, 'Show Log');
        if (choice) s.log.show();
        return;
      }
      void vscode.window.showInformationMessage(prompt.done(name, r.value));
    },
  },
  'upgradePlanner.retryCluster': {
    run: async (s, arg) => {
      const name = await contextArg(s, arg, 'Cluster to read again');
      if (!name) return;
      // Progress in the Clusters view for as long as the read takes; the row says "Retrying…".
      await vscode.window.withProgress({ location: { viewId: 'upgradePlanner.clusters' }, title: `Reading ${name}…` }, () => retryRead(s.clusters, name));
    },
  },
  'upgradePlanner.openReleaseNotes': {
    run: async (s, arg) => {
      // The Release Notes panel for current → the newest minor (else patch) the row advertises, from the catalog:
      // a version row, a CephCluster row, or a context row / the palette (its API server). Other rows, and
      // versions the catalog has nothing newer for, open their upstream page (the panel links to it too).
      const row = releaseNotesRowOf(arg);
      const catalog = await s.catalog.load();
      let url: string | undefined;
      if (row) {
        const range = catalog ? advertisedRange(catalog, arg) : undefined;
        if (catalog && range) return openRanges(s, catalog, [range]);
        url = row.releaseNotesUrl();
      } else {
        const name = await contextArg(s, arg, 'Cluster whose release notes to open');
        const snap = name ? await s.clusters.snapshot(name) : undefined;
        const range = catalog && snap?.ok ? kubeRange(catalog, snap.value.apiServerVersion) : undefined;
        if (catalog && range) return openRanges(s, catalog, [range]);
        const v = snap?.ok ? parseKubeVersion(snap.value.apiServerVersion) : undefined;
        url = v?.ok ? defaultReleaseNotesUrl(v.value) : undefined;
      }
      if (url) await vscode.env.openExternal(vscode.Uri.parse(url));
      else void vscode.window.showInformationMessage('No release notes known for this item.');
    },
  },
  'upgradePlanner.copyVersions': {
    run: async (s, arg) => {
      const name = await contextArg(s, arg, 'Cluster whose versions to copy');
      if (!name) return;
      const snap = await s.clusters.snapshot(name);
      if (!snap.ok) {
        void vscode.window.showWarningMessage(`Cannot read ${name}; nothing copied.`);
        return;
      }
      await vscode.env.clipboard.writeText(versionsText(snap.value));
      vscode.window.setStatusBarMessage(`Copied the versions of ${name}`, 3000);
    },
  },
};
