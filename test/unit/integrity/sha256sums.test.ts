import * as assert from 'node:assert/strict';
import { judgeArtifacts, parseSha256Sums } from '../../../src/core/integrity';
import { underBudget } from '../helpers/timing';

const A = 'a'.repeat(64);
const B = 'B'.repeat(64);

describe('core/integrity sha256sum files (K3s release artifacts)', () => {
  it('reads sha256sum lines (text and binary mode, CRLF), keeps bare file names only, counts what it cannot read', () => {
    const r = parseSha256Sums(`${A}  k3s\r\n${B} *k3s-airgap-images-amd64.tar.zst\n\n${A}  ../etc/passwd\nnot a line\n${A}  ..\n`);
    assert.ok(r.ok);
    assert.deepEqual([...r.value.sums], [['k3s', A], ['k3s-airgap-images-amd64.tar.zst', B.toLowerCase()]]);
    assert.deepEqual(r.value.badLines, [4, 5, 6]);
    assert.equal(parseSha256Sums('nothing here\n').ok, false);
    assert.equal(parseSha256Sums('x'.repeat(2 * 1024 * 1024)).ok, false, 'size-capped');
  });

  it('judges: verified, a mismatch fails naming the file, unlisted and absent files are said', () => {
    const sums = parseSha256Sums(`${A}  k3s\n${B}  k3s-airgap-images-amd64.tar.zst\n${A}  k3s-arm64\n`);
    assert.ok(sums.ok);
    const good = judgeArtifacts(sums.value, [{ file: 'k3s', sha256: A }, { file: 'install.sh', sha256: A }]);
    assert.equal(good.ok, true);
    assert.deepEqual(good.verdicts.map((v) => [v.file, v.status]), [['k3s', 'verified'], ['install.sh', 'not-listed']]);
    assert.deepEqual(good.absent, ['k3s-airgap-images-amd64.tar.zst', 'k3s-arm64']);
    const bad = judgeArtifacts(sums.value, [{ file: 'k3s', sha256: A }, { file: 'k3s-airgap-images-amd64.tar.zst', sha256: A }]);
    assert.equal(bad.ok, false);
    assert.match(bad.summary, /1 NOT matching their checksum: k3s-airgap-images-amd64\.tar\.zst/);
    assert.equal(judgeArtifacts(sums.value, []).ok, false, 'nothing verified is not a pass');
  });

  it('is linear on a long hostile file', () => {
    const text = `${'f'.repeat(63)}g  ${'x'.repeat(300)}\n`.repeat(2500);
    const r = underBudget(500, () => parseSha256Sums(text));
    assert.ok(r.ms < 500, `took ${r.ms.toFixed(0)} ms`);
    assert.equal(r.value.ok, false, 'no valid line (the digest has a g)');
  });
});
