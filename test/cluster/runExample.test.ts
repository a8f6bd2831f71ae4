// Cluster tier: the example, end to end on the k3s-demo scenario: K3s v1.30 → v1.31 → v1.32, Rook v1.14 →
// v1.15 → v1.16 and Ceph Reef → Squid, in the order the upgrade-path engine gives over the shipped release catalog,
// run by RunExecutor phase by phase (system-upgrade-controller Plans and their upgrade Jobs, the Rook operator, the
// CephCluster) to the target versions, with a consistent journal.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { PlanHop } from '../../src/core/plans/model';
import { planReleasesOf, plannedHops } from '../../src/core/plans';
import { ReleaseCatalog, validateCatalogData } from '../../src/core/releases';
import { type GateEntry, type WriteEntry, runStateFromJournal } from '../../src/core/run/journal';
import { phaseRows } from '../../src/core/run/phaseStatus';
import { JournalFile } from '../../src/journal/journalFile';
import { RunExecutor } from '../../src/kube/kubeLayer';
import { FROM, useRunCluster } from './runSetup';

const catalog = ((): ReleaseCatalog => {
  const data = validateCatalogData(JSON.parse(readFileSync(join(__dirname, '..', '..', 'data', 'catalog.json'), 'utf8')) as unknown);
  if (!data.ok) throw new Error(data.error);
  return ReleaseCatalog.fromData(data.value);
})();

describe('cluster: the example plan end to end (K3s 1.30 → 1.32, Rook 1.14 → 1.16, Ceph Reef → Squid)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  this.timeout(600_000);
  const rc = useRunCluster();

  it('runs every hop the path engine orders, ends on the targets, every gate passed, nothing left cordoned, the journal in order', async function () {
    const path = plannedHops({ k3s: FROM, rook: 'v1.14.9', ceph: 'v18.2.4' }, { kubernetes: 'v1.32', rook: 'v1.16', ceph: 'v19.2.3' }, planReleasesOf(catalog));
    assert.ok(path.ok, !path.ok ? path.reasons.join('; ') : '');
    const hops: readonly PlanHop[] = path.hops;
    const last = (c: string): string => hops.filter((h) => h.component === c).at(-1)?.version ?? '';
    const [k3sTarget, rookTarget, cephTarget] = [last('k3s'), last('rook'), last('ceph')];
    assert.match(k3sTarget, /^v1\.32\.\d+\+k3s\d+$/);
    assert.match(rookTarget, /^v1\.16\.\d+$/);
    assert.match(cephTarget, /^v19\.2\.\d+$/);
    assert.ok(hops.findIndex((h) => h.component === 'k3s' && h.version.startsWith('v1.31.')) < hops.findIndex((h) => h.component === 'k3s' && h.version.startsWith('v1.32.')), 'one minor at a time');

    const file = join(rc.dir, 'run-example.journal.jsonl');
    const plan = rc.plan('run-example', {
      components: { k3s: { current: FROM, target: k3sTarget }, rook: { current: 'v1.14.9', target: rookTarget }, ceph: { current: 'v18.2.4', target: cephTarget } },
      hops,
      gates: { timeout: '120s', healthChecks: ['nodesReady', 'versionsConverged'] },
    });
    const manual: string[] = [];
    const s = await rc.setup(plan, new JournalFile(file));
    const ex = RunExecutor.start({ ...s, callbacks: { manualStep: (phase) => {
      manual.push(phase.id);
      return Promise.resolve({ outcome: 'done', reason: 'applied by the test' });
    } } });
    assert.ok(ex.ok, !ex.ok ? ex.error : '');
    const started = Date.now();
    const result = await ex.value.run();
    assert.equal(result.outcome, 'succeeded', result.reason);
    assert.deepEqual(result.notDone, []);
    console.log(`      ${ex.value.phases.length} phases in ${((Date.now() - started) / 1000).toFixed(1)} s`);

    // The cluster on the targets.
    for (const [name, n] of await rc.nodes()) {
      assert.equal(n.version, k3sTarget, name);
      assert.equal(n.cordoned, name === 'k3s-agent-5', `${name}: only the node cordoned before the run stays cordoned`);
    }
    const deps = await rc.apps.listNamespacedDeployment({ namespace: 'rook-ceph', labelSelector: 'rook_cluster=rook-ceph' });
    for (const d of deps.items) {
      assert.equal(d.metadata!.labels!['rook-version'], rookTarget, d.metadata!.name);
      assert.equal(d.metadata!.labels!['ceph-version'], `${cephTarget.slice(1)}-0`, d.metadata!.name);
    }
    assert.deepEqual(await rc.runPlans(ex.value.runId), [], 'the run removed its Plans');
    assert.deepEqual(manual.filter((m) => m.endsWith('rook-crds')).length, hops.filter((h) => h.component === 'rook').length, 'each Rook hop\'s CRDs were the user\'s step');

    // The journal: every phase started after the one before it was done, every gate passed, each node journalled.
    const entries = rc.journalOf(file);
    assert.equal(entries[0].type, 'run-started');
    const end = entries[entries.length - 1];
    assert.ok(end.type === 'run-finished' && end.outcome === 'succeeded');
    const at = (type: string, id: string): number => entries.findIndex((e) => e.type === type && 'phaseId' in e && e.phaseId === id);
    const order = ex.value.phases.map((p) => p.id);
    for (const [i, id] of order.entries()) {
      assert.ok(at('phase-started', id) >= 0 && at('phase-started', id) < at('phase-done', id), `${id} started then done`);
      if (i > 0) assert.ok(at('phase-done', order[i - 1]) < at('phase-started', id), `${order[i - 1]} done before ${id} started`);
    }
    const gates = entries.filter((e): e is GateEntry => e.type === 'gate');
    assert.ok(gates.length >= 8, `${gates.length} gates`);
    assert.ok(gates.every((g) => g.result.status === 'pass'), JSON.stringify(gates.filter((g) => g.result.status !== 'pass').map((g) => g.result)));
    const writes = entries.filter((e): e is WriteEntry => e.type === 'write' && e.verb !== 'delete');
    assert.ok(writes.every((w) => w.outcome === 'ok'), 'every write went through');
    const state = runStateFromJournal(entries);
    assert.ok(state);
    assert.deepEqual(state.hops.map((h) => `${h.component} ${h.version}`), hops.map((h) => `${h.component} ${h.version}`), 'the journal records the hops in the engine\'s order');
    for (const row of phaseRows(state).filter((r) => r.nodes.length)) {
      assert.ok(row.nodes.every((n) => n.step === 'done'), `${row.id}: ${JSON.stringify(row.nodes)}`);
    }
  });
});
