import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MIRROR_MAX_FILE_BYTES, MirrorFolderSource, nodeDirectoryReader } from '../../../src/releases';
import { timedAsync, underBudgetAsync } from '../helpers/timing';
import { readNotes } from './helpers';
import { MemoryFs } from './fakes';

const v136 = (): string => readNotes('v1.35.X.md').replace(/v1\.35\./g, 'v1.36.').replace(/1\.35\.X/g, '1.36.X');

describe('release mirror folder reads only regular files inside it, of a sane size', () => {
  it('reports FIFOs, symlinks out of the folder and 200 MB files as failures, without reading them', async () => {
    const fs = new MemoryFs(new Map([['/mirror/v1.36.X.md', v136()], ['/etc/v1.99.X.md', 'secret']]));
    fs.special.set('/mirror/v1.37.X.md', { type: 'other', size: 0 });
    fs.special.set('/mirror/v1.38.X.md', { type: 'symlink', size: 20, target: '/etc/v1.99.X.md' });
    fs.special.set('/mirror/v1.39.X.md', { type: 'file', size: 200 * 1024 * 1024 });
    fs.special.set('/mirror/v1.40.X.md', { type: 'directory', size: 4096 });
    const m = await new MirrorFolderSource(fs, '/mirror').load();
    assert.ok(m.ok);
    assert.deepEqual(m.value.files, ['v1.36.X.md']);
    assert.deepEqual(fs.reads, ['/mirror/v1.36.X.md'], 'nothing else is opened');
    const reasons = Object.fromEntries(m.value.failures.map((f) => [f.file, f.reason]));
    assert.match(reasons['v1.37.X.md'], /FIFO, socket or device, not a regular file; not read/);
    assert.match(reasons['v1.38.X.md'], /symlink to \/etc\/v1\.99\.X\.md, outside the mirror folder; not read/);
    assert.match(reasons['v1.39.X.md'], new RegExp(`209715200 bytes, more than the ${MIRROR_MAX_FILE_BYTES} a release-notes file may have`));
    assert.match(reasons['v1.40.X.md'], /a folder, not a regular file/);
  });

  it('follows a symlink that stays inside the folder', async () => {
    const fs = new MemoryFs(new Map([['/mirror/notes/v1.36.md', v136()]]));
    fs.special.set('/mirror/v1.36.X.md', { type: 'symlink', size: 20, target: '/mirror/notes/v1.36.md' });
    const m = await new MirrorFolderSource(fs, '/mirror').load();
    assert.ok(m.ok);
    assert.deepEqual(m.value.files, ['v1.36.X.md']);
    assert.deepEqual(m.value.failures, []);
  });

  describe('on a real folder (nodeDirectoryReader)', () => {
    let dir = '';
    before(() => {
      dir = mkdtempSync(join(tmpdir(), 'up-mirror-'));
    });
    after(() => rmSync(dir, { recursive: true, force: true }));

    it('does not block on a FIFO, refuses a symlink out of the folder and a sparse 200 MB file, reads the good file', async function () {
      if (process.platform === 'win32') this.skip();
      writeFileSync(join(dir, 'v1.36.X.md'), v136());
      execFileSync('mkfifo', [join(dir, 'v1.37.X.md')]);
      const outside = mkdtempSync(join(tmpdir(), 'up-outside-'));
      writeFileSync(join(outside, 'secret.md'), 'not release notes');
      symlinkSync(join(outside, 'secret.md'), join(dir, 'v1.38.X.md'));
      writeFileSync(join(dir, 'v1.39.X.md'), '');
      truncateSync(join(dir, 'v1.39.X.md'), 200 * 1024 * 1024);
      try {
        // A run over the time budget (a loaded machine) is repeated whole, with a fresh source.
        const { value: m, ms } = await underBudgetAsync(5000, () => timedAsync(() => new MirrorFolderSource(nodeDirectoryReader, dir, (f, n) => join(f, n)).load()));
        assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
        assert.ok(m.ok);
        assert.deepEqual(m.value.files, ['v1.36.X.md']);
        assert.equal(m.value.data.k3s.length > 0, true);
        assert.deepEqual(m.value.failures.map((f) => f.file), ['v1.37.X.md', 'v1.38.X.md', 'v1.39.X.md']);
        assert.match(m.value.failures[0].reason, /FIFO/);
        assert.match(m.value.failures[1].reason, /outside the mirror folder/);
        assert.match(m.value.failures[2].reason, /209715200 bytes/);
      } finally {
        rmSync(outside, { recursive: true, force: true });
      }
    });

    it('readRegularFile refuses a FIFO and a symlink it is handed directly, at once', async function () {
      if (process.platform === 'win32') this.skip();
      const sub = mkdtempSync(join(dir, 'direct-'));
      execFileSync('mkfifo', [join(sub, 'fifo')]);
      writeFileSync(join(sub, 'file'), 'x'.repeat(2048));
      symlinkSync(join(sub, 'file'), join(sub, 'link'));
      await assert.rejects(nodeDirectoryReader.readRegularFile(join(sub, 'fifo'), 1024), /not a regular file/);
      await assert.rejects(nodeDirectoryReader.readRegularFile(join(sub, 'link'), 4096), /ELOOP/);
      await assert.rejects(nodeDirectoryReader.readRegularFile(join(sub, 'file'), 1024), /more than 1024/);
      assert.equal((await nodeDirectoryReader.readRegularFile(join(sub, 'file'), 4096)).length, 2048);
    });
  });
});
