import * as assert from 'node:assert/strict';
import { edgeMatches, parseRiskFile, testPredicate } from '../../../src/core/risks';
import type { RiskEdge } from '../../../src/core/paths';
import { MAX_INPUT_LENGTH, MAX_PATTERN_LENGTH, compileUserRegex } from '../../../src/core/text/userRegex';
import { underBudget } from '../helpers/timing';

// A risk file's `from` and `matches` patterns come from the workspace (untrusted ones too) and run on
// the extension-host thread on every plan open and edit. With a backtracking engine `(a+)+$` against
// "aaaa…b" doubles its time per character (26 characters: 1.3 s; 30: tens of seconds).
const EVIL = '(a+)+$';
const evilInput = (n: number): string => `${'a'.repeat(n - 1)}b`;

const risk = (from: string, extra = ''): string =>
  `apiVersion: upgradeplanner.dev/v1alpha1\nkind: UpgradeRisk\nname: X\ncomponent: kubernetes\nfrom: '${from}'\nto: v1.31.0\nmessage: m\n${extra}`;

describe('risks: user regular expressions run in linear time (ReDoS)', () => {
  it('a risk edge with from (a+)+$ against a 30-character version finishes in < 250 ms (the old code: 8.5 s)', () => {
    const edge: RiskEdge = { component: 'kubernetes', from: EVIL, to: 'v1.31.0', name: 'Evil', message: 'm' };
    compileUserRegex(EVIL); // compiling is not what is timed
    const r = underBudget(250, () => edgeMatches({ component: 'kubernetes', to: 'v1.31.0', from: evilInput(30) }, [edge]));
    assert.equal(r.value, undefined);
    assert.ok(r.ms < 250, `took ${r.ms.toFixed(1)} ms`);
    // Still a working regular expression.
    assert.equal(edgeMatches({ component: 'kubernetes', to: 'v1.31.0', from: 'aaa' }, [edge]), edge);
  });

  it('the matches predicate on a long cluster value finishes quickly', () => {
    const r = underBudget(1000, () => testPredicate({ op: 'matches', value: EVIL }, evilInput(50_000)));
    assert.equal(r.value, false);
    assert.ok(r.ms < 1000, `took ${r.ms.toFixed(1)} ms`);
    assert.equal(testPredicate({ op: 'matches', value: '^traefik:v?2\\.' }, 'traefik:v2.11.0'), true);
  });

  it('an invalid matches pattern matches nothing instead of throwing', () => {
    assert.equal(testPredicate({ op: 'matches', value: '(' }, 'x'), false);
  });

  it('JavaScript spellings still work: \\d, \\u0041, named groups, an escaped /', () => {
    for (const [pattern, input] of [['^v1\\.3[0-2]\\.', 'v1.31.2'], ['^v(18|19)\\.', 'v19.2.1'], ['\\d+', 'x1'], ['\\u0041', 'A'], ['(?<minor>\\d+)', '7'], ['a\\/b', 'a/b']]) {
      const r = compileUserRegex(pattern);
      assert.ok(r.ok && r.value.test(input), `${pattern} on ${input}`);
    }
  });

  it('backreferences and lookaround are problems at /from, with a sentence that says why', () => {
    for (const from of ['(a)\\1', '^v1(?=\\.3)', '(?<!x)v1', '(?<n>a)\\k<n>']) {
      const r = parseRiskFile(risk(from));
      assert.deepEqual(r.risks, []);
      assert.deepEqual(r.problems.map((p) => p.path), ['/from'], from);
      assert.match(r.problems[0].message, /not supported .*RE2/, from);
      assert.equal(r.problems[0].line, 5);
    }
  });

  it('a bad matches pattern is a problem at its value', () => {
    const r = parseRiskFile(risk('^v1', 'matchingRules:\n  - type: resource\n    kind: K\n    path: a\n    predicate: { op: matches, value: "(?=x)" }\n'));
    assert.deepEqual(r.problems.map((p) => p.path), ['/matchingRules/0/predicate/value']);
    assert.equal(r.problems[0].line, 12);
  });

  it('patterns and inputs over the length caps are refused', () => {
    const long = compileUserRegex('a'.repeat(MAX_PATTERN_LENGTH + 1));
    assert.ok(!long.ok && /limit is/.test(long.error));
    const huge = compileUserRegex('(((a{100}){100}){100})');
    assert.ok(!huge.ok);
    const ok = compileUserRegex('a');
    assert.ok(ok.ok && !ok.value.test('a'.repeat(MAX_INPUT_LENGTH + 1)));
  });
});
