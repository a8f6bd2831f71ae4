import * as assert from 'node:assert/strict';
import { type RunEntry, phaseRows, runStateFromJournal, windowWait, runPhases, type RunPhase } from '../../../src/core/run';
import { demo, examplePlan } from './fixtures';
import { phaseStarted, started } from './journalFixtures';

const plan = (maintenanceWindow: unknown) => ({ strategy: { maintenanceWindow } });
// Saturday 28 November 2026, 12:00 UTC.
const SAT_NOON = new Date('2026-11-28T12:00:00Z');

describe('core/run windowWait (the run waits for the maintenance window)', () => {
  it('a phase that changes something waits while the window is closed, and says when it opens', () => {
    const r = windowWait(plan({ days: ['saturday'], start: '22:00', end: '04:00', timeZone: 'UTC' }), 'k3s-servers', SAT_NOON);
    assert.deepEqual(r, { ok: true, value: { opensAt: 'saturday 22:00 UTC', opensInMinutes: 600 } });
    for (const kind of ['backups', 'etcd-snapshot', 'k3s-canary', 'k3s-agents', 'rook-crds', 'rook-operator', 'ceph-image'] as const) {
      const w = windowWait(plan({ days: ['saturday'], start: '22:00', end: '04:00' }), kind, SAT_NOON);
      assert.ok(w.ok && w.value, kind);
    }
  });

  it('gates, soaks and version waits never wait; nor does anything inside the window or without one', () => {
    for (const kind of ['gate', 'soak', 'wait-rook-version', 'wait-ceph-version'] as const) {
      assert.deepEqual(windowWait(plan({ days: ['saturday'], start: '22:00', end: '04:00' }), kind, SAT_NOON), { ok: true, value: undefined }, kind);
    }
    // Open: past midnight into Sunday 03:00 Berlin.
    assert.deepEqual(windowWait(plan({ days: ['saturday'], start: '22:00', end: '04:00', timeZone: 'Europe/Berlin' }), 'k3s-agents', new Date('2026-11-29T02:00:00Z')), { ok: true, value: undefined });
    assert.deepEqual(windowWait({}, 'k3s-agents', SAT_NOON), { ok: true, value: undefined });
  });

  it('a window that cannot be read is an error, not a silent start', () => {
    const r = windowWait(plan({ days: ['someday'], start: '22:00', end: '04:00' }), 'k3s-servers', SAT_NOON);
    assert.equal(r.ok, false);
  });

  it('the journal says the run waits before a phase, until that phase starts', () => {
    const phases = ((): RunPhase[] => {
      const r = runPhases(examplePlan(), demo());
      assert.ok(r.ok, r.ok ? '' : r.error);
      return r.value;
    })();
    const s0 = started(phases);
    const wait = { ...s0, type: 'window-wait', at: '2026-11-28T12:00:00Z', phaseId: 'backups', opensAt: 'saturday 22:00 UTC', opensInMinutes: 600 } as RunEntry;
    const waiting = runStateFromJournal([s0, wait]);
    assert.deepEqual(waiting?.waiting, { phaseId: 'backups', opensAt: 'saturday 22:00 UTC' });
    assert.ok(waiting);
    assert.equal(phaseRows(waiting)[0].status, 'waiting');
    const going = runStateFromJournal([s0, wait, phaseStarted(phases[0], '2026-11-28T22:00:01Z')]);
    assert.equal(going?.waiting, undefined);
    assert.equal(going && phaseRows(going)[0].status, 'running');
  });
});
