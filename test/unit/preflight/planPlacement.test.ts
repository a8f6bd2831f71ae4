import * as assert from 'node:assert/strict';
import { parsePlan } from '../../../src/core/plans';
import { type CheckResult, buildReport, overrideCheck, planPathOf, preflightDiagnostics } from '../../../src/core/preflight';

const PLAN = `apiVersion: upgradeplanner.dev/v1alpha1
kind: UpgradePlan
metadata:
  name: prod
cluster:
  contextName: prod
  server: https://prod.example.com:6443
components:
  kubernetes: { current: v1.30.4, target: v1.31.2 }
strategy:
  drain:
    enabled: true
checklist:
  - id: staging-tested
    title: Staging tested
    state: pending
`;

const check = (id: string, status: CheckResult['status'], extra: Partial<CheckResult> = {}): CheckResult => ({ id, title: id, status, reason: `${id} reason`, objects: [], ...extra });
const lineOf = (offset: number): number => PLAN.slice(0, offset).split('\n').length;

describe('core/preflight plan placement', () => {
  const doc = parsePlan(PLAN).doc;

  it('every check id lands on a part of the plan: its own planPath, else the part its prefix concerns', () => {
    assert.deepEqual(planPathOf(check('nodes.cordoned', 'fail')), ['cluster', 'contextName']);
    assert.deepEqual(planPathOf(check('kubernetes.skew', 'fail')), ['components', 'kubernetes']);
    assert.deepEqual(planPathOf(check('apis.removed', 'fail')), ['components', 'kubernetes']);
    assert.deepEqual(planPathOf(check('pdb.drain', 'fail', { planPath: ['strategy', 'drain'] })), ['strategy', 'drain']);
    assert.deepEqual(planPathOf(check('something.new', 'fail')), ['kind']);
  });

  it('a failure is an error on the key line, a warning a warning, not-checked information, a pass nothing', () => {
    const report = buildReport([
      check('nodes.cordoned', 'fail', { objects: [{ kind: 'Node', name: 'k3s-agent-5' }], fixHint: 'Uncordon it.' }),
      check('pdb.drain', 'warn', { planPath: ['strategy', 'drain'] }),
      check('ceph.pgs', 'not-checked'),
      check('nodes.ready', 'pass'),
      check('plan.checklist', 'fail', { planPath: ['checklist', 0] }),
    ], '2026-11-27T10:00:00Z');
    const d = preflightDiagnostics(report, doc);
    assert.deepEqual(d.map((x) => [x.code, x.severity, lineOf(x.range.start)]), [
      ['preflight.nodes.cordoned', 'error', 6],
      ['preflight.pdb.drain', 'warning', 11],
      // components.ceph is not in the plan: its deepest key, `components`.
      ['preflight.ceph.pgs', 'info', 8],
      ['preflight.plan.checklist', 'error', 14],
    ]);
    assert.match(d[0].message, /^Preflight: nodes.cordoned — failed: nodes.cordoned reason\. \[Node k3s-agent-5\] Fix: Uncordon it\.$/);
    assert.equal(PLAN.slice(d[0].range.start, d[0].range.end), 'contextName');
    assert.equal(PLAN.slice(d[3].range.start, d[3].range.end), 'id', 'a sequence item is marked at its first key');
  });

  it('an overridden failure becomes a warning that names who let it through and why', () => {
    const report = buildReport([check('nodes.cordoned', 'fail')], '2026-11-27T10:00:00Z');
    const r = overrideCheck(report, 'nodes.cordoned', { reason: 'agent-5 is retired', by: 'Ada', at: '2026-11-27T10:01:00Z' });
    assert.ok(r.ok);
    const [d] = preflightDiagnostics(r.value, doc);
    assert.equal(d.severity, 'warning');
    assert.match(d.message, /overridden by Ada \(agent-5 is retired\)/);
  });

  it('a plan that does not parse still gets every diagnostic, at the start of the file', () => {
    const d = preflightDiagnostics(buildReport([check('nodes.ready', 'fail')], '2026-11-27T10:00:00Z'), undefined);
    assert.deepEqual(d[0].range, { start: 0, end: 0 });
  });
});
