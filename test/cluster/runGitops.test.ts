// Cluster tier: a run in GitOps mode (strategy.apply: gitops) on the k3s-demo scenario. The run writes no Plan and no
// image; the test plays Flux: when the run says it waits for a change from git, it applies that file of Export for
// GitOps (core/run plannedRunWrites, the same writes the export writes) with its own connection. The run checks what
// appears against the plan, journals it, watches the nodes or daemons and gates them like its own.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { type PhaseWrite, plannedRunWrites, rollbackPlan } from '../../src/core/run';
import { type GitOpsAppliedEntry, runStateFromJournal } from '../../src/core/run/journal';
import { JournalFile } from '../../src/journal/journalFile';
import { RunExecutor } from '../../src/kube/kubeLayer';
import { planApi, type PlanObject } from './env';
import { NS, TARGET, ROOK_TARGET, useRunCluster } from './runSetup';

/** The run id Export for GitOps put on the Plans' labels: not the run's. */
const EXPORT_RUN = '20261127-010000-gitops';

describe('cluster: a run in GitOps mode (the changes applied from git, watched and gated by the run)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  this.timeout(180_000);
  const rc = useRunCluster();

  /** Flux: applies the exported write a progress line waits for; `tamper` changes the object first. */
  const flux = (writes: readonly PhaseWrite[], tamper: (body: Record<string, unknown>) => Record<string, unknown> = (b) => b) => {
    const applied: string[] = [];
    const failures: string[] = [];
    const apply = async (message: string): Promise<void> => {
      const plan = /waiting for Plan (\S+)\/(\S+) to be applied from git/.exec(message);
      const image = /waiting for the image of (Deployment|CephCluster) (\S+)\/(\S+) to be set to (\S+) from git/.exec(message);
      const w = writes.find((x) => (plan && x.write.object.kind === 'Plan' && x.write.object.name === plan[2]) || (image && x.write.object.kind === image[1] && x.write.object.name === image[3]));
      if (!w || applied.includes(w.write.object.name)) return;
      applied.push(w.write.object.name);
      if (w.write.verb === 'create') {
        await rc.custom.createNamespacedCustomObject({ ...planApi, namespace: NS, body: tamper(w.write.body as Record<string, unknown>) });
      } else if (w.write.object.kind === 'Deployment') {
        await rc.apps.patchNamespacedDeployment({ name: w.write.object.name, namespace: w.write.object.namespace ?? '', body: w.write.body }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.StrategicMergePatch));
      }
    };
    return {
      applied, failures,
      onProgress: (_phase: string, message: string): void => {
        apply(message).catch((e: unknown) => failures.push(String(e)));
      },
    };
  };

  it('a K3s hop: each Plan applied from git is checked, journalled and watched; the run creates and deletes nothing, the nodes end on the target', async function () {
    const plan = rc.plan('gitops-k3s', { strategy: { canary: { size: 1 }, concurrency: { agents: 2 }, apply: 'gitops' } });
    const writes = plannedRunWrites(plan, await rc.snapshot(), EXPORT_RUN);
    assert.ok(writes.ok, !writes.ok ? writes.error : '');
    const f = flux(writes.value);
    const file = join(rc.dir, 'gitops.journal.jsonl');
    const s = await rc.setup(plan, new JournalFile(file), f.onProgress);
    const ex = RunExecutor.start(s);
    assert.ok(ex.ok, !ex.ok ? ex.error : '');
    const result = await ex.value.run();
    assert.deepEqual(f.failures, []);
    assert.equal(result.outcome, 'succeeded', result.reason);
    assert.match(result.reason, /the Plans and images stay as git applied them/);
    assert.deepEqual(f.applied, writes.value.map((w) => w.write.object.name), 'every exported Plan was waited for, in order');

    for (const [name, n] of await rc.nodes()) {
      assert.equal(n.version, TARGET, name);
      assert.equal(n.cordoned, name === 'k3s-agent-5', `${name}: only the node cordoned before the run stays cordoned`);
    }
    const entries = rc.journalOf(file);
    const start = entries[0];
    assert.ok(start.type === 'run-started' && start.apply === 'gitops');
    assert.deepEqual(entries.filter((e) => e.type === 'write'), [], 'the run wrote nothing to the cluster');
    const fromGit = entries.filter((e): e is GitOpsAppliedEntry => e.type === 'gitops-applied');
    assert.deepEqual(fromGit.map((e) => e.object.name), writes.value.map((w) => w.write.object.name));
    assert.ok(fromGit.every((e) => e.after?.version === TARGET && typeof e.resourceVersion === 'string'));
    // Each Plan was journalled applied before its phase's nodes moved, and every gate passed.
    for (const e of fromGit) {
      const i = entries.indexOf(e);
      const firstStep = entries.findIndex((x) => x.type === 'node-step' && x.phaseId === e.phaseId);
      assert.ok(firstStep > i, `${e.phaseId}: applied, then its nodes moved`);
    }
    assert.ok(entries.filter((e) => e.type === 'gate').every((g) => g.type === 'gate' && g.result.status === 'pass'));
    // Git's Plans stay (Flux would apply them again): labelled with the export's run, not this run's.
    const left = (await rc.custom.listNamespacedCustomObject({ ...planApi, namespace: NS, labelSelector: `upgradeplanner.dev/run=${EXPORT_RUN}` })) as { items: PlanObject[] };
    assert.equal(left.items.length, writes.value.length);
    assert.deepEqual(await rc.runPlans(ex.value.runId), []);
  });

  it('a Plan applied from git that is not the planned one pauses the run naming the field; nothing is cordoned, and a cancel then leaves git\'s Plan alone', async function () {
    const plan = rc.plan('gitops-tampered', { strategy: { canary: { size: 1 }, concurrency: { agents: 2 }, apply: 'gitops' } });
    const writes = plannedRunWrites(plan, await rc.snapshot(), EXPORT_RUN);
    assert.ok(writes.ok);
    // Somebody edited the committed file: the selector picks no node (so the controller has nothing to do).
    const f = flux(writes.value, (b) => ({ ...b, spec: { ...(b.spec as object), nodeSelector: { matchExpressions: [{ key: 'example.com/nothing', operator: 'Exists' }] } } }));
    const file = join(rc.dir, 'gitops-tampered.journal.jsonl');
    const ex = RunExecutor.start(await rc.setup(plan, new JournalFile(file), f.onProgress));
    assert.ok(ex.ok);
    const result = await ex.value.run();
    assert.deepEqual(f.failures, []);
    assert.equal(result.outcome, 'paused', result.reason);
    assert.match(result.reason, /Plan system-upgrade\/gitops-tampered-k3s-v1-31-1-k3s1-server applied from git is not the planned one: spec\.nodeSelector\.matchExpressions is \[\{"key":"example\.com\/nothing","operator":"Exists"\}\], the plan needs \[\{"key":"node-role\.kubernetes\.io\/control-plane"/);
    assert.equal(result.phaseId, writes.value[0].phase.id);
    const state = runStateFromJournal(rc.journalOf(file));
    assert.ok(state && state.apply === 'gitops' && state.appliedFromGit.length === 0 && state.failedPhase === writes.value[0].phase.id);
    for (const [name, n] of await rc.nodes()) assert.equal(n.cordoned, name === 'k3s-agent-5', name);

    // Cancel the paused run: git's Plan is not deleted (Flux would put it back), and the rollback says to revert it in git.
    const resumed = RunExecutor.resume(await rc.setup(plan, new JournalFile(file)), rc.journalOf(file));
    assert.ok(resumed.ok, !resumed.ok ? resumed.error : '');
    resumed.value.cancel('cancelled by the test');
    const cancelled = await resumed.value.run();
    assert.equal(cancelled.outcome, 'cancelled');
    assert.deepEqual(cancelled.cleanup?.failed, ['Plans gitops-tampered-k3s-v1-31-1-k3s1-server came from git and are still in the cluster, so system-upgrade-controller goes on; revert them in git']);
    const still = (await rc.custom.listNamespacedCustomObject({ ...planApi, namespace: NS, labelSelector: `upgradeplanner.dev/run=${EXPORT_RUN}` })) as { items: PlanObject[] };
    assert.deepEqual(still.items.map((p) => p.metadata.name), ['gitops-tampered-k3s-v1-31-1-k3s1-server']);
  });

  it('a Rook hop: the operator image set from git is checked and journalled, then the daemons are watched to the new rook-version; the rollback reverts it in git', async function () {
    const plan = rc.plan('gitops-rook', {
      components: { rook: { current: 'v1.14.9', target: ROOK_TARGET } },
      hops: [{ component: 'rook', version: ROOK_TARGET }],
      strategy: { apply: 'gitops' },
      gates: { timeout: '60s', healthChecks: ['versionsConverged'] },
    });
    const writes = plannedRunWrites(plan, await rc.snapshot(), EXPORT_RUN);
    assert.ok(writes.ok);
    assert.deepEqual(writes.value.map((w) => w.write.object.kind), ['Deployment']);
    const f = flux(writes.value);
    const file = join(rc.dir, 'gitops-rook.journal.jsonl');
    const s = await rc.setup(plan, new JournalFile(file), f.onProgress);
    const ex = RunExecutor.start({ ...s, callbacks: { ...s.callbacks, manualStep: () => Promise.resolve({ outcome: 'done', reason: 'applied by the test' }) } });
    assert.ok(ex.ok);
    const result = await ex.value.run();
    assert.deepEqual(f.failures, []);
    assert.equal(result.outcome, 'succeeded', result.reason);
    const deps = await rc.apps.listNamespacedDeployment({ namespace: 'rook-ceph', labelSelector: 'rook_cluster=rook-ceph' });
    assert.ok(deps.items.length > 0 && deps.items.every((d) => d.metadata!.labels!['rook-version'] === ROOK_TARGET));
    const entries = rc.journalOf(file);
    assert.deepEqual(entries.filter((e) => e.type === 'write'), []);
    const g = entries.find((e): e is GitOpsAppliedEntry => e.type === 'gitops-applied');
    assert.ok(g);
    assert.deepEqual([g.object.kind, g.before?.image, g.after?.image], ['Deployment', 'rook/ceph:v1.14.9', `rook/ceph:${ROOK_TARGET}`]);
    const state = runStateFromJournal(entries);
    assert.ok(state);
    const back = rollbackPlan(state, await rc.snapshot(), []);
    const rook = back.steps.find((x) => x.id === 'rook-operator');
    assert.equal(rook?.how, 'manual');
    assert.match(rook?.reason ?? '', /set it back to rook\/ceph:v1\.14\.9 there/);
  });
});
