#!/usr/bin/env node
// Activation time of the bundled extension: `require('dist/extension.js')` + `activate()` with a stub
// `vscode` module, in a fresh Node process per sample (cold module cache), median of N.
// Also the cost of the lazily loaded Kubernetes layer (dist/kubeLayer.js), paid on the first read.
// Usage: npm run build && node bench/activation.bench.mjs [samples=7]
// Prints the load average too: on a busy machine wall times inflate; compare the CPU time.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const samples = Number(process.argv[2] ?? 7);

const child = String.raw`
const Module = require('node:module');
const path = require('node:path');
const noop = () => undefined;
const disposable = { dispose: noop };
// A stub vscode: every member is a callable proxy returning itself; events return disposables.
const stub = new Proxy(function () {}, {
  get: (t, k) => (k === 'then' ? undefined : k === Symbol.toPrimitive ? () => '' : stub),
  apply: () => stub,
  set: () => true,
  defineProperty: () => true,
  construct: () => stub,
});
const workspace = { getConfiguration: () => ({ get: () => undefined }), isTrusted: true, onDidChangeConfiguration: () => disposable,
  createFileSystemWatcher: () => ({ onDidChange: () => disposable, onDidCreate: () => disposable, onDidDelete: () => disposable, dispose: noop }),
  findFiles: async () => [], fs: stub, registerTextDocumentContentProvider: () => disposable, onDidOpenTextDocument: () => disposable,
  onDidChangeTextDocument: () => disposable, onDidCloseTextDocument: () => disposable, onDidSaveTextDocument: () => disposable, textDocuments: [] };
// esbuild's __toESM copies own properties: list the namespaces explicitly, the rest falls back to the stub.
const vscode = { workspace, EventEmitter: class { constructor() { this.event = () => disposable; } fire() {} dispose() {} },
  Disposable: class { constructor(f) { this.dispose = f; } static from() { return disposable; } } };
for (const k of ['window', 'commands', 'languages', 'env', 'Uri', 'TreeItem', 'ThemeIcon', 'ThemeColor', 'MarkdownString', 'RelativePattern',
  'StatusBarAlignment', 'TreeItemCollapsibleState', 'Range', 'Position', 'Selection', 'Diagnostic', 'DiagnosticSeverity', 'CodeLens', 'CodeAction',
  'CodeActionKind', 'CompletionItem', 'CompletionItemKind', 'Hover', 'SnippetString', 'WorkspaceEdit', 'ProgressLocation', 'ViewColumn', 'extensions', 'tasks', 'debug', 'l10n'])
  vscode[k] = stub;
const origResolve = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) { return request === 'vscode' ? 'vscode' : origResolve.call(this, request, ...rest); };
require.cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: vscode };
const which = process.argv[1];
const t0 = process.hrtime.bigint();
const c0 = process.cpuUsage();
const cpuMs = () => { const c = process.cpuUsage(c0); return (c.user + c.system) / 1000; };
if (which === 'activate') {
  const ext = require(path.join(process.cwd(), 'dist', 'extension.js'));
  const t1 = process.hrtime.bigint();
  const context = { subscriptions: [], extension: { packageJSON: { version: 'bench' } }, extensionUri: stub, globalState: stub, workspaceState: stub, secrets: stub, extensionPath: process.cwd(), globalStorageUri: stub, storageUri: stub, logUri: stub };
  ext.activate(context);
  const t2 = process.hrtime.bigint();
  console.log(JSON.stringify({ requireMs: Number(t1 - t0) / 1e6, activateMs: Number(t2 - t1) / 1e6, cpuMs: cpuMs() }));
} else {
  require(path.join(process.cwd(), 'dist', 'kubeLayer.js'));
  console.log(JSON.stringify({ kubeLayerMs: Number(process.hrtime.bigint() - t0) / 1e6 }));
}
`;

function run(which) {
  const r = spawnSync(process.execPath, ['-e', child, which], { cwd: root, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(r.stderr.split('\n').slice(-15).join('\n').slice(-3000));
  return JSON.parse(r.stdout.trim().split('\n').pop());
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const act = Array.from({ length: samples }, () => run('activate'));
const layer = Array.from({ length: samples }, () => run('layer'));
const total = act.map((a) => a.requireMs + a.activateMs);
const result = {
  samples,
  requireExtensionMs: +median(act.map((a) => a.requireMs)).toFixed(1),
  activateMs: +median(act.map((a) => a.activateMs)).toFixed(1),
  activationTotalMs: +median(total).toFixed(1),
  // CPU time of require + activate: less sensitive than wall time to other processes on a shared machine.
  activationCpuMs: +median(act.map((a) => a.cpuMs)).toFixed(1),
  kubeLayerFirstLoadMs: +median(layer.map((l) => l.kubeLayerMs)).toFixed(1),
  goalMs: 100,
  loadAverage: (await import('node:os')).loadavg().map((x) => +x.toFixed(2)),
};
console.log(JSON.stringify(result, null, 2));
process.exitCode = result.activationTotalMs <= result.goalMs ? 0 : 1;
