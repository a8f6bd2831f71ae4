import * as assert from 'node:assert/strict';
import { checkTargetInput, targetChoices } from '../../../src/core/plans';
import { RELEASES } from './helpers';

describe('plans: target picker choices', () => {
  it('offers what the explorer advertises first: the latest patch of the running minor, then the next minor', () => {
    const choices = targetChoices(RELEASES, 'v1.30.4+k3s1');
    assert.equal(choices[0].version, RELEASES.latestPatch('k3s', '1.30'));
    assert.match(choices[0].why, /latest patch of v1\.30/);
    assert.equal(choices[1].version, RELEASES.latestPatch('k3s', '1.31'));
    assert.match(choices[1].why, /next minor/);
    assert.ok(choices.some((c) => c.version === RELEASES.recommended('k3s')[0]), 'the newest release is offered too');
    assert.equal(new Set(choices.map((c) => c.version)).size, choices.length, 'no duplicates');
  });

  it('offers only releases newer than the cluster', () => {
    const newest = RELEASES.recommended('k3s')[0];
    assert.deepEqual(targetChoices(RELEASES, newest), []);
  });

  it('checks a typed target as it is typed: minor lines resolve, old and unknown versions are refused with a reason', () => {
    const cur = 'v1.30.4+k3s1';
    const r = checkTargetInput(RELEASES, cur, '1.31');
    assert.ok(r.ok && r.value === RELEASES.latestPatch('k3s', '1.31'), JSON.stringify(r));
    assert.ok(checkTargetInput(RELEASES, cur, 'v1.31.x').ok);
    const old = checkTargetInput(RELEASES, cur, 'v1.29.1+k3s1');
    assert.ok(!old.ok && /not newer than/.test(old.error), JSON.stringify(old));
    const none = checkTargetInput(RELEASES, cur, 'v1.31.99+k3s1');
    assert.ok(!none.ok && /not a known K3s release/.test(none.error) && none.error.includes(RELEASES.latestPatch('k3s', '1.31')!), JSON.stringify(none));
    const junk = checkTargetInput(RELEASES, cur, 'banana');
    assert.ok(!junk.ok);
    assert.ok(!checkTargetInput(RELEASES, cur, '1.99').ok);
  });
});
