import * as vscode from 'vscode';
import { allowedLink, ALLOWED_LINK_HOSTS } from '../../core/releaseNotes/links';
import type { NotesRange, ReleaseNotesView } from '../../core/releaseNotes/model';
import { newNonce } from './csp';
import { pageShell, renderBody } from './html';
import { type HostMessage, parsePageMessage } from './messages';

export const RELEASE_NOTES_VIEW_TYPE = 'upgradePlanner.releaseNotes';

/** The panels open now, one per set of ranges: opening the same ranges again reveals it. */
const open = new Map<string, ReleaseNotesPanel>();

/** How many items the page of the open panel with this title showed, once it has (the editor tier waits for it). */
export function renderedItems(title: string): number | undefined {
  for (const p of open.values()) if (p.panel.title === title) return p.rendered;
  return undefined;
}

export function panelKey(ranges: readonly NotesRange[]): string {
  return JSON.stringify(ranges.map((r) => [r.component, r.from, r.to]));
}

/**
 * Shows the Release Notes of `view` in its panel, creating it or revealing the one already open for
 * the same ranges. `view` is computed by the caller (core/releaseNotes) and rendered here, on the host.
 */
export function showReleaseNotesPanel(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, ranges: readonly NotesRange[], view: ReleaseNotesView): vscode.WebviewPanel {
  const key = panelKey(ranges);
  const existing = open.get(key);
  if (existing) {
    existing.update(view);
    existing.panel.reveal();
    return existing.panel;
  }
  const p = new ReleaseNotesPanel(extensionUri, log, view, () => open.delete(key));
  open.set(key, p);
  return p.panel;
}

class ReleaseNotesPanel {
  readonly panel: vscode.WebviewPanel;
  private body: string | undefined;
  private ready = false;
  /** Items the page reported after showing the last body; undefined until it has. */
  rendered: number | undefined;

  constructor(
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private view: ReleaseNotesView,
    onDispose: () => void,
  ) {
    const dist = vscode.Uri.joinPath(extensionUri, 'dist', 'webviews');
    const media = vscode.Uri.joinPath(extensionUri, 'media');
    this.panel = vscode.window.createWebviewPanel(RELEASE_NOTES_VIEW_TYPE, `Release Notes: ${view.title}`, vscode.ViewColumn.Active, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [dist, media],
    });
    const webview = this.panel.webview;
    webview.html = pageShell({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(dist, 'releaseNotes.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(media, 'releaseNotes.css')).toString(),
      title: this.panel.title,
    });
    const sub = webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
    this.panel.onDidDispose(() => {
      sub.dispose();
      onDispose();
    });
  }

  update(view: ReleaseNotesView): void {
    this.view = view;
    this.body = undefined;
    this.rendered = undefined;
    if (this.ready) this.post();
  }

  private onMessage(raw: unknown): void {
    const msg = parsePageMessage(raw);
    if (!msg) {
      this.log.warn(`Release Notes: ignored a malformed message from the page (${describe(raw)})`);
      return;
    }
    switch (msg.type) {
      case 'ready':
        // Sent on every (re)load of the page, e.g. after it was hidden: post the body again.
        this.ready = true;
        this.post();
        return;
      case 'rendered':
        this.rendered = msg.items;
        this.log.debug(`Release Notes: the page shows ${msg.items} items`);
        return;
      case 'openLink': {
        const url = allowedLink(msg.url);
        if (!url) {
          this.log.warn(`Release Notes: not opened: ${msg.url.slice(0, 200)}`);
          void vscode.window.showWarningMessage(`Not opened: only https links to ${ALLOWED_LINK_HOSTS.join(', ')} are opened from release notes.`);
          return;
        }
        void vscode.env.openExternal(vscode.Uri.parse(url, true));
        return;
      }
    }
  }

  private post(): void {
    const started = Date.now();
    this.body ??= renderBody(this.view);
    const msg: HostMessage = { type: 'render', title: this.panel.title, html: this.body };
    void this.panel.webview.postMessage(msg);
    this.log.debug(`Release Notes: posted ${Math.round(this.body.length / 1024)} KB in ${Date.now() - started} ms`);
  }
}

/** A short description of a rejected message for the log: its type and keys, never its content. */
function describe(raw: unknown): string {
  if (!raw || typeof raw !== 'object') return typeof raw;
  const type = (raw as { type?: unknown }).type;
  return `type ${typeof type === 'string' ? JSON.stringify(type.slice(0, 40)) : typeof type}, keys ${Object.keys(raw).slice(0, 10).join(',')}`;
}

