import * as assert from 'node:assert/strict';
import { err, ok } from '../../../src/common/result';
import { type AlertRule, type PrometheusAlert, MAX_ALERTS, alertRuleOf, judgeAlerts, parseAlertsAnswer, parseQueryAnswer } from '../../../src/core/run/alerts';
import { type Expectation, evaluateGate, runPhases, settleAtDeadline } from '../../../src/core/run';
import { apiNode, demo, demoSnapshot, examplePlan } from './fixtures';

const URL = 'http://prometheus.monitoring:9090';
const rule = (r: Partial<AlertRule> = {}): AlertRule => ({ url: URL, names: [], severity: undefined, ...r });
const alert = (name: string, severity: string | undefined, state: 'firing' | 'pending' = 'firing', where: Record<string, string> = {}): PrometheusAlert => ({ name, severity, state, where });
const K3S: Expectation = { component: 'k3s', version: 'v1.30.4+k3s1', nodes: ['k3s-server-1'], sucPlan: 'p', role: 'server' };

/** An /api/v1/alerts answer as Prometheus writes it. */
function answer(alerts: unknown[]): string {
  return JSON.stringify({ status: 'success', data: { alerts } });
}
const raw = (alertname: string, severity: string, state = 'firing', extra: Record<string, string> = {}): object => ({
  labels: { alertname, severity, ...extra }, annotations: { summary: 's' }, state, activeAt: '2026-11-27T20:00:00.123Z', value: '1e+00',
});

describe('core/run alerts: the optional Prometheus alert gate', () => {
  describe('alertRuleOf (gates.prometheus)', () => {
    it('reads url, alert names and severity; absent is no rule; a bad value is refused with its path', () => {
      assert.deepEqual(alertRuleOf({ timeout: '10m' }), ok(undefined));
      assert.deepEqual(alertRuleOf({ prometheus: { url: URL, alerts: ['KubeNodeNotReady', ' CephHealthError ', 'KubeNodeNotReady'], severity: 'warning' } }), ok({ url: URL, names: ['KubeNodeNotReady', 'CephHealthError'], severity: 'warning' }));
      assert.deepEqual(alertRuleOf({ prometheus: { url: URL } }), ok({ url: URL, names: [], severity: undefined }));
      const refused = (p: unknown): string => {
        const r = alertRuleOf({ prometheus: p });
        assert.ok(!r.ok, JSON.stringify(p));
        return r.error;
      };
      assert.match(refused({ url: 'ftp://x' }), /gates\.prometheus\.url/);
      assert.match(refused({ url: 'http://' }), /gates\.prometheus\.url/);
      assert.match(refused({ url: URL, alerts: 'KubeNodeNotReady' }), /gates\.prometheus\.alerts/);
      assert.match(refused({ url: URL, severity: 'info' }), /gates\.prometheus\.severity: expected warning or critical, not "info"/);
      assert.match(refused('http://x'), /gates\.prometheus: expected an object/);
    });

    it('adds noFiringAlerts to every gate only when the plan sets gates.prometheus; a bad one refuses the plan', () => {
      const gatesOf = (p: ReturnType<typeof examplePlan>) => {
        const r = runPhases(p, demo());
        assert.ok(r.ok, !r.ok ? r.error : '');
        return r.value.filter((x) => x.kind === 'gate');
      };
      const plain = examplePlan({ gates: { timeout: '10m', healthChecks: ['nodesReady'] } });
      assert.ok(gatesOf(plain).every((g) => g.kind === 'gate' && !g.checks.includes('noFiringAlerts')));
      const withProm = examplePlan({ gates: { timeout: '10m', healthChecks: ['nodesReady'], prometheus: { url: URL } } });
      const gates = gatesOf(withProm);
      assert.ok(gates.length >= 3);
      // After a Ceph image change the gate also checks Ceph's health, whatever the plan lists.
      for (const g of gates) assert.deepEqual(g.kind === 'gate' && g.checks, ['nodesReady', 'versionsConverged', 'noFiringAlerts', ...(g.id.endsWith('gate-wait-ceph-version') ? ['cephHealthOk'] : [])]);
      const r = runPhases(examplePlan({ gates: { prometheus: { url: 'prometheus:9090' } } }), demo());
      assert.ok(!r.ok && /gates\.prometheus\.url/.test(r.error));
    });
  });

  describe('judgeAlerts', () => {
    it('with no names: firing alerts at or above the severity block (default critical); warning, none and unknown severities do not', () => {
      const firing = [alert('Watchdog', 'none'), alert('KubeNodeNotReady', 'warning', 'firing', { node: 'k3s-agent-1' }), alert('Paging', 'page')];
      const j = judgeAlerts({ rule: rule(), read: ok(firing) });
      assert.equal(j.verdict, 'pass');
      assert.equal(j.reason, 'no alert of severity critical firing; 3 other alerts firing');
      assert.equal(j.evidence.firingCount, 3);

      const crit = judgeAlerts({ rule: rule(), read: ok([...firing, alert('CephHealthError', 'critical', 'firing', { namespace: 'rook-ceph' })]) });
      assert.equal(crit.verdict, 'waiting');
      assert.equal(crit.reason, 'firing: CephHealthError (critical, namespace rook-ceph)');
      assert.deepEqual(crit.evidence.firing, ['CephHealthError (critical, namespace rook-ceph)']);

      const warn = judgeAlerts({ rule: rule({ severity: 'warning' }), read: ok(firing) });
      assert.equal(warn.verdict, 'waiting');
      assert.equal(warn.reason, 'firing: KubeNodeNotReady (warning, node k3s-agent-1)');
      assert.deepEqual(warn.objects, [{ kind: 'Node', name: 'k3s-agent-1' }]);
    });

    it('with names: only those block, whatever their severity, unless a severity is given too', () => {
      const firing = [alert('KubeNodeNotReady', 'warning', 'firing', { node: 'k3s-agent-2' }), alert('CephHealthError', 'critical')];
      const named = judgeAlerts({ rule: rule({ names: ['KubeNodeNotReady'] }), read: ok(firing) });
      assert.equal(named.verdict, 'waiting');
      assert.equal(named.reason, 'firing: KubeNodeNotReady (warning, node k3s-agent-2)');
      assert.equal(named.evidence.blockingCount, 1, 'CephHealthError is not listed: it does not block');
      const namedCritical = judgeAlerts({ rule: rule({ names: ['KubeNodeNotReady'], severity: 'critical' }), read: ok(firing) });
      assert.equal(namedCritical.verdict, 'pass');
      assert.equal(namedCritical.reason, 'no listed alert (KubeNodeNotReady, at critical or above) firing; 2 other alerts firing');
      assert.equal(judgeAlerts({ rule: rule({ names: ['KubeAPIDown'] }), read: ok(firing) }).verdict, 'pass');
    });

    it('pending alerts do not block but are reported', () => {
      const j = judgeAlerts({ rule: rule(), read: ok([alert('CephHealthError', 'critical', 'pending', { namespace: 'rook-ceph' })]) });
      assert.equal(j.verdict, 'pass');
      assert.equal(j.reason, 'no alert of severity critical firing; pending (not blocking yet): CephHealthError (critical, namespace rook-ceph)');
      assert.deepEqual(j.evidence.pending, ['CephHealthError (critical, namespace rook-ceph)']);
    });

    it('Prometheus unreadable: waiting with the error (a flaky read recovers), a failure naming it at the deadline', () => {
      const reading = { rule: rule(), read: err('cannot reach http://prometheus.monitoring:9090/api/v1/alerts: connect ECONNREFUSED') };
      const g = evaluateGate('hop-1/gate-k3s-servers', ['noFiringAlerts'], K3S, { snapshot: demo(), alerts: reading });
      assert.equal(g.status, 'waiting');
      assert.equal(g.checks[0].id, 'gate.no-firing-alerts');
      assert.equal(g.checks[0].reason, 'Prometheus could not be read: cannot reach http://prometheus.monitoring:9090/api/v1/alerts: connect ECONNREFUSED');
      const settled = settleAtDeadline(g, new Date('2026-01-01T00:10:00Z'), '2026-01-01T00:10:00Z', '10m');
      assert.equal(settled.status, 'fail');
      assert.match(settled.checks[0].reason, /^still not green after 10m: Prometheus could not be read: /);
    });

    it('in a gate: waiting while a blocking alert fires, failing at the deadline naming it; not read yet is waiting too', () => {
      const snapshot = demoSnapshot({ nodes: [apiNode('k3s-server-1', 'v1.30.4+k3s1', true)] });
      const firing = { rule: rule({ names: ['KubeNodeNotReady'] }), read: ok([alert('KubeNodeNotReady', 'warning', 'firing', { node: 'k3s-server-1' })]) };
      const g = evaluateGate('g', ['nodesReady', 'noFiringAlerts'], K3S, { snapshot, alerts: firing });
      assert.equal(g.status, 'waiting');
      assert.deepEqual(g.checks.map((c) => c.verdict), ['pass', 'waiting']);
      const settled = settleAtDeadline(g, new Date('2026-01-01T00:00:30Z'), '2026-01-01T00:00:30Z', '30s');
      assert.equal(settled.checks[1].reason, 'still not green after 30s: firing: KubeNodeNotReady (warning, node k3s-server-1)');
      assert.equal(evaluateGate('g', ['noFiringAlerts'], K3S, { snapshot }).checks[0].status, 'not-checked');
      assert.equal(evaluateGate('g', ['noFiringAlerts'], K3S, { snapshot, alerts: { ...firing, read: ok([]) } }).status, 'pass');
    });

    it('caps what it shows: 20 alerts in the evidence, 3 in the reason', () => {
      const many = Array.from({ length: 50 }, (_, i) => alert(`Alert${i}`, 'critical', 'firing', { node: `n${i}` }));
      const j = judgeAlerts({ rule: rule(), read: ok(many) });
      assert.equal((j.evidence.firing as string[]).length, 20);
      assert.equal(j.objects.length, 20);
      assert.equal(j.evidence.blockingCount, 50);
      assert.match(j.reason, /^firing: Alert0 \(critical, node n0\), Alert1 .*, Alert2 .* and 47 more$/);
    });
  });

  describe('parseAlertsAnswer', () => {
    it('reads Prometheus\' answer: firing and pending, name, severity, where; inactive and nameless ones left out', () => {
      const r = parseAlertsAnswer(answer([
        raw('KubeNodeNotReady', 'warning', 'firing', { node: 'k3s-agent-1', container: 'kube-state-metrics', job: 'kube-state-metrics' }),
        raw('CephHealthWarning', 'warning', 'pending', { namespace: 'rook-ceph' }),
        raw('Old', 'critical', 'inactive'),
        { labels: { severity: 'critical' }, state: 'firing' },
        'not an alert',
      ]));
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.deepEqual(r.value, [
        { name: 'KubeNodeNotReady', severity: 'warning', state: 'firing', activeAt: '2026-11-27T20:00:00.123Z', where: { node: 'k3s-agent-1' } },
        { name: 'CephHealthWarning', severity: 'warning', state: 'pending', activeAt: '2026-11-27T20:00:00.123Z', where: { namespace: 'rook-ceph' } },
      ]);
    });

    it('refuses what is not an answer: not JSON, an error envelope, no alerts list, too many alerts; cuts long labels', () => {
      assert.deepEqual(parseAlertsAnswer('<html>login</html>'), err('the answer is not JSON'));
      assert.deepEqual(parseAlertsAnswer(JSON.stringify({ status: 'error', errorType: 'unavailable', error: 'rule manager not ready' })), err('Prometheus answered unavailable: rule manager not ready'));
      assert.deepEqual(parseAlertsAnswer(JSON.stringify({ status: 'success', data: {} })), err('the answer has no data.alerts list'));
      assert.deepEqual(parseAlertsAnswer(JSON.stringify([1, 2])), err('the answer is not a Prometheus API answer'));
      const tooMany = parseAlertsAnswer(answer(Array.from({ length: MAX_ALERTS + 1 }, () => ({}))));
      assert.ok(!tooMany.ok && /10001 alerts, more than the 10000 judged/.test(tooMany.error));
      const long = parseAlertsAnswer(answer([raw('A'.repeat(5000), 'critical', 'firing', { node: 'n'.repeat(5000) })]));
      assert.ok(long.ok);
      assert.equal(long.value[0].name.length, 256);
      assert.equal(long.value[0].where.node.length, 256);
    });
  });

  describe('parseQueryAnswer', () => {
    const q = (data: object): string => JSON.stringify({ status: 'success', data });
    it('a scalar, a vector (first non-zero sample, 0 when all are, undefined when empty); a matrix is refused', () => {
      assert.deepEqual(parseQueryAnswer(q({ resultType: 'scalar', result: [1435781451.781, '3'] })), ok(3));
      assert.deepEqual(parseQueryAnswer(q({ resultType: 'vector', result: [{ metric: {}, value: [1, '0'] }, { metric: {}, value: [1, '2'] }] })), ok(2));
      assert.deepEqual(parseQueryAnswer(q({ resultType: 'vector', result: [{ metric: {}, value: [1, '0'] }] })), ok(0));
      assert.deepEqual(parseQueryAnswer(q({ resultType: 'vector', result: [] })), ok(undefined));
      assert.deepEqual(parseQueryAnswer(q({ resultType: 'matrix', result: [] })), err('the query returns a matrix, not a number or a vector'));
      assert.deepEqual(parseQueryAnswer(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' })), err('Prometheus answered bad_data: parse error'));
    });
  });
});
