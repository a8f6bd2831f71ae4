import * as assert from 'node:assert/strict';
import { type MaintenanceWindow, checkMaintenanceWindow, localTime, parseMaintenanceWindow, windowState } from '../../../src/core/preflight';
import { plan } from './fixtures';

const win = (w: Partial<MaintenanceWindow>): MaintenanceWindow => ({ days: ['saturday'], start: 22 * 60, end: 4 * 60, timeZone: 'UTC', ...w });
const withWindow = (mw: unknown) => plan({ strategy: { maintenanceWindow: mw } });

describe('core/preflight maintenance window', () => {
  it('reads days, HH:MM and the time zone (UTC when absent); refuses what is not', () => {
    const p = parseMaintenanceWindow({ days: ['Saturday', 'sunday'], start: '22:00', end: '04:00' });
    assert.deepEqual(p, { ok: true, value: { days: ['saturday', 'sunday'], start: 1320, end: 240, timeZone: 'UTC' } });
    assert.deepEqual(parseMaintenanceWindow(undefined), { ok: true, value: undefined });
    assert.match((parseMaintenanceWindow({ days: ['someday'], start: '22:00', end: '04:00' }) as { error: string }).error, /not "someday"/);
    assert.match((parseMaintenanceWindow({ days: ['monday'], start: '25:00', end: '04:00' }) as { error: string }).error, /HH:MM/);
    assert.match((parseMaintenanceWindow({ days: ['monday'], start: '01:00', end: '04:00', timeZone: 'Mars/Olympus' }) as { error: string }).error, /Mars\/Olympus" is not a time zone/);
  });

  it('across midnight: open late Saturday and early Sunday, closed after 04:00 Sunday and before 22:00 Saturday', () => {
    const w = win({});
    // 2026-03-07 is a Saturday.
    assert.deepEqual(windowState(w, new Date('2026-03-07T23:30:00Z')), { open: true, closesInMinutes: 270, closesAt: '04:00 UTC' });
    assert.equal(windowState(w, new Date('2026-03-08T03:59:00Z')).open, true);
    const after = windowState(w, new Date('2026-03-08T04:00:00Z'));
    assert.deepEqual(after, { open: false, opensInMinutes: 6 * 1440 + 18 * 60, opensAt: 'saturday 22:00 UTC' });
    assert.deepEqual(windowState(w, new Date('2026-03-07T21:00:00Z')), { open: false, opensInMinutes: 60, opensAt: 'saturday 22:00 UTC' });
    // Friday night is not in the window: Friday is not listed.
    assert.equal(windowState(w, new Date('2026-03-06T23:00:00Z')).open, false);
  });

  it('in a non-UTC time zone: the window is local wall time (Europe/Berlin is UTC+1 in March, Asia/Tokyo UTC+9)', () => {
    const berlin = win({ days: ['saturday'], start: 22 * 60, end: 23 * 60, timeZone: 'Europe/Berlin' });
    assert.equal(windowState(berlin, new Date('2026-03-07T21:30:00Z')).open, true, '22:30 in Berlin');
    assert.equal(windowState(berlin, new Date('2026-03-07T22:30:00Z')).open, false, '23:30 in Berlin');
    assert.deepEqual(localTime(new Date('2026-03-07T20:00:00Z'), 'Asia/Tokyo'), { day: 0, minute: 5 * 60 }, 'already Sunday 05:00 in Tokyo');
    const tokyo = win({ days: ['sunday'], start: 1 * 60, end: 6 * 60, timeZone: 'Asia/Tokyo' });
    assert.equal(windowState(tokyo, new Date('2026-03-07T20:00:00Z')).open, true, 'Saturday 20:00 UTC is inside Sunday 01:00–06:00 Tokyo');
    assert.equal(windowState(tokyo, new Date('2026-03-08T20:00:00Z')).open, false);
  });

  it('the check: open passes, closed warns that the run will wait, none passes, invalid fails at the window', () => {
    const mw = { days: ['saturday'], start: '22:00', end: '04:00', timeZone: 'UTC' };
    assert.equal(checkMaintenanceWindow(withWindow(mw), new Date('2026-03-07T23:00:00Z')).status, 'pass');
    const closed = checkMaintenanceWindow(withWindow(mw), new Date('2026-03-07T12:00:00Z'));
    assert.equal(closed.status, 'warn');
    assert.equal(closed.reason, 'the window is closed: the run will wait until saturday 22:00 UTC (in about 10 h)');
    assert.equal(checkMaintenanceWindow(plan(), new Date()).status, 'pass');
    const bad = checkMaintenanceWindow(withWindow({ ...mw, timeZone: 'Nowhere/City' }), new Date());
    assert.equal(bad.status, 'fail');
    assert.deepEqual(bad.planPath, ['strategy', 'maintenanceWindow']);
  });

  it('start equal to end is the whole day', () => {
    assert.equal(windowState(win({ start: 600, end: 600 }), new Date('2026-03-08T09:00:00Z')).open, true, 'Sunday 09:00 is within Saturday 10:00 + 24 h');
    assert.equal(windowState(win({ start: 600, end: 600 }), new Date('2026-03-08T10:00:00Z')).open, false);
  });
});
