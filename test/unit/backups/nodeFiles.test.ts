import * as assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { nodeExportFiles } from '../../../src/backups/nodeFiles';

describe('backups/nodeFiles (ExportFiles on disk)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'up-files-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('writes under the root with the mode asked, reads back under a cap', async () => {
    const f = nodeExportFiles(root);
    assert.ok((await f.mkdir('ctx/t/namespaces/shop/secrets')).ok);
    assert.ok((await f.writeFile('ctx/t/namespaces/shop/secrets/db.yaml', 'kind: Secret\n', 0o600)).ok);
    assert.ok((await f.writeFile('ctx/t/SHA256SUMS', 'x', 0o644)).ok);
    assert.equal(statSync(join(root, 'ctx/t/namespaces/shop/secrets/db.yaml')).mode & 0o777, 0o600);
    assert.equal(statSync(join(root, 'ctx/t/SHA256SUMS')).mode & 0o777, 0o644 & ~process.umask());
    const back = await f.readFile('ctx/t/namespaces/shop/secrets/db.yaml', 100);
    assert.ok(back.ok && Buffer.from(back.value).toString() === 'kind: Secret\n');
    const capped = await f.readFile('ctx/t/namespaces/shop/secrets/db.yaml', 5);
    assert.ok(!capped.ok && /over the 5-byte cap/.test(capped.error));
    const missing = await f.readFile('ctx/t/nope.yaml', 5);
    assert.ok(!missing.ok && /ENOENT/.test(missing.error));
  });

  it('refuses paths that leave the root, touching nothing', async () => {
    const f = nodeExportFiles(join(root, 'inner'));
    for (const p of ['../escape.yaml', '/tmp/escape.yaml', 'a/../../escape.yaml', 'a//b', '.ssh/authorized_keys']) {
      const w = await f.writeFile(p, 'x', 0o644);
      assert.ok(!w.ok && /refused path/.test(w.error), p);
      assert.ok(!(await f.mkdir(p)).ok, p);
      assert.ok(!(await f.readFile(p, 10)).ok, p);
    }
    assert.ok(!existsSync(join(root, 'escape.yaml')));
  });

  it('never overwrites a file nor follows a planted symlink', async () => {
    const f = nodeExportFiles(root);
    writeFileSync(join(root, 'target'), 'precious');
    symlinkSync(join(root, 'target'), join(root, 'link.yaml'));
    const w = await f.writeFile('link.yaml', 'overwritten', 0o644);
    assert.ok(!w.ok && /EEXIST/.test(w.error));
    assert.equal(readFileSync(join(root, 'target'), 'utf8'), 'precious');
    const r = await f.readFile('link.yaml', 100);
    assert.ok(!r.ok, 'reading through a symlink is refused (O_NOFOLLOW)');
  });
});
