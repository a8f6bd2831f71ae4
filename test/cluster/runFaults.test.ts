// Cluster tier: how a run (RunExecutor) ends when the cluster misbehaves, on the real kube-apiserver with the
// simulator's fault knobs: Ceph stuck in HEALTH_WARN fails the Ceph wait and its gate at the timeout and
// `onGateFailure: stop` ends the run; a failing etcd snapshot Job fails the backups phase and the run pauses before
// any K3s Plan; a server under MemoryPressure holds up the servers (its upgrade pod cannot be scheduled) and the
// gate fails at its timeout, naming the pressure and the servers not on the version; credentials
// that may only read are refused at the first write's dry run, before anything is created. And a patch that
// carries a resourceVersion gets a real 409 once the object changed between its dry run and the write: journalled
// as a conflict, not sent again (a transient 409 on a patch without one is, see test/unit/kube/runWrites.test.ts).
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import type { RunPhase } from '../../src/core/run/phases';
import type { GateEntry, PhaseDoneEntry, RunEntry, WriteEntry } from '../../src/core/run/journal';
import { NODES, type RunWrite } from '../../src/core/run/writes';
import { JournalFile } from '../../src/journal/journalFile';
import { JOBS } from '../../src/kube/backups/etcdSnapshot';
import { RunExecutor, discover, prepareEtcdSnapshot } from '../../src/kube/kubeLayer';
import { RunRecorder } from '../../src/kube/run/runJournal';
import { makeWrites } from '../../src/kube/run/runWrites';
import { clusterEnv, connectAs, mergePatch, setSimulatorKnobs, waitFor } from './env';
import { CEPH_TARGET, FROM, ROOK_TARGET, TARGET, cephApi, useRunCluster } from './runSetup';

describe('cluster: run faults (Ceph HEALTH_WARN, failed snapshot Job, node pressure, read-only credentials, 409)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  this.timeout(120_000);
  const suite = useRunCluster();
  const { core, custom, plan, snapshot, setup, journalOf, runPlans, nodes } = suite;

  const onlyCordonedBefore = async (): Promise<void> => {
    for (const [name, n] of await nodes()) assert.equal(n.cordoned, name === 'k3s-agent-5', `${name}: only the node cordoned before the run is cordoned`);
  };
  const writes = (entries: RunEntry[]): WriteEntry[] => entries.filter((e): e is WriteEntry => e.type === 'write');

  it('between hops the rest of the plan is checked against the cluster: Rook moved to v1.16 by somebody during the K3s hop makes the Rook v1.15 hop a downgrade, and the run pauses before it', async function () {
    const file = join(suite.dir, 'run-revalidate.journal.jsonl');
    const p = plan('run-revalidate', {
      components: { k3s: { current: FROM, target: TARGET }, rook: { current: 'v1.14.9', target: ROOK_TARGET } },
      hops: [{ component: 'k3s', version: TARGET }, { component: 'rook', version: ROOK_TARGET }],
    });
    let moved: Promise<unknown> | undefined;
    const ex = RunExecutor.start(await setup(p, new JournalFile(file), (phaseId) => {
      // While the K3s hop goes, somebody sets the Rook operator to v1.16 (the simulator moves the daemons).
      if (phaseId === 'hop-1/k3s-servers') moved ??= suite.apps.patchNamespacedDeployment(
        { name: 'rook-ceph-operator', namespace: 'rook-ceph', body: { spec: { template: { spec: { containers: [{ name: 'rook-ceph-operator', image: 'rook/ceph:v1.16.4' }] } } } } },
        k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch),
      );
    }));
    assert.ok(ex.ok, !ex.ok ? ex.error : '');
    const result = await ex.value.run();
    await moved;
    assert.equal(result.outcome, 'paused', result.reason);
    assert.equal(result.phaseId, 'hop-2/rook-crds');
    assert.match(result.reason, /the rest of the plan no longer fits the cluster as read before hop 2: hop 2: .*v1\.16\.4/);
    assert.ok(result.done.includes('hop-1/gate-k3s-agents'), 'the K3s hop ran to its end');
    assert.ok(!result.done.some((d) => d.startsWith('hop-2/')), 'nothing of the Rook hop ran');
    for (const [name, n] of await nodes()) assert.equal(n.version, TARGET, name);
    await onlyCordonedBefore();
    const paused = journalOf(file).filter((e) => e.type === 'run-paused');
    assert.equal(paused.length, 1);
  });

  it('cephStuckWarn: the Ceph wait and its gate fail at the timeout naming HEALTH_WARN; onGateFailure stop ends the run, nothing cordoned', async function () {
    await setSimulatorKnobs({ cephStuckWarn: 'true' });
    const file = join(suite.dir, 'run-ceph-warn.journal.jsonl');
    // cephHealthOk listed: without it the gate after the wait checks versions only, and passes (reported to the lead).
    const p = plan('run-ceph-warn', {
      components: { ceph: { current: 'v18.2.4', target: CEPH_TARGET } },
      hops: [{ component: 'ceph', version: CEPH_TARGET }],
      gates: { timeout: '8s', healthChecks: ['nodesReady', 'versionsConverged', 'cephHealthOk'] },
    });
    const ex = RunExecutor.start(await setup(p, new JournalFile(file)));
    assert.ok(ex.ok, !ex.ok ? ex.error : '');
    assert.deepEqual(ex.value.phases.map((x) => x.id), ['backups', 'hop-1/ceph-image', 'hop-1/wait-ceph-version', 'hop-1/gate-wait-ceph-version']);
    const result = await ex.value.run();
    assert.equal(result.outcome, 'stopped', result.reason);
    assert.equal(result.phaseId, 'hop-1/gate-wait-ceph-version');
    assert.match(result.reason, /^gate hop-1\/gate-wait-ceph-version failed: still not green after 8s: rook-ceph\/rook-ceph is HEALTH_WARN.*; stopped \(rollback\.onGateFailure: stop\): nothing to clean up$/);
    assert.deepEqual(result.done, ['backups', 'hop-1/ceph-image']);

    const entries = journalOf(file);
    const wait = entries.find((e): e is PhaseDoneEntry => e.type === 'phase-done' && e.phaseId === 'hop-1/wait-ceph-version');
    assert.ok(wait && wait.outcome === 'failed', JSON.stringify(wait));
    assert.match(wait.reason ?? '', /still not green after 8s: rook-ceph\/rook-ceph is HEALTH_WARN/);
    const gate = entries.find((e): e is GateEntry => e.type === 'gate' && e.phaseId === 'hop-1/gate-wait-ceph-version');
    assert.equal(gate?.result.status, 'fail');
    assert.deepEqual(gate.result.checks.map((c) => [c.id, c.verdict]), [['gate.nodes-ready', 'pass'], ['gate.versions-converged', 'pass'], ['gate.ceph-health', 'fail']], 'the gate says which check failed: Ceph converged on the version, its health did not');
    assert.match(gate.result.checks[2].reason, /^still not green after 8s: rook-ceph\/rook-ceph is HEALTH_WARN/);
    const last = entries[entries.length - 1];
    assert.ok(last.type === 'run-finished' && last.outcome === 'stopped');
    assert.deepEqual(writes(entries).map((w) => [w.object.kind, w.after?.image, w.outcome]), [['CephCluster', 'quay.io/ceph/ceph:v18.2.5', 'ok']]);
    const cluster = (await custom.getNamespacedCustomObject(cephApi)) as { status: { ceph: { health: string; details: Record<string, unknown> } } };
    assert.equal(cluster.status.ceph.health, 'HEALTH_WARN', 'still stuck: a stop does not roll Ceph back');
    assert.ok('PG_DEGRADED' in cluster.status.ceph.details);
    await onlyCordonedBefore();
  });

  it('failSnapshotJobs: the backups phase fails with the Job\'s failure and the run pauses before any K3s Plan is created', async function () {
    await setSimulatorKnobs({ failSnapshotJobs: 'true' });
    const file = join(suite.dir, 'run-snapfail.journal.jsonl');
    const p = plan('run-snapfail', { backups: { etcdSnapshot: {} } });
    const jobs: string[] = [];
    const steps: string[] = [];
    const s = await setup(p, new JournalFile(file));
    // The extension's backups phase (commands/backups.ts backupPhase) without VS Code: the real etcd snapshot Job, waited for and verified.
    const manualStep = async (phase: RunPhase, signal: AbortSignal): Promise<{ outcome: 'done' | 'failed'; reason: string }> => {
      steps.push(phase.id);
      const prepared = prepareEtcdSnapshot(suite.client, await snapshot(), p);
      jobs.push((prepared.writes[0].body as { metadata: { name: string } }).metadata.name);
      const r = await prepared.run(signal);
      return r.status === 'verified' ? { outcome: 'done', reason: r.reason } : { outcome: 'failed', reason: `etcd snapshot: ${r.reason}` };
    };
    try {
      const ex = RunExecutor.start({ ...s, callbacks: { manualStep } });
      assert.ok(ex.ok, !ex.ok ? ex.error : '');
      assert.deepEqual(ex.value.phases[0], { kind: 'backups', id: 'backups', title: 'Backups', backups: ['etcd-snapshot'], actions: ['take an etcd snapshot on a K3s server and verify its ETCDSnapshotFile'] });
      const result = await ex.value.run();
      assert.equal(result.outcome, 'paused', result.reason);
      assert.equal(result.phaseId, 'backups');
      assert.match(result.reason, /^etcd snapshot: the snapshot Job system-upgrade\/etcd-snapshot-run-snapfail-\d{8}-\d{6} failed: BackoffLimitExceeded/);
      assert.deepEqual(result.done, []);
      assert.deepEqual(steps, ['backups']);
      assert.deepEqual(await runPlans(ex.value.runId), [], 'no K3s Plan was created');

      const entries = journalOf(file);
      assert.deepEqual(entries.map((e) => e.type), ['run-started', 'phase-started', 'phase-done', 'run-paused']);
      const done = entries[2];
      assert.ok(done.type === 'phase-done' && done.phaseId === 'backups' && done.outcome === 'failed');
      assert.equal(done.reason, result.reason);
      const job = await suite.client.getObject<{ status?: { failed?: number } }>(JOBS('system-upgrade'), jobs[0]);
      assert.ok(job.ok && job.value.status?.failed === 1, 'the Job ran and failed in the cluster');
      for (const [name, n] of await nodes()) assert.equal(n.version, name === 'k3s-agent-5' ? 'v1.29.8+k3s1' : FROM, `${name} untouched`);
      await onlyCordonedBefore();
    } finally {
      for (const name of jobs) await suite.client.delete(JOBS('system-upgrade'), name, { propagationPolicy: 'Background' });
    }
  });

  it('nodePressure on a server: its upgrade pod cannot be scheduled, the servers gate fails at its timeout naming the pressure and the servers behind', async function () {
    await setSimulatorKnobs({ nodePressure: 'k3s-server-2=MemoryPressure' });
    const pressures = async (name: string): Promise<readonly string[]> => {
      const s = (await snapshot()).nodes;
      assert.ok(s.state === 'ok');
      return s.value.find((n) => n.name === name)?.pressures ?? [];
    };
    await waitFor('MemoryPressure on k3s-server-2', async () => (await pressures('k3s-server-2')).includes('MemoryPressure'), 30_000, 200);
    const file = join(suite.dir, 'run-pressure.journal.jsonl');
    const p = plan('run-pressure', { hops: [{ component: 'k3s', version: TARGET, nodes: 'servers' }], gates: { timeout: '10s', healthChecks: ['nodesReady', 'versionsConverged'] } });
    const ex = RunExecutor.start(await setup(p, new JournalFile(file)));
    assert.ok(ex.ok, !ex.ok ? ex.error : '');
    assert.deepEqual(ex.value.phases.map((x) => x.id), ['backups', 'hop-1/k3s-servers', 'hop-1/gate-k3s-servers']);
    // While the run goes: the node lifecycle controller taints the node, kube-scheduler leaves its upgrade pod Pending.
    const unschedulable = waitFor('the upgrade pod of k3s-server-2 Pending on an untolerated taint', async () => {
      const pods = await core.listNamespacedPod({ namespace: 'system-upgrade', labelSelector: 'upgrade.cattle.io/node=k3s-server-2' });
      const scheduled = pods.items.flatMap((x) => x.status?.conditions ?? []).find((c) => c.type === 'PodScheduled' && c.status === 'False');
      const taints = (await core.readNode({ name: 'k3s-server-2' })).spec?.taints ?? [];
      return scheduled?.message?.includes('untolerated taint') ? { message: scheduled.message, taints: taints.map((t) => `${t.key}:${t.effect}`) } : undefined;
    }, 30_000, 200);
    const result = await ex.value.run();
    const pending = await unschedulable;
    assert.deepEqual(pending.taints, ['node.kubernetes.io/memory-pressure:NoSchedule'], pending.message);

    assert.equal(result.outcome, 'stopped', result.reason);
    assert.equal(result.phaseId, 'hop-1/gate-k3s-servers');
    const entries = journalOf(file);
    const phase = entries.find((e): e is PhaseDoneEntry => e.type === 'phase-done' && e.phaseId === 'hop-1/k3s-servers');
    assert.ok(phase && phase.outcome === 'failed', JSON.stringify(phase));
    const gate = entries.find((e): e is GateEntry => e.type === 'gate' && e.phaseId === 'hop-1/gate-k3s-servers');
    assert.ok(gate);
    const memory = (await core.readNode({ name: 'k3s-server-2' })).status?.conditions?.find((c) => c.type === 'MemoryPressure');
    assert.equal(memory?.status, 'True');
    assert.ok(memory.lastTransitionTime && new Date(memory.lastTransitionTime).getTime() <= Date.parse(gate.at), 'the node was under pressure while the gate judged');
    // The kubelet keeps Ready True under pressure: nodesReady names the pressure itself.
    assert.deepEqual(gate.result.checks.map((c) => [c.id, c.verdict]), [['gate.nodes-ready', 'fail'], ['gate.versions-converged', 'fail']]);
    assert.match(gate.result.checks[0].reason, /^still not green after 10s: .*under pressure: k3s-server-2 \(MemoryPressure\)$/);
    assert.match(gate.result.checks[1].reason, /^still not green after 10s: not yet on v1\.31\.1\+k3s1: k3s-server-2 \(v1\.30\.4\+k3s1\), k3s-server-3 \(v1\.30\.4\+k3s1\)$/);
    const after = await nodes();
    assert.deepEqual(['k3s-server-1', 'k3s-server-2', 'k3s-server-3'].map((n) => after.get(n)?.version), [TARGET, FROM, FROM], 'servers one at a time: the first went, the one under pressure held up the rest');
    await onlyCordonedBefore();
    assert.deepEqual(await runPlans(ex.value.runId), []);
  });

  it('read-only credentials: the first write\'s dry run is refused (403) naming the permission; the run pauses before anything is created', async function () {
    const env = clusterEnv();
    const viewer = (await connectAs(env.restricted)).client;
    try {
      const target = { context: env.restricted, server: undefined };
      const read = await discover(viewer, target);
      assert.ok(read.ok, JSON.stringify(!read.ok && read.error));
      const file = join(suite.dir, 'run-restricted.journal.jsonl');
      const before = await nodes();
      const ex = RunExecutor.start({ client: viewer, plan: plan('run-restricted'), snapshot: read.value, journal: new JournalFile(file), target });
      assert.ok(ex.ok, !ex.ok ? ex.error : '');
      const result = await ex.value.run();
      assert.equal(result.outcome, 'paused', result.reason);
      assert.equal(result.phaseId, 'hop-1/k3s-servers');
      assert.match(result.reason, /^the API server refused the dry run of "create Plan system-upgrade\/run-restricted-k3s-v1-31-1-k3s1-server: [^"]*": missing permission "create plans\.upgrade\.cattle\.io": plans\.upgrade\.cattle\.io is forbidden: User "[^"]+" cannot create resource "plans" in API group "upgrade\.cattle\.io" in the namespace "system-upgrade"$/);
      assert.deepEqual(result.done, ['backups']);
      assert.deepEqual(await runPlans(ex.value.runId), [], 'no Plan was created');
      assert.deepEqual(await nodes(), before, 'no node was touched');
      const entries = journalOf(file);
      assert.deepEqual(writes(entries), [], 'no write was made (the dry run is not journalled)');
      assert.deepEqual(entries.slice(-2).map((e) => [e.type, 'phaseId' in e ? e.phaseId : undefined]), [['phase-done', 'hop-1/k3s-servers'], ['run-paused', 'hop-1/k3s-servers']]);
    } finally {
      viewer.dispose();
    }
  });

  it('a patch carrying a resourceVersion, the node changed between its dry run and the write: a real 409, journalled as conflict, not sent again', async function () {
    const name = 'k3s-agent-4';
    const label = 'upgradeplanner.dev/run-faults';
    const env = clusterEnv();
    const conn = await connectAs(env.admin);
    const file = join(suite.dir, 'run-conflict.journal.jsonl');
    const recorder = new RunRecorder(new JournalFile(file), { plan: 'run-conflict', cluster: { context: env.admin, server: undefined, kubeSystemUID: undefined }, runId: '20261127-210000-c0ff' }, () => new Date());
    const rv = (await core.readNode({ name })).metadata!.resourceVersion!;
    const pinned: RunWrite = {
      verb: 'patch', patchType: 'merge', object: { kind: 'Node', name }, resource: NODES, description: `label Node ${name} (resourceVersion ${rv})`,
      body: { metadata: { resourceVersion: rv, labels: { [label]: 'pinned' } } },
    };
    try {
      let sentAtConfirm = 0;
      // While the user reads the dry run, somebody else changes the node.
      const confirm = async (): Promise<boolean> => {
        await core.patchNode({ name, body: { metadata: { labels: { [label]: 'somebody-else' } } } }, mergePatch);
        sentAtConfirm = conn.requests();
        return true;
      };
      const r = await makeWrites({ client: conn.client, recorder, confirm }, 'test', [pinned]);
      assert.ok(!r.ok);
      assert.match(r.error, /^label Node k3s-agent-4 \(resourceVersion \d+\): Operation cannot be fulfilled on nodes "k3s-agent-4": the object has been modified; please apply your changes to the latest version and try again$/);
      assert.equal(conn.requests() - sentAtConfirm, 1, 'one PATCH, not sent again');
      const entries = writes(journalOf(file));
      assert.deepEqual(entries.map((e) => [e.verb, e.outcome]), [['patch', 'conflict']]);
      assert.match(entries[0].message ?? '', /the object has been modified/);
      assert.equal((await core.readNode({ name })).metadata!.labels![label], 'somebody-else', 'the stale patch changed nothing');

      // The same change as a plain merge patch (no resourceVersion) applies to the latest version: no conflict.
      const plain: RunWrite = { ...pinned, description: `label Node ${name}`, body: { metadata: { labels: { [label]: 'plain' } } } };
      const again = await makeWrites({ client: conn.client, recorder }, 'test', [plain]);
      assert.ok(again.ok, !again.ok ? again.error : '');
      assert.deepEqual(writes(journalOf(file)).map((e) => e.outcome), ['conflict', 'ok']);
      assert.equal((await core.readNode({ name })).metadata!.labels![label], 'plain');
    } finally {
      await core.patchNode({ name, body: { metadata: { labels: { [label]: null } } } }, mergePatch);
      conn.client.dispose();
    }
  });
});
