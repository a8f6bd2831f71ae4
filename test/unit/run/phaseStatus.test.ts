import * as assert from 'node:assert/strict';
import { type RunEntry, type RunPhase, phaseRows, runPhases, runStateFromJournal } from '../../../src/core/run';
import { demo, examplePlan } from './fixtures';
import { phaseDone, phaseStarted, started } from './journalFixtures';

describe('core/run phaseRows (the Run view)', () => {
  const phases = ((): RunPhase[] => {
    const r = runPhases(examplePlan(), demo());
    assert.ok(r.ok, r.ok ? '' : r.error);
    return r.value;
  })();
  const phase = (id: string): RunPhase => {
    const p = phases.find((x) => x.id === id);
    assert.ok(p, id);
    return p;
  };

  it('done, running and pending phases with their times, in the run\'s order', () => {
    const entries: RunEntry[] = [started(phases), phaseStarted(phase('backups'), '2026-11-28T22:00:01Z'), phaseDone('backups', '2026-11-28T22:03:00Z'), phaseStarted(phase('hop-1/k3s-servers'), '2026-11-28T22:03:01Z')];
    const state = runStateFromJournal(entries);
    assert.ok(state);
    const rows = phaseRows(state);
    assert.deepEqual(rows.slice(0, 3).map((r) => [r.id, r.status, r.startedAt, r.doneAt]), [
      ['backups', 'done', '2026-11-28T22:00:01Z', '2026-11-28T22:03:00Z'],
      ['hop-1/k3s-servers', 'running', '2026-11-28T22:03:01Z', undefined],
      [phases[2].id, 'pending', undefined, undefined],
    ]);
    assert.equal(rows.length, phases.length);
  });

  it('a failed phase is failed, a paused one paused', () => {
    const failed = runStateFromJournal([started(phases), phaseStarted(phase('backups'), '2026-11-28T22:00:01Z'), phaseDone('backups', '2026-11-28T22:03:00Z', 'failed')]);
    assert.ok(failed);
    assert.equal(phaseRows(failed)[0].status, 'failed');
    const base = started(phases);
    const paused = runStateFromJournal([base, phaseStarted(phase('backups'), '2026-11-28T22:00:01Z'), { ...base, type: 'run-paused', at: '2026-11-28T22:01:00Z', phaseId: 'backups', reason: 'the user paused' }]);
    assert.ok(paused);
    assert.equal(phaseRows(paused)[0].status, 'paused');
  });
});
