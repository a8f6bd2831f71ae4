import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { activeExtension } from './manifest';

interface Report {
  ok: boolean;
  summary: string;
  verdicts: { file: string; status: string }[];
  absent: string[];
}

const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

describe('Verify K3s Artifacts', function () {
  this.timeout(60_000);

  it('checks a folder of artifacts against its sha256sum file: a tampered tarball fails by name, the good binary passes, a symlink is not followed', async () => {
    await activeExtension();
    const folder = mkdtempSync(join(tmpdir(), 'up-artifacts-'));
    try {
      writeFileSync(join(folder, 'k3s'), 'the k3s binary');
      writeFileSync(join(folder, 'k3s-airgap-images-amd64.tar.zst'), 'images, tampered');
      symlinkSync('/etc/hostname', join(folder, 'k3s-arm64'));
      writeFileSync(join(folder, 'sha256sum-amd64.txt'), `${sha('the k3s binary')}  k3s\n${sha('images')}  k3s-airgap-images-amd64.tar.zst\n${sha('arm')}  k3s-arm64\n`);
      const bad = await vscode.commands.executeCommand<{ ran: boolean; report?: Report; reason?: string }>('upgradePlanner.verifyArtifacts', vscode.Uri.file(folder));
      assert.ok(bad.ran, bad.reason);
      assert.equal(bad.report?.ok, false);
      assert.deepEqual(bad.report?.verdicts.map((v) => [v.file, v.status]), [['k3s', 'verified'], ['k3s-airgap-images-amd64.tar.zst', 'mismatch']]);
      assert.deepEqual(bad.report?.absent, ['k3s-arm64'], 'the symlink was not hashed');
      assert.match(bad.report?.summary ?? '', /NOT matching their checksum: k3s-airgap-images-amd64\.tar\.zst/);

      writeFileSync(join(folder, 'k3s-airgap-images-amd64.tar.zst'), 'images');
      const good = await vscode.commands.executeCommand<{ ran: boolean; report?: Report }>('upgradePlanner.verifyArtifacts', vscode.Uri.file(folder));
      assert.equal(good.report?.ok, true, good.report?.summary);

      rmSync(join(folder, 'sha256sum-amd64.txt'));
      const none = await vscode.commands.executeCommand<{ ran: boolean; reason?: string }>('upgradePlanner.verifyArtifacts', vscode.Uri.file(folder));
      assert.equal(none.ran, false);
      assert.match(none.reason ?? '', /no sha256sum-<arch>\.txt in the folder/);
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });
});
