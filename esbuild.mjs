// Bundles the extension (Node, CommonJS, `vscode` external), the webview scripts (browser)
// and the editor-tier test suite. `node esbuild.mjs [--watch] [--production]`.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** @type {import('esbuild').BuildOptions} */
const common = {
  bundle: true,
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

const extension = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // @kubernetes/client-node is ESM; esbuild turns it into CommonJS for the extension host.
  mainFields: ['module', 'main'],
};

const webviewDir = 'src/webviews/page';
const webviewEntries = existsSync(webviewDir)
  ? readdirSync(webviewDir).filter((f) => f.endsWith('.ts')).map((f) => join(webviewDir, f))
  : [];
const webviews = webviewEntries.length
  ? { ...common, entryPoints: webviewEntries, outdir: 'dist/webviews', platform: 'browser', format: 'iife', target: 'es2022' }
  : undefined;

// The editor tier runs inside the extension host, which loads CommonJS.
const editorTestDir = 'test/editor/suite';
const editorTests = existsSync(editorTestDir)
  ? {
      ...common,
      entryPoints: readdirSync(editorTestDir).filter((f) => f.endsWith('.ts')).map((f) => join(editorTestDir, f)),
      outdir: 'dist/test/editor',
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      external: ['vscode', 'mocha'],
      sourcemap: 'inline',
      minify: false,
    }
  : undefined;

const configs = [extension, webviews, production ? undefined : editorTests].filter(Boolean);
if (watch) {
  for (const c of configs) await (await esbuild.context(c)).watch();
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}
