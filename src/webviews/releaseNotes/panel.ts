import * as vscode from 'vscode';
import { allowedLink, ALLOWED_LINK_HOSTS } from '../../core/releaseNotes/links';
import type { NotesRange, ReleaseNotesView } from '../../core/releaseNotes/model';
import { MARK_REVIEWED_COMMAND, checklistOf } from '../../checklist';
import type { ChecklistEntry } from '../../core/plans';
import { newNonce } from './csp';
import { type ReviewMarks, pageShell, renderBody } from './html';
import { type HostMessage, type ReviewComponent, type SectionKey, parseRestoreState, receivePageMessage } from './messages';
import { DeferredSections } from './sections';

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
 * the same ranges (and plan). `view` is computed by the caller (core/releaseNotes) and rendered here,
 * on the host. Opened for a `plan` file, each component gets "Mark reviewed", recorded in its checklist.
 */
export function showReleaseNotesPanel(extensionUri: vscode.Uri, log: vscode.LogOutputChannel, ranges: readonly NotesRange[], view: ReleaseNotesView, plan?: vscode.Uri): vscode.WebviewPanel {
  const key = openKey(ranges, plan);
  const existing = open.get(key);
  if (existing) {
    existing.update(view);
    existing.panel.reveal();
    return existing.panel;
  }
  const panel = vscode.window.createWebviewPanel(RELEASE_NOTES_VIEW_TYPE, panelTitle(view), vscode.ViewColumn.Active, {
    ...webviewOptions(extensionUri),
    enableFindWidget: true,
  });
  open.set(key, new ReleaseNotesPanel(panel, extensionUri, log, view, ranges, plan, () => open.delete(key)));
  return panel;
}

/**
 * Shows `view` in a panel VS Code restored after a reload (serializer.ts), as showReleaseNotesPanel would
 * have. When a panel for the same ranges is open already, the restored one is closed and that one revealed.
 */
export function restoreReleaseNotesPanel(panel: vscode.WebviewPanel, extensionUri: vscode.Uri, log: vscode.LogOutputChannel, ranges: readonly NotesRange[], view: ReleaseNotesView, plan?: vscode.Uri): void {
  const key = openKey(ranges, plan);
  const existing = open.get(key);
  if (existing) {
    log.info(`Release Notes: "${panel.title}" was restored twice; keeping the panel already open`);
    panel.dispose();
    existing.panel.reveal();
    return;
  }
  panel.title = panelTitle(view);
  panel.webview.options = webviewOptions(extensionUri);
  open.set(key, new ReleaseNotesPanel(panel, extensionUri, log, view, ranges, plan, () => open.delete(key)));
}

function openKey(ranges: readonly NotesRange[], plan: vscode.Uri | undefined): string {
  return plan ? `${panelKey(ranges)} ${plan.toString()}` : panelKey(ranges);
}

function panelTitle(view: ReleaseNotesView): string {
  return `Release Notes: ${view.title}`;
}

/** Scripts on; local files only from the bundled page scripts and media. */
function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webviews'), vscode.Uri.joinPath(extensionUri, 'media')] };
}

/**
 * One panel: its page, and the body posted to it. The body is rendered as soon as the panel is created (while
 * the webview starts), so it is posted the moment the page says `ready`; the "All changes" sections are left
 * out of it (DeferredSections) and posted when the page asks for them.
 */
class ReleaseNotesPanel {
  private body: string | undefined;
  /** What the body was rendered with (review marks and the sections the page holds, JSON), to render again when it changes. */
  private bodyKey = '';
  /** The body rendered when the panel was created, for the page's first `ready`; undefined once used or stale. */
  private early: Promise<string> | undefined;
  private readonly sections: DeferredSections;
  private ready = false;
  /** Items the page reported after showing the last body; undefined until it has. */
  rendered: number | undefined;

  constructor(
    readonly panel: vscode.WebviewPanel,
    extensionUri: vscode.Uri,
    private readonly log: vscode.LogOutputChannel,
    private view: ReleaseNotesView,
    private readonly ranges: readonly NotesRange[],
    private readonly plan: vscode.Uri | undefined,
    onDispose: () => void,
  ) {
    this.sections = new DeferredSections(log);
    const webview = this.panel.webview;
    webview.html = pageShell({
      cspSource: webview.cspSource,
      nonce: newNonce(),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webviews', 'releaseNotes.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'releaseNotes.css')).toString(),
      title: this.panel.title,
    });
    const sub = webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
    this.panel.onDidDispose(() => {
      sub.dispose();
      onDispose();
    });
    // Rendered while the webview starts: for a page that asks for no section in its `ready` (a first open). On
    // the next tick, so that the IPC carrying the HTML above goes out to the renderer first.
    this.early = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => this.prepare());
  }

  update(view: ReleaseNotesView): void {
    this.view = view;
    this.body = undefined;
    this.early = undefined;
    this.rendered = undefined;
    if (this.ready) this.post(Date.now());
  }

  private onMessage(raw: unknown): void {
    const msg = receivePageMessage(raw, this.log);
    if (!msg) return;
    switch (msg.type) {
      case 'ready': {
        // Sent on every (re)load of the page, e.g. after it was hidden: post the body again.
        const at = Date.now();
        this.ready = true;
        this.keep();
        this.sections.reset(this.view, msg.sections);
        const early = msg.sections?.length ? undefined : this.early;
        this.early = undefined;
        if (early) void early.then((body) => this.postBody(body, at));
        else this.post(at);
        return;
      }
      case 'section':
        this.postSection(msg.key);
        return;
      case 'markReviewed':
        void this.markReviewed(msg.component);
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

  /** Tells the page what to keep for the serializer: the plan (its ranges are read again) or the ranges. */
  private keep(): void {
    const restore = parseRestoreState(this.plan ? { title: this.view.title, plan: this.plan.toString() } : { title: this.view.title, ranges: this.ranges });
    if (!restore) {
      this.log.info(`Release Notes: "${this.panel.title}" cannot be restored after a reload (title or versions too long)`);
      return;
    }
    const msg: HostMessage = { type: 'keep', restore };
    void this.panel.webview.postMessage(msg);
  }

  /** Records the review of the range this page showed through the command the Checklist shares, then shows it. */
  private async markReviewed(component: ReviewComponent): Promise<void> {
    const range = this.ranges.find((r) => r.component === component);
    if (!this.plan || !range) {
      this.log.warn(`Release Notes: ignored "Mark reviewed" for ${component}: ${this.plan ? 'the page shows no such range' : 'this page was not opened for a plan file'}`);
      return;
    }
    const entries = await vscode.commands.executeCommand<ChecklistEntry[] | undefined>(MARK_REVIEWED_COMMAND, { uri: this.plan, component, from: range.from, to: range.to });
    const mark = entries ? marksOf(entries)[component] : undefined;
    this.body = undefined; // a reload renders the marks again
    if (mark?.verified) {
      const msg: HostMessage = { type: 'reviewed', component, text: mark.text };
      void this.panel.webview.postMessage(msg);
    }
  }

  /** The review marks of the plan's checklist now; undefined without a plan (or when it cannot be read). */
  private async marks(): Promise<ReviewMarks | undefined> {
    if (!this.plan) return undefined;
    try {
      return marksOf(checklistOf(await vscode.workspace.openTextDocument(this.plan)));
    } catch (e) {
      this.log.warn(`Release Notes: the plan's checklist could not be read: ${String(e)}`);
      return undefined;
    }
  }

  /** The body for the page: the review marks read now, without the sections the page does not hold (rendered once per change). */
  private async prepare(): Promise<string> {
    const marks = await this.marks();
    const key = JSON.stringify([marks ?? null, this.sections.key()]);
    if (key !== this.bodyKey) this.body = undefined;
    this.bodyKey = key;
    if (this.body === undefined) {
      const started = Date.now();
      this.body = renderBody(this.view, marks, { defer: this.sections.deferred(this.view) });
      this.log.debug(`Release Notes: body of ${Math.round(this.body.length / 1024)} KB rendered in ${Date.now() - started} ms${this.ready ? '' : ' (before the page was ready)'}`);
    }
    return this.body;
  }

  /** Posts the body prepared now; `readyAt`: when the page asked (the log says how long it waited). */
  private post(readyAt: number): void {
    void this.prepare().then((body) => this.postBody(body, readyAt));
  }

  private postBody(body: string, readyAt: number): void {
    const msg: HostMessage = { type: 'render', title: this.panel.title, html: body };
    void this.panel.webview.postMessage(msg);
    this.log.debug(`Release Notes: posted ${Math.round(body.length / 1024)} KB in ${Date.now() - readyAt} ms`);
  }

  /** Posts the content of a section the page asked for (DeferredSections ignores and logs one this page does not have). */
  private postSection(key: SectionKey): void {
    const started = Date.now();
    const msg = this.sections.answer(this.view, key);
    if (!msg) return;
    void this.panel.webview.postMessage(msg);
    this.log.debug(`Release Notes: posted the section ${key} (${Math.round(msg.html.length / 1024)} KB) in ${Date.now() - started} ms`);
  }
}

/** The review marks of a plan's checklist: per component, verified or what is missing. */
function marksOf(entries: readonly ChecklistEntry[]): ReviewMarks {
  const marks: Partial<Record<ReviewComponent, { verified: boolean; text: string }>> = {};
  for (const e of entries) {
    for (const c of e.children ?? []) {
      if (c.range) marks[c.range.component] = { verified: c.status === 'verified', text: c.detail };
    }
  }
  return marks;
}
