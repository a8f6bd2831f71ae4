import * as assert from 'node:assert/strict';
import { type CheckResult, buildReport, overrideCheck } from '../../../src/core/preflight';

const check = (id: string, status: CheckResult['status']): CheckResult => ({ id, title: id, status, reason: `${id} ${status}`, objects: [] });
const AT = '2026-03-07T12:00:00.000Z';

describe('core/preflight report', () => {
  it('counts statuses; a failed check blocks', () => {
    const r = buildReport([check('a', 'pass'), check('b', 'fail'), check('c', 'warn'), check('d', 'not-checked')], AT);
    assert.deepEqual(r.summary, { pass: 1, warn: 1, fail: 1, 'not-checked': 1, overridden: 0 });
    assert.equal(r.blocking, true);
    assert.equal(buildReport([check('a', 'pass'), check('c', 'warn'), check('d', 'not-checked')], AT).blocking, false);
  });

  it('an override with a reason lets a failed check through and is recorded on the result', () => {
    const r = buildReport([check('a', 'pass'), check('b', 'fail')], AT);
    const o = overrideCheck(r, 'b', { reason: ' node cordoned for repair ', by: 'alice', at: AT });
    assert.ok(o.ok);
    assert.equal(o.value.blocking, false);
    assert.equal(o.value.summary.overridden, 1);
    const b = o.value.checks.find((c) => c.id === 'b')!;
    assert.equal(b.status, 'fail', 'the result keeps its status');
    assert.deepEqual(b.override, { reason: 'node cordoned for repair', by: 'alice', at: AT });
    assert.equal(r.blocking, true, 'the original report is unchanged');
    assert.doesNotThrow(() => JSON.parse(JSON.stringify(o.value)), 'plain data a journal can record');
  });

  it('refuses an override without a reason or name, of a check that did not fail, or of an unknown check', () => {
    const r = buildReport([check('a', 'pass'), check('b', 'fail')], AT);
    assert.match((overrideCheck(r, 'b', { reason: ' ', by: 'alice', at: AT }) as { error: string }).error, /needs a reason/);
    assert.match((overrideCheck(r, 'b', { reason: 'x', by: '', at: AT }) as { error: string }).error, /name/);
    assert.match((overrideCheck(r, 'b', { reason: 'x', by: 'a', at: 'soon' }) as { error: string }).error, /not a time/);
    assert.match((overrideCheck(r, 'a', { reason: 'x', by: 'alice', at: AT }) as { error: string }).error, /only a failed check/);
    assert.match((overrideCheck(r, 'zz', { reason: 'x', by: 'alice', at: AT }) as { error: string }).error, /no check "zz"/);
  });
});
