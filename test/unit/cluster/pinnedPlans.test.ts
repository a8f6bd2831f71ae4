// Tests src/core/cluster/pinnedPlans.ts (kept with the kube tests of issue 9; mirrors src/core/cluster).
import * as assert from 'node:assert/strict';
import { sameServer } from '../../../src/core/cluster/pinnedPlans';
import { underBudget } from '../helpers/timing';

describe('core/cluster/pinnedPlans sameServer', () => {
  it('ignores trailing slashes, surrounding spaces and case', () => {
    assert.equal(sameServer(' https://K3S.example:6443// ', 'https://k3s.example:6443'), true);
    assert.equal(sameServer('https://a.example', 'https://b.example'), false);
    assert.equal(sameServer('/', ''), true);
  });

  it('is linear on a 100k-char URL of slashes ending in a non-slash', () => {
    const hostile = 'https://x/' + '/'.repeat(100_000) + 'y';
    const other = 'https://x/' + '/'.repeat(100_000) + 'z';
    const { value, ms } = underBudget(500, () => [sameServer(hostile, 'https://x'), sameServer(hostile, other)]);
    assert.deepEqual(value, [false, false]);
    assert.ok(ms < 500, `took ${Math.round(ms)} ms`);
  });

  it('a URL longer than any kubeconfig holds names no server', () => {
    const long = 'https://x.example/' + 'a'.repeat(10_000);
    assert.equal(sameServer(long, long), false);
  });
});
