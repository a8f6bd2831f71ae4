import * as assert from 'node:assert/strict';
import { labelSelectorMatcher, type LabelSelector } from '../../../src/core/cluster/labelSelector';
import { type RunPhase, type SucPlanWrite, drainOf, runPhases, sucNamespace, sucPlanName, sucPlanWrites, sucWindowOf } from '../../../src/core/run';
import { demo, examplePlan, validPlanManifest } from './fixtures';

interface PlanBody {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace: string; labels: Record<string, string>; annotations: Record<string, string> };
  spec: Record<string, unknown> & { nodeSelector: LabelSelector; concurrency: number };
}

const RUN = '20261127-161200-ab12cd';

function writesFor(plan = examplePlan(), s = demo()): { phases: RunPhase[]; writes: SucPlanWrite[] } {
  const phases = runPhases(plan, s);
  assert.ok(phases.ok, phases.ok ? '' : phases.error);
  const writes = sucPlanWrites({ plan, runId: RUN, namespace: sucNamespace(s) }, phases.value);
  assert.ok(writes.ok, writes.ok ? '' : writes.error);
  return { phases: phases.value, writes: writes.value };
}
const body = (w: SucPlanWrite): PlanBody => w.write.body as PlanBody;
const selects = (sel: LabelSelector, labels: Record<string, string>): boolean => {
  const m = labelSelectorMatcher(sel);
  assert.ok(m.ok);
  return m.value(labels);
};
const SERVER = { 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/etcd': 'true', 'kubernetes.io/hostname': 'k3s-server-1' };
const agent = (name: string, extra: Record<string, string> = {}): Record<string, string> => ({ 'kubernetes.io/hostname': name, ...extra });

describe('core/run system-upgrade-controller Plans', () => {
  it('every Plan of the example plan is valid against the CRD schema (unknown fields refused, as pruning would drop them)', () => {
    const { writes } = writesFor();
    assert.equal(writes.length, 12, 'servers, canary and agents for each of the 4 K3s hops');
    for (const w of writes) {
      const ok = validPlanManifest(w.write.body);
      assert.ok(ok, `${w.write.description}: ${JSON.stringify(validPlanManifest.errors)}`);
    }
    // The check has teeth: the plan's spelling of deleteEmptyDirData is not the CRD's.
    const wrong = structuredClone(body(writes[2])) as PlanBody & { spec: { drain: Record<string, unknown> } };
    wrong.spec.drain.deleteEmptyDirData = true;
    assert.equal(validPlanManifest(wrong), false);
  });

  it('the server Plan as the K3s docs lay it out: control-plane selector, concurrency 1, cordon, the hop version, k3s-upgrade', () => {
    const { writes } = writesFor();
    const server = body(writes[0]);
    assert.equal(writes[0].write.verb, 'create');
    assert.deepEqual(writes[0].write.resource, { group: 'upgrade.cattle.io', version: 'v1', resource: 'plans', namespace: 'system-upgrade' });
    assert.equal(server.apiVersion, 'upgrade.cattle.io/v1');
    assert.equal(server.metadata.name, 'prod-k3s-1-33-k3s-v1-30-8-k3s1-server');
    assert.equal(server.metadata.namespace, 'system-upgrade');
    assert.deepEqual(server.metadata.labels, { 'app.kubernetes.io/managed-by': 'upgrade-planner', 'upgradeplanner.dev/plan': 'prod-k3s-1-33', 'upgradeplanner.dev/run': RUN });
    assert.equal(server.metadata.annotations['upgradeplanner.dev/phase'], 'hop-1/k3s-servers');
    const { window: _w, ...spec } = server.spec;
    assert.deepEqual(spec, {
      concurrency: 1, cordon: true, serviceAccountName: 'system-upgrade', version: 'v1.30.8+k3s1', upgrade: { image: 'rancher/k3s-upgrade' },
      nodeSelector: { matchExpressions: [{ key: 'node-role.kubernetes.io/control-plane', operator: 'In', values: ['true'] }] },
    });
    assert.ok(selects(server.spec.nodeSelector, SERVER));
    assert.ok(!selects(server.spec.nodeSelector, agent('k3s-agent-1')));
    assert.match(writes[0].write.description, /^create Plan system-upgrade\/prod-k3s-1-33-k3s-v1-30-8-k3s1-server: servers one at a time, cordoned/);
  });

  it('agent Plans wait for the server Plan (prepare), drain as the plan says, and split the agents by the canary selector', () => {
    const { writes } = writesFor();
    const [canary, rest] = [body(writes[1]), body(writes[2])];
    for (const p of [canary, rest]) {
      assert.deepEqual(p.spec.prepare, { image: 'rancher/k3s-upgrade', args: ['prepare', 'prod-k3s-1-33-k3s-v1-30-8-k3s1-server'] });
      assert.deepEqual(p.spec.upgrade, { image: 'rancher/k3s-upgrade' });
      assert.deepEqual(p.spec.drain, { timeout: 600_000_000_000, ignoreDaemonSets: true, deleteEmptydirData: true });
      assert.equal(p.spec.cordon, undefined);
      assert.ok(!selects(p.spec.nodeSelector, SERVER), 'never a server');
    }
    assert.equal(canary.spec.concurrency, 1);
    assert.equal(rest.spec.concurrency, 2);
    const labelled = agent('k3s-agent-3', { 'upgradeplanner.dev/canary': 'true' });
    assert.ok(selects(canary.spec.nodeSelector, labelled));
    assert.ok(!selects(canary.spec.nodeSelector, agent('k3s-agent-1')));
    assert.ok(!selects(rest.spec.nodeSelector, labelled));
    assert.ok(selects(rest.spec.nodeSelector, agent('k3s-agent-1')));
    assert.ok(selects(rest.spec.nodeSelector, agent('k3s-agent-2', { 'upgradeplanner.dev/canary': 'false' })));
  });

  it('a canary by size names its nodes (kubernetes.io/hostname In), and the rest Plan leaves exactly those out', () => {
    const plan = examplePlan({ strategy: { canary: { size: 1 }, concurrency: { agents: 2 } } });
    const { writes } = writesFor(plan);
    const [canary, rest] = [body(writes[1]), body(writes[2])];
    assert.deepEqual(canary.spec.nodeSelector.matchExpressions?.[1], { key: 'kubernetes.io/hostname', operator: 'In', values: ['k3s-agent-1'] });
    assert.deepEqual(rest.spec.nodeSelector.matchExpressions?.[1], { key: 'kubernetes.io/hostname', operator: 'NotIn', values: ['k3s-agent-1'] });
    for (const n of ['k3s-agent-1', 'k3s-agent-2', 'k3s-agent-5']) {
      assert.equal(selects(canary.spec.nodeSelector, agent(n)), n === 'k3s-agent-1');
      assert.equal(selects(rest.spec.nodeSelector, agent(n)), n !== 'k3s-agent-1');
    }
    // No drain in this strategy: the agents are cordoned, as the docs' agent plan.
    assert.equal(rest.spec.cordon, true);
    assert.equal(rest.spec.drain, undefined);
    assert.equal(rest.spec.window, undefined, 'no maintenance window, no Plan window');
    for (const w of writes) assert.ok(validPlanManifest(w.write.body), JSON.stringify(validPlanManifest.errors));
  });

  it('a maintenance window past midnight becomes the longer same-day part, inside the plan\'s window, with a note', () => {
    const { writes } = writesFor();
    // saturday, sunday 22:00–04:00 Europe/Berlin: 2 h before midnight, 4 h after: the part after midnight.
    assert.deepEqual(body(writes[0]).spec.window, { days: ['sunday', 'monday'], startTime: '00:00', endTime: '04:00', timeZone: 'Europe/Berlin' });
    assert.match(writes[0].notes.join(), /cannot run past midnight: its Plans start upgrade Jobs only 00:00–04:00 on sunday, monday \(Europe\/Berlin\)/);
    const evening = sucWindowOf({ days: ['friday'], start: '20:00', end: '01:00' });
    assert.ok(evening.ok);
    assert.deepEqual(evening.value.window, { days: ['friday'], startTime: '20:00', endTime: '23:59', timeZone: 'UTC' });
    const sameDay = sucWindowOf({ days: ['monday', 'tuesday'], start: '19:00', end: '21:00', timeZone: 'UTC' });
    assert.deepEqual(sameDay, { ok: true, value: { window: { days: ['monday', 'tuesday'], startTime: '19:00', endTime: '21:00', timeZone: 'UTC' } } });
    assert.deepEqual(sucWindowOf(undefined), { ok: true, value: { window: undefined } });
    assert.equal(sucWindowOf({ days: ['someday'], start: '19:00', end: '21:00' }).ok, false);
  });

  it('drain options: only when enabled; podSelector as a label selector; a bad duration or selector refused', () => {
    assert.deepEqual(drainOf({ drain: { enabled: false, force: true } }), { ok: true, value: undefined });
    assert.deepEqual(drainOf({ drain: { enabled: true, force: true, timeout: '1h30m', podSelector: 'app!=rook-ceph-osd' } }), {
      ok: true, value: { force: true, timeout: 5_400_000_000_000, podSelector: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['rook-ceph-osd'] }] } },
    });
    const bad = drainOf({ drain: { enabled: true, timeout: '10 min' } });
    assert.ok(!bad.ok && /strategy\.drain\.timeout/.test(bad.error));
    const badSel = drainOf({ drain: { enabled: true, podSelector: 'a in b' } });
    assert.ok(!badSel.ok && /strategy\.drain\.podSelector/.test(badSel.error));
  });

  it('Plan names: deterministic DNS labels of at most 63 characters, the hop version and role kept whole', () => {
    assert.equal(sucPlanName('prod-k3s-1-33', 'v1.31.10+k3s1', 'agent'), 'prod-k3s-1-33-k3s-v1-31-10-k3s1-agent');
    const long = sucPlanName(`${'a'.repeat(80)}.example`, 'v1.31.10+k3s1', 'canary');
    assert.ok(long.length <= 63, long);
    assert.match(long, /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
    assert.ok(long.endsWith('-k3s-v1-31-10-k3s1-canary'));
    assert.equal(sucPlanName(`${'a'.repeat(80)}.example`, 'v1.31.10+k3s1', 'canary'), long);
  });

  it('the Plans go to the namespace the controller runs in', () => {
    const s = demo();
    const withSuc = { ...s, components: { ...s.components, systemUpgradeController: { state: 'ok' as const, value: { namespace: 'upgrades', name: 'system-upgrade-controller', image: undefined, version: undefined, readyReplicas: 1, replicas: 1 } } } };
    assert.equal(sucNamespace(s), 'system-upgrade');
    const { writes } = writesFor(examplePlan(), withSuc);
    assert.equal(body(writes[0]).metadata.namespace, 'upgrades');
    assert.equal(writes[0].write.resource.namespace, 'upgrades');
  });
});
