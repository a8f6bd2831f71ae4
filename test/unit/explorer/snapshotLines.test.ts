import * as assert from 'node:assert/strict';
import type { EtcdSnapshotSummary } from '../../../src/core/cluster';
import { snapshotLine, snapshotsGroupLine } from '../../../src/explorer/text/snapshotLines';

const snap = (name: string, createdAt: string): EtcdSnapshotSummary => ({ name, node: 'k3s-server-1', createdAt, sizeBytes: 18874400, location: undefined, readyToUse: true });
const now = new Date('2026-09-02T06:00:00Z');

describe('explorer/text snapshot rows (stale etcd snapshots are marked)', () => {
  it('the demo: snapshots two years old are stale, on the group and on each row', () => {
    const list = [snap('pre-upgrade', '2024-09-02T04:00:02Z'), snap('etcd-snapshot', '2024-09-01T16:00:02Z')];
    const group = snapshotsGroupLine(list, now);
    assert.equal(group.description, '2 · newest 2 years old — stale');
    assert.equal(group.warn, true);
    assert.match(group.tooltip, /younger than 24 hours/);
    const row = snapshotLine(list[0], now);
    assert.match(row.description, /2024-09-02T04:00:02Z \(2 years ago\) · 18\.0 MiB · stale$/);
    assert.equal(row.warn, true);
  });

  it('a snapshot of this morning is fine', () => {
    const group = snapshotsGroupLine([snap('today', '2026-09-02T04:00:00Z')], now);
    assert.equal(group.description, '1 · newest 2 hours old');
    assert.equal(group.warn, false);
    assert.equal(snapshotLine(snap('today', '2026-09-02T04:00:00Z'), now).warn, false);
  });

  it('no snapshot at all warns', () => {
    assert.deepEqual(snapshotsGroupLine([], now).warn, true);
  });
});
