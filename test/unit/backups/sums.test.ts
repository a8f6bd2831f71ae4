import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { type Result, err, ok } from '../../../src/common/result';
import { checkSums, formatSha256Sums, parseSha256Sums } from '../../../src/core/backups/sums';

const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

describe('core/backups SHA256SUMS', () => {
  it('formats as sha256sum does: hex, two spaces, path, sorted, LF', () => {
    const text = formatSha256Sums([
      { path: 'namespaces/shop/services/web.yaml', sha256: sha('b') },
      { path: 'cluster/nodes/n1.yaml', sha256: sha('a') },
    ]);
    assert.equal(text, `${sha('a')}  cluster/nodes/n1.yaml\n${sha('b')}  namespaces/shop/services/web.yaml\n`);
  });

  it('parses what it formats, and sha256sum\'s binary marker', () => {
    const entries = [{ path: 'a.yaml', sha256: sha('a') }, { path: 'b/c.yaml', sha256: sha('c') }];
    assert.deepEqual(parseSha256Sums(formatSha256Sums(entries)), ok(entries));
    assert.deepEqual(parseSha256Sums(`${sha('a').toUpperCase()} *a.yaml\n`), ok([{ path: 'a.yaml', sha256: sha('a') }]));
    assert.deepEqual(parseSha256Sums(''), ok([]));
  });

  it('refuses malformed lines, paths leaving the folder and repeated paths, naming the line', () => {
    const bad = (text: string, re: RegExp): void => {
      const r = parseSha256Sums(text);
      assert.ok(!r.ok, text);
      assert.match(r.error, re);
    };
    bad(`${sha('a')} a.yaml\n`, /line 1 is not/);
    bad(`${sha('a')}  a.yaml\nnot a line\n`, /line 2 is not/);
    bad(`${sha('a')}  ../etc/passwd\n`, /outside the export/);
    bad(`${sha('a')}  /etc/passwd\n`, /outside the export/);
    bad(`\\${sha('a')}  a\\nb\n`, /line 1 is not/);
    bad(`${sha('a')}  a.yaml\n${sha('b')}  a.yaml\n`, /lists a\.yaml twice/);
  });

  it('checkSums names each file: ok, changed, missing, unreadable', () => {
    const expected = [
      { path: 'ok.yaml', sha256: sha('ok') },
      { path: 'changed.yaml', sha256: sha('before') },
      { path: 'gone.yaml', sha256: sha('x') },
      { path: 'locked.yaml', sha256: sha('y') },
      { path: 'never-read.yaml', sha256: sha('z') },
    ];
    const actual = new Map<string, Result<string, string>>([
      ['ok.yaml', ok(sha('ok'))],
      ['changed.yaml', ok(sha('after'))],
      ['gone.yaml', err("ENOENT: no such file or directory, open 'gone.yaml'")],
      ['locked.yaml', err('EACCES: permission denied')],
    ]);
    assert.deepEqual(
      checkSums(expected, actual).map((c) => [c.path, c.state]),
      [['ok.yaml', 'ok'], ['changed.yaml', 'mismatch'], ['gone.yaml', 'missing'], ['locked.yaml', 'unreadable'], ['never-read.yaml', 'missing']],
    );
  });
});
