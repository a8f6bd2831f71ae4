import * as assert from 'node:assert/strict';
import { parseRiskFile, riskFileSizeProblem } from '../../../src/core/risks';
import { RISK_FILE_MAX_BYTES } from '../../../src/core/risks/parse';
import { underBudget } from '../helpers/timing';

const HEAD = 'apiVersion: upgradeplanner.dev/v1alpha1\nkind: UpgradeRisk\nname: X\ncomponent: ceph\nfrom: "^v18"\nto: v19.2.0\nmessage: m\n';

/** `n` short keys (base 36) under `extra:`, so that many fit under the size cap. */
const manyKeys = (n: number): string => `${HEAD}extra:\n${Array.from({ length: n }, (_, i) => `  ${i.toString(36)}: 1\n`).join('')}`;

describe('risks: hostile risk files are problems, quickly', () => {
  it('a 100k-key risk file is refused by size at once (it took 98 s)', () => {
    const text = manyKeys(100_000); // built outside the timed call
    const r = underBudget(500, () => parseRiskFile(text, 'big.yaml'));
    assert.ok(r.ms < 500, `took ${r.ms.toFixed(0)} ms`);
    assert.deepEqual(r.value.risks, []);
    assert.match(r.value.problems[0].message, /^YAML: This risk file is .* risk files over 256 KB are not read/);
  });

  it('a risk file under the size cap with 28k keys finishes within 3 s (it took ~8 s)', () => {
    const text = manyKeys(28_000);
    assert.ok(text.length <= RISK_FILE_MAX_BYTES);
    const r = underBudget(3000, () => parseRiskFile(text, 'keys.yaml'));
    assert.ok(r.ms < 3000, `took ${r.ms.toFixed(0)} ms`);
    assert.deepEqual(r.value.risks, []);
    assert.equal(r.value.problems.length, 1);
  });

  it('an alias bomb is reported as a problem (it threw, and the file was dropped silently)', () => {
    const lines = [HEAD.trimEnd(), 'x0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 13; i++) lines.push(`x${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
    const r = parseRiskFile(`${lines.join('\n')}\n`, 'bomb.yaml');
    assert.deepEqual(r.risks, []);
    assert.equal(r.problems.length, 1);
    assert.match(r.problems[0].message, /alias bomb/);
    assert.equal(r.problems[0].source, 'bomb.yaml');
  });

  it('a duplicate key is a problem on its line', () => {
    const r = parseRiskFile(`${HEAD}message: again\n`);
    assert.deepEqual(r.risks, []);
    assert.deepEqual(r.problems.map((p) => [p.line, p.column]), [[8, 1]]);
    assert.match(r.problems[0].message, /^YAML: Duplicate key "message": it is already set on line 7/);
  });

  it('schema problems carry the line of the field', () => {
    const r = parseRiskFile(`${HEAD.replace('component: ceph', 'component: etcd')}`);
    assert.deepEqual(r.problems.map((p) => [p.path, p.line, p.column]), [['/component', 4, 12]]);
  });

  it('deep nesting is refused, not composed (10,000 levels crashed the process)', () => {
    const r = parseRiskFile(`${HEAD}extra: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n`);
    assert.match(r.problems[0].message, /nests collections more than 32 levels deep/);
  });

  it('the size check before reading says the same as the parser', () => {
    assert.equal(riskFileSizeProblem(RISK_FILE_MAX_BYTES), undefined);
    assert.equal(`YAML: ${riskFileSizeProblem(300_000)?.message ?? ''}`, parseRiskFile('#'.repeat(300_000)).problems[0].message);
  });
});
