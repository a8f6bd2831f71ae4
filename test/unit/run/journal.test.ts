import * as assert from 'node:assert/strict';
import { journalLine, parseJournal } from '../../../src/core/journal';
import { type RunEntry, type RunPhase, cancelPlan, etcdSnapshotsFromJournal, isRunEntry, parseRunJournal, runPhases, runStartedEntry, runStateFromJournal } from '../../../src/core/run';
import { CLUSTER, RUN_ID, createdPlan, etcdBackup, phaseDone, phaseStarted, started, uncordoned } from './journalFixtures';
import { demo, examplePlan } from './fixtures';

const PHASES: RunPhase[] = (() => {
  const r = runPhases(examplePlan({ strategy: { canary: { size: 1 }, concurrency: { agents: 2 } } }), demo());
  if (!r.ok) throw new Error(r.error);
  return r.value;
})();
const phase = (id: string): RunPhase => PHASES.find((p) => p.id === id)!;

/** The journal of a run that crashed while its canary agents were being upgraded. */
function crashedInCanary(): RunEntry[] {
  return [
    started(PHASES),
    phaseStarted(phase('backups'), '2026-11-28T22:00:01Z'),
    phaseDone('backups', '2026-11-28T22:03:00Z'),
    phaseStarted(phase('hop-1/k3s-servers'), '2026-11-28T22:03:01Z', ['k3s-server-1', 'k3s-server-2', 'k3s-server-3']),
    createdPlan('hop-1/k3s-servers', 'prod-k3s-1-33-k3s-v1-30-8-k3s1-server', '2026-11-28T22:03:02Z'),
    phaseDone('hop-1/k3s-servers', '2026-11-28T22:10:00Z'),
    phaseStarted(phase('hop-1/gate-k3s-servers'), '2026-11-28T22:10:01Z'),
    phaseDone('hop-1/gate-k3s-servers', '2026-11-28T22:11:00Z'),
    phaseStarted(phase('hop-1/k3s-canary'), '2026-11-28T22:11:01Z', ['k3s-agent-1']),
    createdPlan('hop-1/k3s-canary', 'prod-k3s-1-33-k3s-v1-30-8-k3s1-canary', '2026-11-28T22:11:02Z'),
  ];
}

describe('core/run journal', () => {
  it('after a crash mid-phase: the run is unfinished, resumes at the phase in progress, and knows what it created and cordoned', () => {
    const s = runStateFromJournal(crashedInCanary());
    assert.ok(s);
    assert.equal(s.runId, '20261128-220000-ab12cd');
    assert.equal(s.finished, false);
    assert.deepEqual(s.completed, ['backups', 'hop-1/k3s-servers', 'hop-1/gate-k3s-servers']);
    assert.equal(s.lastCompleted, 'hop-1/gate-k3s-servers');
    assert.equal(s.inProgress, 'hop-1/k3s-canary');
    assert.equal(s.resumeFrom, 'hop-1/k3s-canary');
    assert.deepEqual(s.created.map((c) => c.object.name), ['prod-k3s-1-33-k3s-v1-30-8-k3s1-server', 'prod-k3s-1-33-k3s-v1-30-8-k3s1-canary']);
    assert.deepEqual(s.created[1].resource, { group: 'upgrade.cattle.io', version: 'v1', resource: 'plans', namespace: 'system-upgrade' });
    // Every node the run's Plans touched; k3s-agent-5 was cordoned before the run and is not the run's to uncordon.
    assert.deepEqual(s.cordoned, ['k3s-server-1', 'k3s-server-2', 'k3s-server-3', 'k3s-agent-1']);
  });

  it('survives the journal file: entries written with journalLine, a torn last line skipped, read back the same', () => {
    const entries = crashedInCanary();
    const text = entries.map((e) => {
      const line = journalLine(e);
      assert.ok(line.ok);
      return line.value;
    }).join('') + '{"type":"phase-done","at":"2026-11-28T22:1';
    const values = text.split('\n').flatMap((l) => {
      try {
        return [JSON.parse(l) as unknown];
      } catch {
        return [];
      }
    });
    assert.equal(values.length, entries.length);
    assert.ok(values.every(isRunEntry));
    assert.deepEqual(runStateFromJournal(values.filter(isRunEntry)), runStateFromJournal(entries));
    const parsed = parseRunJournal(text);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.entries, entries, 'the run reader keeps every run entry');
    assert.deepEqual(parsed.value.skipped, [{ line: entries.length + 1, why: 'not JSON (a torn or edited line)' }]);
    const plain = parseJournal(text);
    assert.ok(plain.ok);
    assert.equal(plain.value.entries.length, 0, 'the plain reader knows no run entries');
    assert.equal(isRunEntry({ ...entries[0], runId: 7 }), false);
  });

  it('a failed phase is where a resume starts; a later start of it clears the failure; uncordons and deletes are remembered', () => {
    const entries: RunEntry[] = [
      ...crashedInCanary(),
      phaseDone('hop-1/k3s-canary', '2026-11-28T22:20:00Z', 'failed'),
      { at: '2026-11-28T22:20:01Z', plan: 'prod-k3s-1-33', cluster: crashedInCanary()[0].cluster, runId: crashedInCanary()[0].runId, type: 'run-paused', phaseId: 'hop-1/k3s-canary', reason: 'gate failed: pause' },
      uncordoned('k3s-agent-1', '2026-11-28T22:21:00Z'),
    ];
    const s = runStateFromJournal(entries)!;
    assert.equal(s.inProgress, undefined);
    assert.equal(s.failedPhase, 'hop-1/k3s-canary');
    assert.equal(s.resumeFrom, 'hop-1/k3s-canary');
    assert.deepEqual(s.paused, { phaseId: 'hop-1/k3s-canary', reason: 'gate failed: pause', at: '2026-11-28T22:20:01Z' });
    assert.deepEqual(s.cordoned, ['k3s-server-1', 'k3s-server-2', 'k3s-server-3']);
    const again = runStateFromJournal([...entries, phaseStarted(phase('hop-1/k3s-canary'), '2026-11-28T23:00:00Z', ['k3s-agent-1'])])!;
    assert.equal(again.failedPhase, undefined);
    assert.equal(again.paused, undefined);
    assert.ok(again.cordoned.includes('k3s-agent-1'));
  });

  it('a finished run has nothing to resume; the last run in the journal is the one read; no run, no state', () => {
    const base = crashedInCanary()[0];
    const finished: RunEntry[] = [...crashedInCanary(), { ...base, at: '2026-11-28T23:00:00Z', type: 'run-finished', outcome: 'cancelled', reason: 'cancelled by the user' }];
    const s = runStateFromJournal(finished)!;
    assert.equal(s.finished, true);
    assert.equal(s.outcome, 'cancelled');
    assert.equal(s.resumeFrom, undefined);
    const second = { ...started(PHASES, '2026-11-29T22:00:00Z'), runId: 'second' } as RunEntry;
    const s2 = runStateFromJournal([...finished, second])!;
    assert.equal(s2.runId, 'second');
    assert.equal(s2.finished, false);
    assert.deepEqual(s2.created, []);
    assert.equal(s2.resumeFrom, 'backups');
    assert.equal(runStateFromJournal([etcdBackup('f', 'n', '2026-11-28T22:02:00Z')]), undefined);
  });

  it('etcd snapshots from the backup entries: names, node, location and time from the evidence', () => {
    const snaps = etcdSnapshotsFromJournal([etcdBackup('local-pre-k3s-server-1-1764367320-abc', 'pre-k3s-server-1-1764367320', '2026-11-28T22:02:00Z'), ...crashedInCanary()]);
    assert.deepEqual(snaps, [{
      file: 'local-pre-k3s-server-1-1764367320-abc', snapshotName: 'pre-k3s-server-1-1764367320', node: 'k3s-server-1',
      location: 'file:///var/lib/rancher/k3s/server/db/snapshots/pre-k3s-server-1-1764367320', createdAt: '2026-11-28T22:02:00Z', k3sVersion: undefined,
    }]);
  });

  it('the run-started entry records every node as found (version, cordoned) and the Rook and Ceph images', () => {
    const e = runStartedEntry({ at: '2026-11-28T22:00:00Z', plan: 'prod-k3s-1-33', cluster: CLUSTER, runId: RUN_ID }, PHASES, demo());
    assert.ok(isRunEntry(e));
    assert.equal(e.phases.length, PHASES.length);
    assert.deepEqual(e.nodes.find((n) => n.name === 'k3s-agent-5'), { name: 'k3s-agent-5', version: 'v1.29.8+k3s1', server: false, unschedulable: true });
    assert.deepEqual(e.rookOperator, { namespace: 'rook-ceph', name: 'rook-ceph-operator', image: 'rook/ceph:v1.14.9' });
    assert.deepEqual(e.cephClusters, [{ namespace: 'rook-ceph', name: 'rook-ceph', image: 'quay.io/ceph/ceph:v18.2.4' }]);
    // A node cordoned before the run stays out of what the run uncordons, even when its phase touched it.
    const s = runStateFromJournal([e, phaseStarted(phase('hop-1/k3s-agents'), '2026-11-28T22:30:00Z', ['k3s-agent-2', 'k3s-agent-5'])])!;
    assert.deepEqual(s.cordoned, ['k3s-agent-2']);
  });

  it('cancel: deletes the run\'s Plans, uncordons what it cordoned and is still cordoned, and lists what was done and not', () => {
    const state = runStateFromJournal(crashedInCanary())!;
    const s = demo();
    const cordonedNow = { ...s, nodes: s.nodes.state === 'ok' ? { state: 'ok' as const, value: s.nodes.value.map((n) => (n.name === 'k3s-agent-1' ? { ...n, unschedulable: true } : n)) } : s.nodes };
    const c = cancelPlan(state, cordonedNow);
    assert.deepEqual(c.steps.map((x) => [x.id, x.how]), [['delete-plans', 'api'], ['uncordon', 'api']]);
    assert.deepEqual(c.steps[0].writes.map((w) => `${w.verb} ${w.object.kind} ${w.object.namespace}/${w.object.name}`), [
      'delete Plan system-upgrade/prod-k3s-1-33-k3s-v1-30-8-k3s1-server', 'delete Plan system-upgrade/prod-k3s-1-33-k3s-v1-30-8-k3s1-canary',
    ]);
    assert.deepEqual(c.steps[1].writes.map((w) => w.object.name), ['k3s-agent-1']);
    assert.deepEqual(c.done, ['backups', 'hop-1/k3s-servers', 'hop-1/gate-k3s-servers']);
    assert.equal(c.notDone[0], 'hop-1/k3s-canary');
    assert.equal(c.done.length + c.notDone.length, PHASES.length);
  });
});

