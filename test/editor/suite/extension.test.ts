import * as assert from 'node:assert/strict';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import * as vscode from 'vscode';
import { EXTENSION_ID, activeExtension } from './manifest';

describe('extension', () => {
  it('activates without error', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `${EXTENSION_ID} is not among the loaded extensions`);
    await ext.activate();
    assert.equal(ext.isActive, true);
  });

  it('is the copy this run means to test (working tree or installed .vsix)', async () => {
    // The tier says where the extension must come from: the repository for the development run,
    // the run's extensions folder for the .vsix run.
    const expected = process.env.UP_EXPECT_EXTENSION_UNDER;
    assert.ok(expected, 'UP_EXPECT_EXTENSION_UNDER is not set by the tier');
    const ext = await activeExtension();
    const actual = realpathSync(ext.extensionPath);
    const root = realpathSync(expected);
    assert.ok(actual === root || actual.startsWith(root + sep), `extension loaded from ${actual}, expected under ${root}`);
  });

  it('ships every local file its bundle loads at run time', async () => {
    // Lazily loaded bundles (e.g. dist/kubeLayer.js) must be in the .vsix, not only in the working tree.
    const ext = await activeExtension();
    const main = resolve(ext.extensionPath, (ext.packageJSON as { main: string }).main);
    const mainFile = existsSync(main) ? main : `${main}.js`;
    // `{import('./x.js').T}` is a JSDoc type in a bundled library's comments (re2js has some), not a load.
    const requires = [...readFileSync(mainFile, 'utf8').matchAll(/(?<![{\w.])(?:require|import)\(["'](\.{1,2}\/[^"']+)["']\)/g)].map((m) => m[1]);
    const missing = requires.map((r) => join(dirname(mainFile), r)).filter((f) => !existsSync(f) && !existsSync(`${f}.js`));
    assert.deepEqual(missing, [], `${mainFile} requires files that are not there`);
  });

  it('sees the kubeconfig the tier passes in its environment', () => {
    assert.ok(process.env.UP_EXPECT_KUBECONFIG, 'UP_EXPECT_KUBECONFIG is not set by the tier');
    assert.equal(process.env.KUBECONFIG, process.env.UP_EXPECT_KUBECONFIG);
  });
});
