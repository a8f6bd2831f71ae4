// Bundles the extension (Node, CommonJS, `vscode` external), the webview scripts (browser)
// and the editor-tier test suite. `node esbuild.mjs [--watch] [--production]`.
import * as esbuild from 'esbuild';
import { readdirSync, existsSync, mkdirSync, copyFileSync } from 'node:fs';
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

// The Kubernetes layer (src/kube/kubeLayer.ts: @kubernetes/client-node and what uses it) is a
// second output, dist/kubeLayer.js. The extension's `import('./kubeLayer')` (src/kube/lazy.ts)
// stays a runtime require of that file, so activation does not load the client's megabytes.
const kubeLayerExternal = {
  name: 'kube-layer-external',
  setup(build) {
    build.onResolve({ filter: /(^|\/)kubeLayer$/ }, (args) =>
      args.importer.endsWith(join('src', 'kube', 'lazy.ts')) ? { path: './kubeLayer.js', external: true } : undefined,
    );
  },
};

const extension = {
  ...common,
  entryPoints: ['src/extension.ts'],
  outfile: 'dist/extension.js',
  plugins: [kubeLayerExternal],
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  // @kubernetes/client-node is ESM; esbuild turns it into CommonJS for the extension host.
  mainFields: ['module', 'main'],
};

const kubeLayer = {
  ...common,
  entryPoints: ['src/kube/kubeLayer.ts'],
  outfile: 'dist/kubeLayer.js',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
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

const configs = [extension, kubeLayer, webviews, production ? undefined : editorTests].filter(Boolean);
if (watch) {
  for (const c of configs) await (await esbuild.context(c)).watch();
} else {
  await Promise.all(configs.map((c) => esbuild.build(c)));
}

// The release catalog ships as a file (dist/catalog/catalog.json), read on first use, not bundled into the code.
function copyCatalog() {
  mkdirSync('dist/catalog', { recursive: true });
  copyFileSync('data/catalog.json', 'dist/catalog/catalog.json');
}
copyCatalog();
