import * as assert from 'node:assert/strict';
import { parsePlan } from '../../../src/core/plans/parse';
import { underBudget } from '../helpers/timing';
import { EXAMPLE, slice } from './helpers';

describe('plans: parsing through the YAML gate', () => {
  it('a plan under the size limit with 32k keys finishes within 3 s (it took 11-14 s)', () => {
    const text = Array.from({ length: 32_000 }, (_, i) => `k${i}: 1\n`).join('');
    const r = underBudget(3000, () => parsePlan(text));
    assert.ok(r.ms < 3000, `took ${r.ms.toFixed(0)} ms`);
    assert.deepEqual(r.value.diagnostics.map((d) => [d.code, d.source, d.severity]), [['limits.too-many-nodes', 'limits', 'warning']]);
    assert.equal(r.value.value, undefined);
    assert.ok(r.value.tooLargeForChecks);
  });

  it('a duplicate key is an error on the repeated key, and the plan is not checked further', () => {
    const text = EXAMPLE.replace('  soakTime: 30m\n', '  soakTime: 30m\n  soakTime: 5m\n');
    const r = parsePlan(text);
    const d = r.diagnostics.filter((x) => x.code === 'yaml.DUPLICATE_KEY');
    assert.equal(d.length, 1);
    assert.equal(d[0].source, 'syntax');
    assert.equal(d[0].severity, 'error');
    assert.equal(d[0].range.start, text.indexOf('  soakTime: 5m') + 2);
    assert.equal(slice(text, d[0].range), 'soakTime');
    assert.match(d[0].message, /^Duplicate key "soakTime": it is already set on line \d+ of this mapping\.$/);
    assert.equal(r.value, undefined);
  });

  it('duplicate keys are still found in the syntax-checked prefix of a large file', () => {
    const text = `a: 1\na: 2\n${'# filler\n'.repeat(70_000)}`;
    const d = parsePlan(text).diagnostics;
    assert.ok(d.some((x) => x.code === 'limits.too-large'));
    assert.ok(d.some((x) => x.code === 'yaml.DUPLICATE_KEY' && x.range.start === 5));
  });

  it('a file over the parse limit is refused with one warning, at once', () => {
    const text = `a: 1\n${'#'.repeat(5 * 1024 * 1024)}\n`;
    const r = underBudget(500, () => parsePlan(text));
    assert.ok(r.ms < 500, `took ${r.ms.toFixed(0)} ms`);
    assert.deepEqual(r.value.diagnostics.map((d) => [d.code, d.severity]), [['limits.too-large', 'warning']]);
    assert.match(r.value.diagnostics[0].message, /^This plan is 5 MB; plans over 4 MB are not read\./);
    assert.equal(r.value.doc, undefined);
  });

  it('deep nesting is a limits warning, not a crash', () => {
    // The yaml library composes by recursion: 2,500 then 5,000 levels killed Node ("RegExpCompiler Allocation failed").
    for (const n of [2_500, 5_000, 10_000]) {
      const r = parsePlan(`${'['.repeat(n)}${']'.repeat(n)}`);
      assert.deepEqual(r.diagnostics.map((d) => d.code), ['limits.too-deep']);
    }
  });

  it('an alias bomb is a yaml.aliases error at the document start', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 12; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    const r = parsePlan(lines.join('\n'));
    assert.deepEqual(r.diagnostics.map((d) => [d.code, d.severity, d.range.start]), [['yaml.aliases', 'error', 0]]);
  });

  it('the example plan parses clean, with its value', () => {
    const r = parsePlan(EXAMPLE);
    assert.deepEqual(r.diagnostics, []);
    assert.equal((r.value as { kind: string }).kind, 'UpgradePlan');
  });
});
