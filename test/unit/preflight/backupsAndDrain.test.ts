import * as assert from 'node:assert/strict';
import { type PdbInput, checkEtcdSnapshots, checkPdbs, nodesDrainedBy } from '../../../src/core/preflight';
import { underBudget } from '../helpers/timing';
import { NOW, etcdSnap, plan, snapshotWith } from './fixtures';

const SERVERS = ['k3s-server-1', 'k3s-server-2', 'k3s-server-3'];
const fresh = SERVERS.map((n) => etcdSnap(n, '2026-03-07T04:00:00Z'));

describe('core/preflight etcd snapshots', () => {
  it('a ready snapshot younger than 24 h on every server passes', () => {
    const c = checkEtcdSnapshots(snapshotWith({ etcdSnapshots: { state: 'ok', value: fresh } }), plan(), NOW);
    assert.equal(c.status, 'pass', c.reason);
    assert.equal(c.evidence?.['k3s-server-2'], `etcd-snapshot-k3s-server-2-2026-03-07T04:00:00Z, 8 hours old`);
  });

  it('a server without one, and one whose newest is stale, fail, each named', () => {
    const snaps = [etcdSnap('k3s-server-1', '2026-03-07T04:00:00Z'), etcdSnap('k3s-server-2', '2026-03-05T04:00:00Z'), etcdSnap('k3s-server-3', '2026-03-07T11:00:00Z', false)];
    const c = checkEtcdSnapshots(snapshotWith({ etcdSnapshots: { state: 'ok', value: snaps } }), plan(), NOW);
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /no ready snapshot on k3s-server-3; older than 24 h on k3s-server-2 \(newest 2 days old\)/);
  });

  it('the maximum age is overridable (default ETCD_SNAPSHOT_MAX_AGE_HOURS)', () => {
    const snaps = SERVERS.map((n) => etcdSnap(n, '2026-03-05T14:00:00Z'));
    const s = snapshotWith({ etcdSnapshots: { state: 'ok', value: snaps } });
    assert.equal(checkEtcdSnapshots(s, plan(), NOW).status, 'fail');
    assert.equal(checkEtcdSnapshots(s, plan(), NOW, 72).status, 'pass');
  });

  it('the demo cluster (snapshots two years old, on one server) fails; a backup step in the plan passes it', () => {
    const demo = snapshotWith();
    assert.equal(checkEtcdSnapshots(demo, plan(), NOW).status, 'fail');
    const c = checkEtcdSnapshots(demo, plan({ backups: { etcdSnapshot: { required: true, verification: 'exists' } } }), NOW);
    assert.equal(c.status, 'pass');
    assert.deepEqual(c.planPath, ['backups', 'etcdSnapshot']);
  });

  it('no ETCDSnapshotFile kind (not K3s embedded etcd) warns; unreadable is not checked', () => {
    assert.equal(checkEtcdSnapshots(snapshotWith({ etcdSnapshots: { state: 'absent', reason: 'Not installed' } }), plan(), NOW).status, 'warn');
    const err = checkEtcdSnapshots(snapshotWith({ etcdSnapshots: { state: 'error', error: { kind: 'failed', status: 500, message: 'boom' } } }), plan(), NOW);
    assert.equal(err.status, 'not-checked');
  });
});

describe('core/preflight PodDisruptionBudgets', () => {
  const nodes = [{ name: 'k3s-server-1', isServer: true }, { name: 'k3s-agent-1', isServer: false }, { name: 'k3s-agent-2', isServer: false }];
  const draining = plan({ strategy: { drain: { enabled: true } } });
  const pdb = (name: string, allowed: number, podNodes: (string | undefined)[]): PdbInput => ({
    namespace: 'db', name, disruptionsAllowed: allowed, workload: { kind: 'StatefulSet', name: name.replace(/-pdb$/, '') },
    pods: podNodes.map((node, i) => ({ name: `${name}-${i}`, node })),
  });

  it('the nodes a plan drains: none without strategy.drain.enabled; by the roles its Kubernetes hops move', () => {
    assert.deepEqual(nodesDrainedBy(plan(), nodes), []);
    assert.deepEqual(nodesDrainedBy(draining, nodes), ['k3s-server-1', 'k3s-agent-1', 'k3s-agent-2']);
    assert.deepEqual(nodesDrainedBy({ ...draining, hops: [{ component: 'k3s', version: 'v1.31.9+k3s1', nodes: 'agents' }] }, nodes), ['k3s-agent-1', 'k3s-agent-2']);
    assert.deepEqual(nodesDrainedBy({ ...draining, hops: [{ component: 'rook', version: 'v1.15.9' }] }, nodes), []);
  });

  it('a budget allowing no disruption with a pod on a drained node fails, naming workload and node', () => {
    const c = checkPdbs(['k3s-agent-1', 'k3s-agent-2'], [pdb('postgres-pdb', 0, ['k3s-agent-2', undefined]), pdb('web-pdb', 1, ['k3s-agent-1'])]);
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /StatefulSet db\/postgres allows no disruption \(db\/postgres-pdb\) and runs on k3s-agent-2/);
    assert.deepEqual(c.objects, [{ kind: 'PodDisruptionBudget', namespace: 'db', name: 'postgres-pdb' }, { kind: 'Node', name: 'k3s-agent-2' }]);
  });

  it('passes when the blocking pods are on nodes not drained, or disruptions are allowed; not checked without the PDBs', () => {
    assert.equal(checkPdbs(['k3s-agent-1'], [pdb('postgres-pdb', 0, ['k3s-agent-2']), pdb('web-pdb', 1, ['k3s-agent-1'])]).status, 'pass');
    assert.equal(checkPdbs([], undefined).status, 'pass', 'nothing drained: nothing to block');
    assert.equal(checkPdbs(['k3s-agent-1'], undefined).status, 'not-checked');
  });

  it('1,000 drained nodes and 5,000 budgets finish fast (set lookups, not a scan per node)', () => {
    const drained = Array.from({ length: 1000 }, (_, i) => `node-${i}`);
    const pdbs = Array.from({ length: 5000 }, (_, i) => pdb(`app-${i}-pdb`, i % 2, [`node-${i % 1000}`, `node-${(i + 1) % 1000}`]));
    const { value: c, ms } = underBudget(1000, () => checkPdbs(drained, pdbs));
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /^2500 PodDisruptionBudgets would block/);
  });
});
