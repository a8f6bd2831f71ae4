import * as assert from 'node:assert/strict';
import { LineSplitter } from '../../../src/kube/lineSplitter';
import { underBudget } from '../helpers/timing';

describe('kube/lineSplitter', () => {
  it('splits lines across chunks, skips blank ones, keeps multi-byte characters whole', () => {
    const lines: string[] = [];
    const s = new LineSplitter(1024, (l) => lines.push(l));
    const bytes = Buffer.from('{"a":1}\n\n{"b":"é€"}\r\n{"c"');
    for (let i = 0; i < bytes.length; i++) assert.ok(s.push(bytes.subarray(i, i + 1)));
    assert.ok(s.push(Buffer.from(':3}\n')));
    assert.deepEqual(lines, ['{"a":1}', '{"b":"é€"}', '{"c":3}']);
  });

  it('refuses a line over the cap, counted across chunks', () => {
    const s = new LineSplitter(10, () => assert.fail('no line expected'));
    assert.ok(s.push(Buffer.from('12345')));
    assert.ok(s.push(Buffer.from('67890')));
    assert.equal(s.push(Buffer.from('1')), false);
  });

  it('is linear in the length of a long unterminated line fed in small chunks', () => {
    const chunk = Buffer.alloc(4096, 'x');
    const feed = (mb: number): void => {
      const s = new LineSplitter(64 * 1024 * 1024, () => undefined);
      for (let n = 0; n < (mb * 1024 * 1024) / chunk.length; n++) s.push(chunk);
      s.push(Buffer.from('\n'));
    };
    const { ms } = underBudget(1500, () => feed(32));
    assert.ok(ms < 1500, `32 MB in 4 KB chunks took ${Math.round(ms)} ms`);
  });
});
