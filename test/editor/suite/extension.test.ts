import * as assert from 'node:assert/strict';
import { realpathSync } from 'node:fs';
import { sep } from 'node:path';
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

  it('sees the kubeconfig the tier passes in its environment', () => {
    assert.ok(process.env.UP_EXPECT_KUBECONFIG, 'UP_EXPECT_KUBECONFIG is not set by the tier');
    assert.equal(process.env.KUBECONFIG, process.env.UP_EXPECT_KUBECONFIG);
  });
});
