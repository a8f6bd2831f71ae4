import * as assert from 'node:assert/strict';
import { type RunEntry, type RunPhase, phaseRows, runPhases, runStateFromJournal } from '../../../src/core/run';
import { demo, examplePlan } from './fixtures';
import { nodeStep, phaseDone, phaseStarted, started } from './journalFixtures';

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

  it('a K3s phase lists its nodes: those that moved with their step, version and times, then those still pending', () => {
    const id = 'hop-1/k3s-servers';
    const entries: RunEntry[] = [
      started(phases), phaseStarted(phase(id), '2026-11-28T22:03:01Z', ['k3s-server-1', 'k3s-server-2', 'k3s-server-3']),
      nodeStep(id, 'k3s-server-2', 'cordoned', '2026-11-28T22:03:05Z', 'v1.30.8+k3s1'),
      nodeStep(id, 'k3s-server-2', 'upgrading', '2026-11-28T22:04:00Z', 'v1.31.4+k3s1'),
      nodeStep(id, 'k3s-server-2', 'done', '2026-11-28T22:04:30Z', 'v1.31.4+k3s1'),
      nodeStep(id, 'k3s-server-1', 'cordoned', '2026-11-28T22:04:31Z', 'v1.30.8+k3s1'),
      // A hand-edited line with an unknown step is not shown.
      { ...nodeStep(id, 'k3s-server-3', 'done', '2026-11-28T22:04:32Z'), step: 'exploded' } as unknown as RunEntry,
    ];
    const state = runStateFromJournal(entries);
    assert.ok(state);
    const row = phaseRows(state).find((r) => r.id === id);
    assert.ok(row);
    assert.deepEqual(row.nodes, [
      { node: 'k3s-server-2', step: 'done', version: 'v1.31.4+k3s1', since: '2026-11-28T22:03:05Z', at: '2026-11-28T22:04:30Z' },
      { node: 'k3s-server-1', step: 'cordoned', version: 'v1.30.8+k3s1', since: '2026-11-28T22:04:31Z', at: '2026-11-28T22:04:31Z' },
      { node: 'k3s-server-3', step: 'pending', version: undefined },
    ]);
    assert.deepEqual(phaseRows(state).find((r) => r.id === 'backups')?.nodes, [], 'a phase without nodes has none');
  });
});
