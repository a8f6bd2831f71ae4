// Cluster tier: a plan run on the real kube-apiserver with the simulator playing system-upgrade-controller
// (cluster/README.md): the executor creates the hop's Plans (servers, canary, agents) after a dry run, waits for
// the nodes by watching, evaluates the gates, journals every step to a file; cancel deletes the run's Plans and
// uncordons what it cordoned; a stuck node fails the gate and `onGateFailure: stop` cleans up; a new executor
// resumes a run from the journal after a "crash" and reattaches to its Plan.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JournalRecord } from '../../src/core/journal';
import { type GateEntry, type RunCancelledEntry, type RunEntry, type WriteEntry, parseRunJournal, runStateFromJournal } from '../../src/core/run/journal';
import { type PhaseRow, phaseRows } from '../../src/core/run/phaseStatus';
import { JournalFile, type JournalSink } from '../../src/journal/journalFile';
import { RunExecutor, cancelUnfinishedRun, rollBackRun } from '../../src/kube/kubeLayer';
import { planApi, setSimulatorKnobs, waitFor } from './env';
import { CEPH_TARGET, FROM, NS, ROOK_TARGET, TARGET, useRunCluster } from './runSetup';

/**
 * A journal that stops answering once the canary's Plan is journalled: the executor writing to it makes no further
 * step, as an extension host that died there, while what it created goes on in the cluster. `crash` resolves then.
 */
function crashAfterCanaryPlan(real: JournalSink): { sink: JournalSink; crash: Promise<void> } {
  let crashed: () => void = () => undefined;
  const crash = new Promise<void>((resolve) => (crashed = resolve));
  let frozen = false;
  const sink: JournalSink = {
    append: async (e: JournalRecord) => {
      if (frozen) return new Promise(() => undefined);
      const r = await real.append(e);
      if (e.type === 'write' && (e as WriteEntry).object.name.endsWith('-canary')) {
        frozen = true;
        crashed();
      }
      return r;
    },
  };
  return { sink, crash };
}

describe('cluster: plan run (system-upgrade-controller Plans, gates, journal, cancel, resume)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  // A cancel waits for the cleanup to settle (up to CLEANUP_WAIT_MS): give each test room on a loaded machine.
  this.timeout(120_000);
  const suite = useRunCluster();
  const { custom, apps, plan, snapshot, setup, journalOf, runPlans, nodes } = suite;

  it('runs one K3s hop: servers, then the canary, then the agents converge, every gate passes, the journal holds it all in order', async function () {
    const file = join(suite.dir, 'run-full.journal.jsonl');
    const progress: string[] = [];
    // The workload checks read the cluster's pods and workloads (all namespaces) on every change too.
    const full = plan('run-full', { gates: { timeout: '40s', healthChecks: ['nodesReady', 'versionsConverged', 'workloadsHealthy', 'noPendingPods'] } });
    const ex = RunExecutor.start(await setup(full, new JournalFile(file), (id, m) => progress.push(`${id}: ${m}`)));
    assert.ok(ex.ok, !ex.ok ? ex.error : '');
    assert.deepEqual(ex.value.phases.map((p) => p.id), [
      'backups', 'hop-1/k3s-servers', 'hop-1/gate-k3s-servers', 'hop-1/k3s-canary', 'hop-1/gate-k3s-canary', 'hop-1/k3s-agents', 'hop-1/gate-k3s-agents',
    ]);
    const result = await ex.value.run();
    assert.equal(result.outcome, 'succeeded', result.reason);
    assert.deepEqual(result.notDone, []);

    const after = await nodes();
    for (const [name, n] of after) assert.equal(n.version, TARGET, name);
    assert.equal(after.get('k3s-agent-5')?.cordoned, true, 'k3s-agent-5 was cordoned before the run and stays so');
    for (const [name, n] of after) if (name !== 'k3s-agent-5') assert.equal(n.cordoned, false, `${name} schedulable`);
    assert.deepEqual(await runPlans(ex.value.runId), [], 'the run removed its Plans at the end');

    const entries = journalOf(file);
    assert.equal(entries[0].type, 'run-started');
    assert.equal(entries[entries.length - 1].type, 'run-finished');
    const at = (type: string, phaseId: string): number => entries.findIndex((e) => e.type === type && 'phaseId' in e && e.phaseId === phaseId);
    const order = ['hop-1/k3s-servers', 'hop-1/gate-k3s-servers', 'hop-1/k3s-canary', 'hop-1/gate-k3s-canary', 'hop-1/k3s-agents', 'hop-1/gate-k3s-agents'];
    for (const [i, id] of order.entries()) {
      assert.ok(at('phase-started', id) >= 0 && at('phase-started', id) < at('phase-done', id), `${id} started then done`);
      if (i > 0) assert.ok(at('phase-done', order[i - 1]) < at('phase-started', id), `${order[i - 1]} done before ${id} started`);
    }
    const creates = entries.filter((e): e is WriteEntry => e.type === 'write' && e.verb === 'create');
    assert.deepEqual(creates.map((w) => [w.object.name, w.outcome]), [
      ['run-full-k3s-v1-31-1-k3s1-server', 'ok'], ['run-full-k3s-v1-31-1-k3s1-canary', 'ok'], ['run-full-k3s-v1-31-1-k3s1-agent', 'ok'],
    ]);
    assert.ok(creates.every((w) => w.afterResourceVersion), 'each create records the resourceVersion the server gave');
    const gates = entries.filter((e): e is GateEntry => e.type === 'gate');
    assert.deepEqual(gates.map((g) => [g.phaseId, g.result.status]), [['hop-1/gate-k3s-servers', 'pass'], ['hop-1/gate-k3s-canary', 'pass'], ['hop-1/gate-k3s-agents', 'pass']]);
    for (const g of gates) {
      assert.deepEqual(g.result.checks.filter((c) => c.id === 'gate.workloads-healthy' || c.id === 'gate.no-pending-pods').map((c) => [c.id, c.verdict]), [['gate.workloads-healthy', 'pass'], ['gate.no-pending-pods', 'pass']], JSON.stringify(g.result.checks.map((c) => [c.id, c.verdict, c.reason])));
    }
    const canary = entries.find((e) => e.type === 'phase-started' && e.phaseId === 'hop-1/k3s-canary');
    assert.deepEqual(canary?.type === 'phase-started' && canary.nodes, ['k3s-agent-1']);
    assert.ok(progress.some((p) => /^hop-1\/k3s-agents: 4\/4 nodes on v1\.31\.1\+k3s1/.test(p)), progress.join('\n'));
    // Every node of each K3s phase is journalled as it moved, and ends done on the hop's version.
    const state = runStateFromJournal(entries);
    assert.ok(state);
    for (const [id, count] of [['hop-1/k3s-servers', 3], ['hop-1/k3s-canary', 1], ['hop-1/k3s-agents', 4]] as const) {
      const row: PhaseRow | undefined = phaseRows(state).find((r) => r.id === id);
      assert.ok(row, id);
      assert.equal(row.nodes.length, count, `${id}: ${JSON.stringify(row.nodes)}`);
      for (const n of row.nodes) {
        assert.equal(n.step, 'done', `${id} ${n.node}`);
        assert.equal(n.version, TARGET, `${id} ${n.node}`);
        assert.ok(n.since && n.at && n.since <= n.at, `${id} ${n.node} has its times`);
      }
    }
  });

  it('cancel mid-run: the run\'s Plans are deleted, the nodes it cordoned uncordoned, what was done and not done recorded', async function () {
    const file = join(suite.dir, 'run-cancel.journal.jsonl');
    const running: { ex?: RunExecutor } = {};
    let cordonedSeen = '';
    const onProgress = (id: string, m: string): void => {
      const busy = /; (k3s-server-\d) (cordoned|upgrading)/.exec(m);
      if (id === 'hop-1/k3s-servers' && busy && !cordonedSeen) {
        cordonedSeen = busy[1];
        running.ex?.cancel('cancelled by the test');
      }
    };
    const started = RunExecutor.start(await setup(plan('run-cancel'), new JournalFile(file), onProgress));
    assert.ok(started.ok);
    const ex = (running.ex = started.value);
    const result = await ex.run();
    assert.equal(result.outcome, 'cancelled', result.reason);
    assert.ok(cordonedSeen, 'a server was being upgraded when the test cancelled');
    assert.equal(result.phaseId, 'hop-1/k3s-servers');
    assert.deepEqual(await runPlans(ex.runId), []);
    const after = await nodes();
    for (const [name, n] of after) assert.equal(n.cordoned, name === 'k3s-agent-5', `${name}: only the node cordoned before the run stays cordoned`);
    assert.equal(after.get('k3s-agent-1')?.version, FROM, 'no agent was touched');

    const entries = journalOf(file);
    const cancelled = entries.find((e): e is RunCancelledEntry => e.type === 'run-cancelled');
    assert.ok(cancelled);
    assert.deepEqual(cancelled.done, ['backups']);
    assert.ok(cancelled.notDone.includes('hop-1/k3s-servers') && cancelled.notDone.includes('hop-1/k3s-agents'));
    assert.ok(cancelled.cleanup.some((c) => c.startsWith('delete Plan system-upgrade/run-cancel-k3s-v1-31-1-k3s1-server')), cancelled.cleanup.join('\n'));
    assert.deepEqual(entries.slice(-1).map((e) => e.type === 'run-finished' && e.outcome), ['cancelled']);
  });

  it('a closed maintenance window: the run waits visibly before its first change, starts when the window opens', async function () {
    const file = join(suite.dir, 'run-window.journal.jsonl');
    // The run's clock: Saturday noon UTC, moving with real time, until the test moves it into the window.
    let base = Date.parse('2026-11-28T12:00:00Z');
    const t0 = Date.now();
    const now = (): Date => new Date(base + Date.now() - t0);
    const progress: string[] = [];
    const running: { ex?: RunExecutor } = {};
    const onProgress = (id: string, m: string): void => {
      progress.push(`${id}: ${m}`);
      if (/waiting for the maintenance window/.test(m)) base = Date.parse('2026-11-28T22:00:30Z') - (Date.now() - t0);
      if (id === 'hop-1/k3s-servers' && /^created Plan/.test(m)) running.ex?.cancel('cancelled by the test');
    };
    const windowed = plan('run-window', { strategy: { canary: { size: 1 }, concurrency: { agents: 2 }, maintenanceWindow: { days: ['saturday'], start: '22:00', end: '23:00', timeZone: 'UTC' } } });
    const started = RunExecutor.start({ ...(await setup(windowed, new JournalFile(file), onProgress)), now, windowRecheckMs: 50 });
    assert.ok(started.ok, !started.ok ? started.error : '');
    const ex = (running.ex = started.value);
    const result = await ex.run();
    assert.equal(result.outcome, 'cancelled', `${result.reason}\n${progress.join('\n')}`);
    assert.ok(progress.includes('backups: waiting for the maintenance window: opens saturday 22:00 UTC (in 600 min)'), progress.join('\n'));
    const entries = journalOf(file);
    const wait = entries.findIndex((e) => e.type === 'window-wait');
    const first = entries.findIndex((e) => e.type === 'phase-started');
    assert.ok(wait > 0 && wait < first, 'the wait is journalled before the first phase starts');
    assert.deepEqual(entries.filter((e) => e.type === 'window-wait').length, 1, 'one entry per wait, not one per look at the clock');
    const create = entries.find((e): e is WriteEntry => e.type === 'write' && e.verb === 'create');
    assert.ok(create, 'the server Plan was created once the window opened');
    assert.ok(Date.parse(create.at) >= Date.parse('2026-11-28T22:00:30Z'), create.at);
    const made: unknown = await custom.getNamespacedCustomObject({ ...planApi, namespace: NS, name: create.object.name }).catch(() => undefined);
    assert.equal(made, undefined, 'the cancel removed it');
  });

  it('a stuck canary fails its gate at the timeout; onGateFailure stop deletes the Plans and uncordons the canary', async function () {
    await setSimulatorKnobs({ stuckNodes: 'k3s-agent-1' });
    const file = join(suite.dir, 'run-stuck.journal.jsonl');
    const ex = RunExecutor.start(await setup(plan('run-stuck', { gates: { timeout: '8s', healthChecks: ['nodesReady', 'versionsConverged'] } }), new JournalFile(file)));
    assert.ok(ex.ok);
    const result = await ex.value.run();
    assert.equal(result.outcome, 'stopped', result.reason);
    assert.equal(result.phaseId, 'hop-1/gate-k3s-canary');
    assert.deepEqual(result.done, ['backups', 'hop-1/k3s-servers', 'hop-1/gate-k3s-servers']);
    assert.deepEqual(await runPlans(ex.value.runId), []);
    const after = await nodes();
    assert.equal(after.get('k3s-agent-1')?.cordoned, false, 'the stuck canary was uncordoned');
    assert.equal(after.get('k3s-agent-1')?.version, FROM);
    assert.equal(after.get('k3s-agent-5')?.cordoned, true);
    assert.equal(after.get('k3s-server-1')?.version, TARGET, 'the servers stay upgraded (K3s is not rolled back by a stop)');

    const entries = journalOf(file);
    const gate = entries.find((e): e is GateEntry => e.type === 'gate' && e.phaseId === 'hop-1/gate-k3s-canary');
    assert.equal(gate?.result.status, 'fail');
    const converged = gate?.result.checks.find((c) => c.id === 'gate.versions-converged');
    assert.match(converged?.reason ?? '', /still not green after 8s: .*k3s-agent-1/);
    const uncordon = entries.find((e): e is WriteEntry => e.type === 'write' && e.verb === 'patch' && e.object.name === 'k3s-agent-1');
    assert.equal(uncordon?.outcome, 'ok');
    const last = entries[entries.length - 1];
    assert.ok(last.type === 'run-finished' && last.outcome === 'stopped');
  });

  it('resume after a crash: a new executor from the journal reattaches to the run\'s Plan and completes the run', async function () {
    const file = join(suite.dir, 'run-resume.journal.jsonl');
    const real = new JournalFile(file);
    // The "crash": once the canary's Plan is journalled, the first executor's journal never answers again,
    // so it makes no further step (as a host that died there), while the Plan goes on in the cluster.
    const { sink: freezing, crash } = crashAfterCanaryPlan(real);
    const first = RunExecutor.start(await setup(plan('run-resume'), freezing));
    assert.ok(first.ok);
    void first.value.run();
    await crash;

    const entries = parseRunJournal(readFileSync(file, 'utf8'));
    assert.ok(entries.ok);
    const second = RunExecutor.resume(await setup(plan('run-resume'), real), entries.value.entries);
    assert.ok(second.ok, !second.ok ? second.error : '');
    assert.equal(second.value.runId, first.value.runId);
    const result = await second.value.run();
    assert.equal(result.outcome, 'succeeded', result.reason);

    const all = journalOf(file);
    const resumed = all.findIndex((e) => e.type === 'run-resumed');
    assert.ok(resumed > 0);
    assert.equal(all[resumed].type === 'run-resumed' && all[resumed].fromPhase, 'hop-1/k3s-canary');
    const creates = all.filter((e): e is WriteEntry => e.type === 'write' && e.verb === 'create').map((w) => w.object.name);
    assert.deepEqual(creates, ['run-resume-k3s-v1-31-1-k3s1-server', 'run-resume-k3s-v1-31-1-k3s1-canary', 'run-resume-k3s-v1-31-1-k3s1-agent'], 'the canary Plan was found again, not created twice');
    assert.ok(all.slice(resumed).some((e) => e.type === 'phase-done' && e.phaseId === 'hop-1/k3s-canary' && e.outcome === 'done'));
    for (const [name, n] of await nodes()) assert.equal(n.version, TARGET, name);
    assert.deepEqual(await runPlans(first.value.runId), []);
  });
  it('Rook then Ceph: the operator image and the CephCluster image patched after a confirmed dry run, every daemon followed, HEALTH_OK', async function () {
    const file = join(suite.dir, 'run-rook.journal.jsonl');
    const confirmed: { phase: string; description: string; dry: string }[] = [];
    const manual: string[] = [];
    const p = plan('run-rook', {
      components: { rook: { current: 'v1.14.9', target: ROOK_TARGET }, ceph: { current: 'v18.2.4', target: CEPH_TARGET } },
      hops: [{ component: 'rook', version: ROOK_TARGET }, { component: 'ceph', version: CEPH_TARGET }],
    });
    const s = await setup(p, new JournalFile(file));
    const ex = RunExecutor.start({
      ...s,
      callbacks: {
        confirmWrites: (phase, writes, dry) => {
          for (const [i, w] of writes.entries()) confirmed.push({ phase, description: w.description, dry: JSON.stringify(dry[i]) });
          return Promise.resolve(true);
        },
        manualStep: (phase) => {
          manual.push(phase.id);
          return Promise.resolve({ outcome: 'done', reason: 'applied by the test' });
        },
      },
    });
    assert.ok(ex.ok, !ex.ok ? ex.error : '');
    const result = await ex.value.run();
    assert.equal(result.outcome, 'succeeded', result.reason);
    assert.deepEqual(manual, ['hop-1/rook-crds'], 'the CRDs are the user\'s step');
    assert.deepEqual(confirmed.map((c) => c.phase), ['hop-1/rook-operator', 'hop-2/ceph-image']);
    assert.match(confirmed[0].dry, /"image":"rook\/ceph:v1\.15\.5"/, 'the dry run answered with the patched Deployment');
    assert.match(confirmed[1].dry, /"image":"quay\.io\/ceph\/ceph:v18\.2\.5"/);

    const deps = await apps.listNamespacedDeployment({ namespace: 'rook-ceph', labelSelector: 'rook_cluster=rook-ceph' });
    for (const d of deps.items) {
      assert.equal(d.metadata!.labels!['rook-version'], ROOK_TARGET, d.metadata!.name);
      assert.equal(d.metadata!.labels!['ceph-version'], '18.2.5-0', d.metadata!.name);
    }
    const entries = journalOf(file);
    const patches = entries.filter((e): e is WriteEntry => e.type === 'write' && e.verb === 'patch');
    assert.deepEqual(patches.map((w) => [w.object.kind, w.before?.image, w.after?.image, w.outcome]), [
      ['Deployment', 'rook/ceph:v1.14.9', 'rook/ceph:v1.15.5', 'ok'],
      ['CephCluster', 'quay.io/ceph/ceph:v18.2.4', 'quay.io/ceph/ceph:v18.2.5', 'ok'],
    ]);
    const gates = entries.filter((e): e is GateEntry => e.type === 'gate');
    assert.deepEqual(gates.map((g) => [g.phaseId, g.result.status]), [['hop-1/gate-wait-rook-version', 'pass'], ['hop-2/gate-wait-ceph-version', 'pass']]);
  });
  it('an unfinished run cancelled without resuming: its Plans deleted, the node it cordoned uncordoned; a rollback after it says K3s cannot go back without a snapshot', async function () {
    await setSimulatorKnobs({ stuckNodes: 'k3s-agent-1' });
    const file = join(suite.dir, 'run-abandon.journal.jsonl');
    const real = new JournalFile(file);
    // As in the resume test: the first executor "dies" once the canary's Plan is journalled; the canary goes on in the cluster.
    const { sink: freezing, crash } = crashAfterCanaryPlan(real);
    const first = RunExecutor.start(await setup(plan('run-abandon'), freezing));
    assert.ok(first.ok);
    void first.value.run();
    await crash;
    await waitFor('the canary cordoned by its Plan', async () => (await nodes()).get('k3s-agent-1')?.cordoned === true, 30000);
    assert.ok((await runPlans(first.value.runId)).length > 0);

    const read = (): (JournalRecord & RunEntry)[] => {
      const r = parseRunJournal(readFileSync(file, 'utf8'));
      assert.ok(r.ok);
      return r.value.entries as (JournalRecord & RunEntry)[];
    };
    const progress: string[] = [];
    const cancelled = await cancelUnfinishedRun({ client: suite.client, snapshot: await snapshot(), journal: real, entries: read(), onProgress: (m) => progress.push(m) });
    assert.ok(cancelled.ok, !cancelled.ok ? cancelled.error : '');
    assert.equal(cancelled.value.outcome, 'cancelled');
    assert.deepEqual(cancelled.value.steps.map((s) => [s.id, s.outcome]), [['delete-plans', 'done'], ['uncordon', 'done']], JSON.stringify(cancelled.value.steps));
    assert.deepEqual(await runPlans(first.value.runId), []);
    for (const [name, n] of await nodes()) assert.equal(n.cordoned, name === 'k3s-agent-5', `${name}: only the node cordoned before the run stays cordoned`);
    const after = journalOf(file);
    const c = after.find((e): e is RunCancelledEntry => e.type === 'run-cancelled');
    assert.ok(c);
    assert.deepEqual(c.done, ['backups', 'hop-1/k3s-servers', 'hop-1/gate-k3s-servers']);
    assert.ok(c.notDone.includes('hop-1/k3s-canary'));
    assert.deepEqual(after.slice(-1).map((e) => e.type === 'run-finished' && e.outcome), ['cancelled']);
    assert.equal((await cancelUnfinishedRun({ client: suite.client, snapshot: await snapshot(), journal: real, entries: read() })).ok, false, 'a finished run is not cancelled twice');

    // The servers moved to v1.31 and the journal knows no v1.30 snapshot: the way back says so instead of guessing.
    const back = await rollBackRun({ client: suite.client, snapshot: await snapshot(), journal: real, entries: read() });
    assert.ok(back.ok, !back.ok ? back.error : '');
    const k3s = back.value.steps.find((s) => s.id === 'k3s');
    assert.equal(k3s?.outcome, 'not-possible');
    assert.match(k3s?.message ?? '', /no etcd snapshot taken on K3s v1\.30 is known/);
    assert.equal(back.value.outcome, 'stopped');
    assert.equal(back.value.runbook, undefined);
    const steps = journalOf(file).filter((e) => e.type === 'rollback-step').map((e) => e.type === 'rollback-step' && [e.stepId, e.outcome]);
    assert.deepEqual(steps, [['delete-plans', 'nothing'], ['uncordon', 'nothing'], ['rook-operator', 'nothing'], ['ceph', 'nothing'], ['k3s', 'not-possible']], 'the cancel left nothing for the rollback to clean up');
  });

  it('roll back a Rook operator upgrade: the image reverted through the API after a dry run, the daemons follow, recorded; not twice', async function () {
    const file = join(suite.dir, 'run-rook-back.journal.jsonl');
    const journal = new JournalFile(file);
    const p = plan('run-rook-back', { components: { rook: { current: 'v1.14.9', target: ROOK_TARGET } }, hops: [{ component: 'rook', version: ROOK_TARGET }] });
    const s = await setup(p, journal);
    const ex = RunExecutor.start({ ...s, callbacks: { manualStep: () => Promise.resolve({ outcome: 'done', reason: 'applied by the test' }) } });
    assert.ok(ex.ok, !ex.ok ? ex.error : '');
    const result = await ex.value.run();
    assert.equal(result.outcome, 'succeeded', result.reason);

    const read = (): RunEntry[] => journalOf(file);
    const dry: string[] = [];
    const back = await rollBackRun({
      client: suite.client, snapshot: await snapshot(), journal, entries: read(),
      confirmWrites: (_phase, writes, answers) => {
        dry.push(...answers.map((a) => JSON.stringify(a)));
        return Promise.resolve(writes.length === 1);
      },
    });
    assert.ok(back.ok, !back.ok ? back.error : '');
    assert.equal(back.value.outcome, 'rolled-back', back.value.reason);
    assert.deepEqual(back.value.steps.map((x) => [x.id, x.outcome]), [['delete-plans', 'nothing'], ['uncordon', 'nothing'], ['rook-operator', 'done'], ['ceph', 'nothing'], ['k3s', 'nothing']]);
    assert.match(dry[0] ?? '', /"image":"rook\/ceph:v1\.14\.9"/, 'the revert was dry-run first');
    const op = await apps.readNamespacedDeployment({ name: 'rook-ceph-operator', namespace: 'rook-ceph' });
    assert.equal(op.spec!.template.spec!.containers[0].image, 'rook/ceph:v1.14.9');
    await waitFor('every Rook daemon back on v1.14.9', async () => {
      const deps = await apps.listNamespacedDeployment({ namespace: 'rook-ceph', labelSelector: 'rook_cluster=rook-ceph' });
      return deps.items.every((d) => d.metadata!.labels!['rook-version'] === 'v1.14.9');
    }, 30000);
    const entries = read();
    const revert = entries.filter((e): e is WriteEntry => e.type === 'write' && e.verb === 'patch').pop();
    assert.deepEqual([revert?.phaseId, revert?.before?.image, revert?.after?.image, revert?.outcome], ['rollback', 'rook/ceph:v1.15.5', 'rook/ceph:v1.14.9', 'ok']);
    assert.deepEqual(entries.slice(-1).map((e) => e.type === 'run-finished' && e.outcome), ['rolled-back']);
    const again = await rollBackRun({ client: suite.client, snapshot: await snapshot(), journal, entries: read() });
    assert.equal(again.ok, false);
    assert.match(!again.ok ? again.error : '', /rolled back already/);
  });
});
