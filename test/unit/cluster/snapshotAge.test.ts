import * as assert from 'node:assert/strict';
import { ETCD_SNAPSHOT_MAX_AGE_HOURS, type EtcdSnapshotSummary, formatAge, snapshotAge, snapshotFreshness } from '../../../src/core/cluster';

const snap = (name: string, createdAt: string | undefined, readyToUse?: boolean): EtcdSnapshotSummary => ({ name, node: 'k3s-server-1', createdAt, sizeBytes: 1, location: undefined, readyToUse });
const now = new Date('2026-09-02T06:00:00Z');

describe('core/cluster snapshot age (stale etcd snapshots)', () => {
  it('the threshold is a named 24 h, the default preflight uses', () => {
    assert.equal(ETCD_SNAPSHOT_MAX_AGE_HOURS, 24);
  });

  it('the demo snapshots, two years old, are stale', () => {
    const age = snapshotAge('2024-09-02T04:00:02Z', now);
    assert.equal(age?.stale, true);
    assert.equal(age?.text, '2 years');
  });

  it('a snapshot of two hours ago is fresh; one of 25 hours is stale', () => {
    assert.deepEqual(snapshotAge('2026-09-02T04:00:00Z', now), { ageMs: 2 * 3_600_000, text: '2 hours', stale: false });
    assert.equal(snapshotAge('2026-09-01T05:00:00Z', now)?.stale, true);
    assert.equal(snapshotAge('2026-09-01T05:00:00Z', now, 48)?.stale, false);
  });

  it('no or unreadable time: no age', () => {
    assert.equal(snapshotAge(undefined, now), undefined);
    assert.equal(snapshotAge('yesterday', now), undefined);
  });

  it('freshness: the newest ready snapshot decides', () => {
    const list = [snap('old', '2024-09-02T04:00:02Z'), snap('new-not-ready', '2026-09-02T05:00:00Z', false), snap('recent', '2026-09-02T01:00:00Z')];
    const f = snapshotFreshness(list, now);
    assert.ok(f.state === 'fresh');
    assert.equal(f.newest.name, 'recent');
    assert.equal(snapshotFreshness([snap('old', '2024-09-02T04:00:02Z')], now).state, 'stale');
    assert.equal(snapshotFreshness([], now).state, 'none');
  });

  it('formatAge', () => {
    assert.equal(formatAge(30_000), 'less than a minute');
    assert.equal(formatAge(61_000), '1 minute');
    assert.equal(formatAge(3 * 24 * 3_600_000), '3 days');
    assert.equal(formatAge(-1), 'in the future');
  });
});
