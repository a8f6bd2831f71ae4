import * as assert from 'node:assert/strict';
import { isSafeRelativePath, safeFileName, timestampSlug, toDnsLabel } from '../../../src/core/backups/names';
import { oneLine } from '../../../src/core/backups/result';

describe('core/backups names', () => {
  it('toDnsLabel makes a DNS-1123 label of any text, capped, never empty', () => {
    assert.equal(toDnsLabel('Prod K3s 1.31!'), 'prod-k3s-1-31');
    assert.equal(toDnsLabel('--a__b--'), 'a-b');
    assert.equal(toDnsLabel('ÄÖÜ'), 'backup');
    assert.equal(toDnsLabel('x'.repeat(100)).length, 63);
    assert.equal(toDnsLabel(`${'a'.repeat(9)}-b`, 10), 'aaaaaaaaa', 'no trailing dash after the cut');
    for (const s of ['../../etc/passwd', 'a/b', 'UPPER', ' ', '\n']) assert.match(toDnsLabel(s), /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });

  it('timestampSlug is UTC digits from an ISO time', () => {
    assert.equal(timestampSlug('2026-11-27T16:12:31.123Z'), '20261127-161231');
    assert.equal(timestampSlug('not a time'), '00000000-000000');
  });

  it('safeFileName keeps safe names and tags changed ones, never yielding . or .. or a slash', () => {
    assert.equal(safeFileName('web.yaml'), 'web.yaml');
    assert.equal(safeFileName('k3s-demo'), 'k3s-demo');
    for (const bad of ['..', '.', '../x', 'a/b', 'a\\b', '.hidden', 'arn:aws:eks:eu-west-1:1:cluster/prod', 'name\nwith newline', '']) {
      const f = safeFileName(bad);
      assert.ok(isSafeRelativePath(f), `${JSON.stringify(bad)} → ${f}`);
      assert.ok(!f.includes('/') && f !== '.' && f !== '..' && !f.startsWith('.'), f);
      assert.notEqual(f, bad);
    }
    assert.notEqual(safeFileName('a/b'), safeFileName('a:b'), 'different names, different files');
    assert.equal(safeFileName('x'.repeat(300)).length, 100);
    assert.notEqual(safeFileName(`${'x'.repeat(200)}1`), safeFileName(`${'x'.repeat(200)}2`));
  });

  it('isSafeRelativePath refuses absolute paths, parent steps and empty segments', () => {
    assert.ok(isSafeRelativePath('ctx/20261127-161231/cluster/nodes/n1.yaml'));
    for (const p of ['/etc/passwd', '../x', 'a/../b', 'a//b', 'a/./b', '', 'a/', 'a\\b', 'a/.ssh']) assert.ok(!isSafeRelativePath(p), p);
  });

  it('oneLine folds whitespace and cuts long server text', () => {
    assert.equal(oneLine('a\n  b\tc'), 'a b c');
    const long = oneLine('x'.repeat(1000));
    assert.equal(long.length, 300);
    assert.ok(long.endsWith('…'));
  });
});
