import * as assert from 'node:assert/strict';
import { underBudget } from '../helpers/timing';
import { EXAMPLE, applyEdits, slice, validate as validatePlan } from './helpers';

const codes = (text: string): string[] => validatePlan(text).diagnostics.map((d) => d.code);
const find = (text: string, code: string) => {
  const d = validatePlan(text).diagnostics.find((x) => x.code === code);
  assert.ok(d, `expected ${code} in ${JSON.stringify(codes(text))}`);
  return d;
};

describe('plans: schema errors map to exact ranges', () => {
  it('the example plan is clean', () => {
    assert.deepEqual(validatePlan(EXAMPLE).diagnostics, []);
  });

  it('an unknown key is flagged on the key, with a fix that removes its line', () => {
    const text = EXAMPLE.replace('  soakTime: 30m\n', '  soakTime: 30m\n  soakTme: 5m\n');
    const d = find(text, 'schema.additionalProperties');
    assert.equal(slice(text, d.range), 'soakTme');
    assert.match(d.message, /Unknown key "soakTme" in strategy/);
    const fixed = applyEdits(text, d.fixes![0].edits);
    assert.equal(fixed, EXAMPLE);
  });

  it('a wrong enum inside a nested list points at that list item value', () => {
    const text = EXAMPLE.replace('    state: done\n', '    state: finished\n');
    const d = find(text, 'schema.enum');
    assert.equal(slice(text, d.range), 'finished');
    assert.match(d.message, /checklist\[5\]\.state must be one of/);
    assert.ok(d.fixes!.some((f) => f.title === 'Change to "done"'));
  });

  it('a wrong type in a hop points at the value', () => {
    const text = EXAMPLE.replace('  - component: rook\n    version: v1.15.9\n', '  - component: rook\n    version: [1, 15]\n');
    const d = find(text, 'schema.type');
    assert.equal(slice(text, d.range), '[1, 15]');
  });

  it('a missing required property points at the key of its mapping', () => {
    const text = EXAMPLE.replace('  server: https://10.0.0.10:6443\n', '');
    const d = find(text, 'schema.required');
    assert.equal(slice(text, d.range), 'cluster');
    assert.match(d.message, /cluster is missing "server"/);
  });

  it('unevaluated keys under backups with $ref are found too', () => {
    const text = EXAMPLE.replace('    path: ./backups\n', '    path: ./backups\n    compress: true\n');
    assert.equal(slice(text, find(text, 'schema.unevaluatedProperties').range), 'compress');
  });
});

describe('plans: syntax and hostile input', () => {
  it('malformed YAML gives syntax diagnostics, no schema noise', () => {
    const r = validatePlan('apiVersion: x\nkind: [unclosed\n');
    assert.ok(r.diagnostics.length > 0);
    assert.ok(r.diagnostics.every((d) => d.source === 'syntax'));
  });

  it('a second document is reported', () => {
    assert.ok(codes(`${EXAMPLE}---\nfoo: bar\n`).includes('plan.multiple-documents'));
  });

  it('tabs in indentation are a syntax error, not an exception', () => {
    const r = validatePlan(EXAMPLE.replace('  contextName: prod-k3s', '\tcontextName: prod-k3s'));
    assert.ok(r.diagnostics.some((d) => d.source === 'syntax'));
  });

  it('an alias bomb is stopped', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 0; i < 12; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`);
    const r = validatePlan(lines.join('\n'));
    assert.ok(r.diagnostics.some((d) => d.code === 'yaml.aliases'));
  });

  it('a 1 MB file is checked for syntax only, quickly', () => {
    const big = `${EXAMPLE}\n# ${'x'.repeat(100)}\n`.repeat(1 + Math.ceil(1_048_576 / (EXAMPLE.length + 104)));
    const { value: r, ms } = underBudget(3000, () => validatePlan(big));
    assert.ok(ms < 3000, `took ${ms.toFixed(0)} ms`);
    assert.ok(r.diagnostics.some((d) => d.code === 'limits.too-large'));
  });

  it('binary garbage gives bounded diagnostics inside the document', () => {
    const bytes = Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join('');
    const r = validatePlan(bytes);
    assert.ok(r.diagnostics.length <= 200);
    for (const d of r.diagnostics) assert.ok(d.range.start >= 0 && d.range.end <= bytes.length && d.range.start <= d.range.end);
  });

  it('wrong types everywhere do not throw', () => {
    const r = validatePlan('apiVersion: 1\nkind: []\nmetadata: 3\ncluster: x\ncomponents: [a]\nhops: {a: 1}\nchecklist: 7\nacceptedRisks: {}\n');
    assert.ok(r.diagnostics.length >= 6);
  });
});
