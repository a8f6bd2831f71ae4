// The release catalog in the real extension host: the bundled data, and a mirror folder
// (upgradePlanner.releaseMirror) that lets an air-gapped site plan to a release newer than the extension.
import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activeExtension } from './manifest';

interface Api {
  newestK3sRelease(): Promise<string | undefined>;
}

async function api(): Promise<Api> {
  const exported = (await activeExtension()).exports as Api | undefined;
  assert.ok(typeof exported?.newestK3sRelease === 'function', 'the extension exports newestK3sRelease');
  return exported;
}

// The tests run from <project>/dist/test/editor in both runs (working tree and installed .vsix).
const upstream135 = join(__dirname, '..', '..', '..', 'data', 'upstream', 'k3s-io-docs', 'release-notes', 'v1.35.X.md');

describe('release catalog', function () {
  this.timeout(60_000);
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('upgradePlanner');

  it('loads the shipped catalog: its newest release is a v1.35 K3s release', async () => {
    assert.match((await (await api()).newestK3sRelease()) ?? '', /^v1\.35\.\d+\+k3s\d+$/);
  });

  it('a v1.36.X.md dropped into the mirror folder makes v1.36 releases known, and they go when the setting is cleared', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'up-mirror-'));
    // A made-up v1.36 line in the upstream docs format, derived from the real v1.35 file.
    writeFileSync(join(folder, 'v1.36.X.md'), readFileSync(upstream135, 'utf8').replace(/v1\.35\./g, 'v1.36.').replace(/1\.35\.X/g, '1.36.X').replace(/2026/g, '2027'));
    try {
      await config().update('releaseMirror', folder, vscode.ConfigurationTarget.Global);
      const deadline = Date.now() + 20_000;
      let newest: string | undefined;
      while (Date.now() < deadline) {
        newest = await (await api()).newestK3sRelease();
        if (newest?.startsWith('v1.36.')) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      assert.match(newest ?? '', /^v1\.36\.\d+\+k3s\d+$/);
    } finally {
      await config().update('releaseMirror', undefined, vscode.ConfigurationTarget.Global);
      rmSync(folder, { recursive: true, force: true });
    }
    const deadline = Date.now() + 20_000;
    let after: string | undefined;
    while (Date.now() < deadline) {
      after = await (await api()).newestK3sRelease();
      if (after?.startsWith('v1.35.')) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    assert.match(after ?? '', /^v1\.35\./);
  });
});
