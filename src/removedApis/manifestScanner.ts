import * as vscode from 'vscode';
import { KeyedDebouncer } from '../common/debounce';
import { Disposable } from '../common/lifecycle';
import type { Logger } from '../common/logger';
import { DEFAULT_SCAN_LIMITS } from '../core/apis';
import { type ExcludeMatcher, excludeMatcher } from './excludes';
import { type FileScan, scanFile } from './fileScan';
import { isPlanFile } from '../workspace/planFiles';

const MANIFEST_GLOB = '**/*.{yaml,yml,json}';
/** Files beyond this many are not scanned (the log says so). */
export const MAX_FILES = 20_000;
/** Larger files are not read (stat first). */
export const MAX_FILE_BYTES = DEFAULT_SCAN_LIMITS.maxBytes;
const CONCURRENCY = 8;
const FILE_DEBOUNCE_MS = 300;
const EDIT_DEBOUNCE_MS = 250;

interface Entry {
  readonly uri: vscode.Uri;
  readonly scan: FileScan;
  /** The document version scanned, for an open document's text. */
  readonly version?: number;
}

const isManifestPath = (uri: vscode.Uri): boolean => /\.(ya?ml|json)$/i.test(uri.path) && !isPlanFile(uri);

/**
 * The apiVersion refs of the workspace's manifest files that some Kubernetes version deprecates or removes. A full
 * scan in the background (files.exclude through findFiles; search.exclude, the root .gitignore and node_modules
 * skipped; regular files up to MAX_FILE_BYTES; at most MAX_FILES), then per file on change and per open document
 * on edit. Read-only: fine in an untrusted workspace.
 */
export class ManifestScanner extends Disposable {
  private readonly changed = this.register(new vscode.EventEmitter<readonly vscode.Uri[] | 'all'>());
  /** Fires the files whose refs changed, or 'all'. */
  readonly onDidChange = this.changed.event;
  private readonly entries = new Map<string, Entry>();
  private readonly matchers = new Map<string, ExcludeMatcher>();
  private readonly fileQueue = this.register(new KeyedDebouncer<string>(FILE_DEBOUNCE_MS, (key) => void this.rescanFile(vscode.Uri.parse(key))));
  private readonly docQueue = this.register(new KeyedDebouncer<string>(EDIT_DEBOUNCE_MS, (key) => this.rescanDocument(key)));
  /** Bumped by each full scan; an older scan stops. */
  private generation = 0;
  /** Files updated by an event while a full scan runs: the scan does not overwrite them. */
  private readonly touched = new Set<string>();

  constructor(private readonly log: Logger) {
    super();
    const watcher = this.register(vscode.workspace.createFileSystemWatcher(MANIFEST_GLOB));
    const onFile = (uri: vscode.Uri): void => {
      if (isManifestPath(uri)) this.fileQueue.schedule(uri.toString());
    };
    this.register(watcher.onDidChange(onFile));
    this.register(watcher.onDidCreate(onFile));
    // A deleted folder reports only itself: drop what was found under it. A created folder may report only
    // itself too (a recursive watcher can miss files written right after their folder): look inside it.
    const folders = this.register(vscode.workspace.createFileSystemWatcher('**/*', false, true, false));
    this.register(folders.onDidDelete((uri) => this.forgetUnder(uri)));
    this.register(folders.onDidCreate((uri) => this.created(uri)));
    // Files created through VS Code (the explorer, a WorkspaceEdit) are announced without waiting for the watcher.
    this.register(vscode.workspace.onDidCreateFiles((e) => e.files.forEach((uri) => this.created(uri))));
    this.register(vscode.workspace.onDidOpenTextDocument((d) => this.scheduleDocument(d, 0)));
    this.register(vscode.workspace.onDidChangeTextDocument((e) => {
      if (e.contentChanges.length > 0) this.scheduleDocument(e.document, EDIT_DEBOUNCE_MS);
    }));
    // A closed document may have been left unsaved: the file on disk counts again.
    this.register(vscode.workspace.onDidCloseTextDocument((d) => {
      if (this.isCandidate(d.uri)) this.fileQueue.schedule(d.uri.toString(), 0);
    }));
    this.register(vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('files.exclude') || e.affectsConfiguration('search.exclude')) void this.scanAll();
    }));
    this.register(vscode.workspace.onDidChangeWorkspaceFolders(() => void this.scanAll()));
    this.register({ dispose: () => this.generation++ });
  }

  /** Files with kept refs, as last scanned. */
  all(): readonly Entry[] {
    return [...this.entries.values()];
  }

  entryOf(uri: vscode.Uri): Entry | undefined {
    return this.entries.get(uri.toString());
  }

  /** The refs of an open document at its current version, scanned now if the last scan is older. */
  refsOf(doc: vscode.TextDocument): FileScan {
    const e = this.entries.get(doc.uri.toString());
    if (e && e.version === doc.version) return e.scan;
    if (!this.isCandidate(doc.uri)) return { refs: [], problems: [] };
    return this.setDocument(doc);
  }

  /** Scans the whole workspace with progress in the status bar; a newer call supersedes a running one. */
  async scanAll(): Promise<void> {
    const generation = ++this.generation;
    this.touched.clear();
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: 'Scanning manifests for removed APIs' }, async (progress) => {
      const started = Date.now();
      await this.loadMatchers();
      const found = await vscode.workspace.findFiles(MANIFEST_GLOB, undefined, MAX_FILES + 1);
      if (generation !== this.generation) return;
      const uris = found.filter((u) => this.isCandidate(u));
      if (uris.length > MAX_FILES) this.log.warn(`Removed APIs: the workspace has more than ${MAX_FILES} YAML/JSON files; only ${MAX_FILES} are scanned.`);
      const todo = uris.slice(0, MAX_FILES);
      const seen = new Set(todo.map((u) => u.toString()));
      const dropped = [...this.entries.values()].filter((e) => !seen.has(e.uri.toString()) && !this.unsavedDocument(e.uri.toString()));
      for (const e of dropped) this.entries.delete(e.uri.toString());
      let done = 0;
      let skipped = 0;
      for (let i = 0; i < todo.length; i += CONCURRENCY) {
        if (generation !== this.generation) return;
        const batch = todo.slice(i, i + CONCURRENCY);
        const results = await Promise.all(batch.map((u) => this.read(u)));
        if (generation !== this.generation) return;
        batch.forEach((u, j) => {
          const key = u.toString();
          if (this.touched.has(key) || this.unsavedDocument(key)) return; // newer news, or the text governs
          const r = results[j];
          if (r === 'skipped') skipped++;
          this.put(u, r === 'skipped' ? undefined : r);
        });
        done += batch.length;
        if (i % (CONCURRENCY * 25) === 0) progress.report({ message: `${done}/${todo.length}` });
      }
      for (const d of vscode.workspace.textDocuments) if (d.isDirty && this.isCandidate(d.uri)) this.setDocument(d, false);
      const kept = this.entries.size;
      this.log.info(`Removed APIs: scanned ${todo.length} YAML/JSON files in ${Date.now() - started} ms${skipped ? ` (${skipped} not read: larger than ${MAX_FILE_BYTES / 1024 / 1024} MB, or not regular files)` : ''}; ${kept} hold deprecated or removed APIs`);
      this.changed.fire('all');
    });
  }

  /** An open document whose text differs from the file. A saved one is read from disk: VS Code keeps documents of closed (even deleted) files around for a while. */
  private unsavedDocument(key: string): vscode.TextDocument | undefined {
    return vscode.workspace.textDocuments.find((d) => !d.isClosed && d.isDirty && d.uri.toString() === key);
  }

  private async loadMatchers(): Promise<void> {
    this.matchers.clear();
    const searchExclude = vscode.workspace.getConfiguration('search').get<Record<string, unknown>>('exclude') ?? {};
    const globs = Object.entries(searchExclude).filter(([, v]) => v === true).map(([g]) => g);
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      let gitignore: string | undefined;
      try {
        const uri = vscode.Uri.joinPath(folder.uri, '.gitignore');
        const stat = await vscode.workspace.fs.stat(uri);
        if ((stat.type & vscode.FileType.File) !== 0 && stat.size <= 256 * 1024) gitignore = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      } catch {
        gitignore = undefined; // no .gitignore
      }
      this.matchers.set(folder.uri.toString(), excludeMatcher(globs, gitignore));
    }
  }

  /** A YAML/JSON file, not a plan, not excluded by search.exclude, .gitignore or node_modules. */
  private isCandidate(uri: vscode.Uri): boolean {
    if (!isManifestPath(uri)) return false;
    const folder = vscode.workspace.getWorkspaceFolder(uri);
    if (!folder) return uri.scheme === 'file';
    const matcher = this.matchers.get(folder.uri.toString()) ?? excludeMatcher([], undefined);
    return !matcher.excludes(vscode.workspace.asRelativePath(uri, false));
  }

  /** A regular file up to the size cap, scanned; 'skipped' otherwise (gone, too large, not a file). */
  private async read(uri: vscode.Uri): Promise<FileScan | 'skipped'> {
    try {
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type !== vscode.FileType.File || stat.size > MAX_FILE_BYTES) return 'skipped';
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      return scanFile(text, uri.path);
    } catch {
      return 'skipped';
    }
  }

  private async rescanFile(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    const open = this.unsavedDocument(key);
    if (open) return void this.setDocument(open);
    if (!this.isCandidate(uri)) return this.set(uri, undefined);
    this.touched.add(key);
    const r = await this.read(uri);
    if (this.isDisposed || this.unsavedDocument(key)) return;
    this.set(uri, r === 'skipped' ? undefined : r);
  }

  private scheduleDocument(doc: vscode.TextDocument, delay: number): void {
    if (this.isCandidate(doc.uri)) this.docQueue.schedule(doc.uri.toString(), delay);
  }

  private rescanDocument(key: string): void {
    const doc = vscode.workspace.textDocuments.find((d) => !d.isClosed && d.uri.toString() === key);
    if (doc) this.setDocument(doc);
  }

  private setDocument(doc: vscode.TextDocument, announce = true): FileScan {
    const key = doc.uri.toString();
    this.touched.add(key);
    const scan = doc.getText().length > MAX_FILE_BYTES ? { refs: [], problems: [] } : scanFile(doc.getText(), doc.uri.path);
    const before = this.entries.get(key);
    this.entries.set(key, { uri: doc.uri, scan, version: doc.version });
    if (announce && (before?.scan.refs.length ?? 0) + scan.refs.length > 0) this.changed.fire([doc.uri]);
    return scan;
  }

  private put(uri: vscode.Uri, scan: FileScan | undefined): boolean {
    const key = uri.toString();
    const had = this.entries.has(key);
    if (scan && scan.refs.length > 0) this.entries.set(key, { uri, scan });
    else this.entries.delete(key);
    return had || (scan?.refs.length ?? 0) > 0;
  }

  /** A created file is queued; a created folder is searched for manifests (bounded like a full scan). */
  private created(uri: vscode.Uri): void {
    if (isManifestPath(uri)) {
      this.fileQueue.schedule(uri.toString());
      return;
    }
    void vscode.workspace.fs.stat(uri).then(
      async (st) => {
        if ((st.type & vscode.FileType.Directory) === 0) return;
        const inside = await vscode.workspace.findFiles(new vscode.RelativePattern(uri, MANIFEST_GLOB), undefined, MAX_FILES);
        for (const u of inside) if (this.isCandidate(u)) this.fileQueue.schedule(u.toString());
      },
      () => undefined, // gone again already
    );
  }

  private forgetUnder(uri: vscode.Uri): void {
    const key = uri.toString();
    const gone = [...this.entries.values()].filter((e) => {
      const k = e.uri.toString();
      return (k === key || k.startsWith(`${key}/`)) && !this.unsavedDocument(k);
    });
    for (const e of gone) {
      this.fileQueue.cancel(e.uri.toString());
      this.entries.delete(e.uri.toString());
    }
    if (gone.length > 0) this.changed.fire(gone.map((e) => e.uri));
  }

  private set(uri: vscode.Uri, scan: FileScan | undefined): void {
    if (this.put(uri, scan)) this.changed.fire([uri]);
  }
}
