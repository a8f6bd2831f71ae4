// Cluster tier: the optional alert gate (gates.prometheus) against the simulator's Prometheus (cluster/sim/prometheus.ts,
// URL in <run dir>/prometheus.url): it serves the alerts kube-prometheus would raise on the simulated cluster, plus the
// ones the firingAlerts knob forces. A gate passes when nothing blocking fires; with KubeNodeNotReady firing it waits,
// reading the alerts again at most every PROMETHEUS_EVERY_MS, and fails at its timeout naming the alert, or passes
// once the alert clears; a run whose plan sets gates.prometheus journals the check in every gate entry.
import * as assert from 'node:assert/strict';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { UpgradePlan } from '../../src/core/plans/model';
import type { Expectation } from '../../src/core/run/phases';
import type { GateEntry } from '../../src/core/run/journal';
import { JournalFile } from '../../src/journal/journalFile';
import { RunExecutor } from '../../src/kube/kubeLayer';
import { prometheusClient } from '../../src/kube/prometheus';
import { alertsOf } from '../../cluster/sim/prometheus';
import type { RunContext } from '../../src/kube/run/context';
import { PROMETHEUS_EVERY_MS, runGate } from '../../src/kube/run/gateRunner';
import type { RunRecorder } from '../../src/kube/run/runJournal';
import { prometheusUrl, setSimulatorKnobs, waitFor } from './env';
import { FROM, TARGET, useRunCluster } from './runSetup';

const EXPECT: Expectation = { component: 'k3s', version: FROM, nodes: ['k3s-server-1'], sucPlan: 'prometheus-gate-none', role: 'server' };

/** A pass-through to the simulator's Prometheus that remembers when each request came and how many were answered. */
async function countingProxy(target: string): Promise<{ url: string; times: number[]; answered: () => number; close(): Promise<void> }> {
  const times: number[] = [];
  let answered = 0;
  const server = http.createServer((req, res) => {
    times.push(Date.now());
    res.on('finish', () => answered++);
    const up = http.get(`${target}${req.url ?? '/'}`, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    up.on('error', () => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    times,
    answered: () => answered,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

describe('cluster: Prometheus alert gate (gates.prometheus, the simulator\'s Prometheus)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  this.timeout(120_000);
  // After each test the knobs are back to defaultKnobs, which clears firingAlerts.
  const rc = useRunCluster();
  let url = '';

  const plan = (name: string, gates: Record<string, unknown>, extra: Partial<UpgradePlan> = {}): UpgradePlan => rc.plan(name, { gates, ...extra });
  /** What runGate needs of a run; a gate records nothing itself (the executor journals its result). */
  const gateContext = (p: UpgradePlan): RunContext => ({
    client: rc.client, plan: p, phases: [], target: { context: rc.context, server: undefined }, cordonedAtStart: ['k3s-agent-5'], callbacks: {},
    recorder: undefined as unknown as RunRecorder, signal: new AbortController().signal, now: () => new Date(), apply: 'direct',
  });
  const firing = async (): Promise<string[]> => {
    const c = prometheusClient(url);
    assert.ok(c.ok);
    const r = await c.value.alerts();
    assert.ok(r.ok, !r.ok ? r.error : '');
    return r.value.filter((a) => a.state === 'firing').map((a) => `${a.name}=${a.severity ?? ''}`);
  };

  before(function () {
    url = prometheusUrl();
  });

  it('the simulator serves kube-prometheus\' alerts: Watchdog always, the knob\'s forced ones, nothing else on the healthy scenario', async function () {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.deepEqual(await firing(), ['Watchdog=none']);
    await setSimulatorKnobs({ firingAlerts: 'KubeNodeNotReady=warning,DiskFull=critical' });
    await waitFor('the forced alerts served', async () => (await firing()).length === 3);
    assert.deepEqual(await firing(), ['Watchdog=none', 'KubeNodeNotReady=warning', 'DiskFull=critical']);
  });

  it('the simulator\'s rules, as kube-prometheus\' (kwok sets a node Ready again at once, so judged on objects here)', function () {
    const node = (name: string, ready: string, taints: { key: string; effect: string }[] = []) => ({
      metadata: { name }, spec: { taints }, status: { conditions: [{ type: 'Ready', status: ready, lastTransitionTime: '2026-11-27T20:00:00Z' }] },
    });
    const ceph = (namespace: string, health: string) => ({ metadata: { name: 'rook-ceph', namespace }, spec: {}, status: { ceph: { health, lastChanged: '2026-11-27T20:05:00Z' } } });
    const alerts = alertsOf(
      [node('a', 'True'), node('b', 'False'), node('c', 'Unknown', [{ key: 'node.kubernetes.io/unreachable', effect: 'NoSchedule' }])],
      [ceph('rook-ceph', 'HEALTH_ERR'), ceph('other', 'HEALTH_WARN'), ceph('fine', 'HEALTH_OK')],
      { metadata: { name: 'upgrade-planner-simulator' }, data: { firingAlerts: 'Custom' } },
      '2026-11-27T19:00:00Z',
    );
    assert.deepEqual(alerts.map((a) => a.labels), [
      { alertname: 'Watchdog', severity: 'none' },
      { alertname: 'KubeNodeNotReady', severity: 'warning', node: 'b' },
      { alertname: 'KubeNodeNotReady', severity: 'warning', node: 'c' },
      { alertname: 'KubeNodeUnreachable', severity: 'warning', node: 'c' },
      { alertname: 'CephHealthError', severity: 'critical', namespace: 'rook-ceph' },
      { alertname: 'CephHealthWarning', severity: 'warning', namespace: 'other' },
      { alertname: 'Custom', severity: 'critical' },
    ]);
    assert.deepEqual(alerts.map((a) => a.activeAt), ['2026-11-27T19:00:00Z', '2026-11-27T20:00:00Z', '2026-11-27T20:00:00Z', '2026-11-27T19:00:00Z', '2026-11-27T20:05:00Z', '2026-11-27T20:05:00Z', '2026-11-27T19:00:00Z']);
  });

  it('a gate passes with nothing blocking firing; with KubeNodeNotReady firing it waits and fails at its timeout naming the alert', async function () {
    const p = plan('prometheus-gate', { timeout: '6s', healthChecks: ['nodesReady'], prometheus: { url, alerts: ['KubeNodeNotReady', 'CephHealthError'] } });
    const base = await rc.snapshot();
    const spec = { id: 'hop-1/gate-k3s-servers', checks: ['nodesReady', 'noFiringAlerts'] as const, expect: EXPECT, timeout: '6s', timeoutMs: 6000 };
    const ok = await runGate(gateContext(p), base, spec);
    assert.ok(ok.ok, !ok.ok ? ok.error : '');
    assert.equal(ok.value.status, 'pass', JSON.stringify(ok.value.checks));
    const check = ok.value.checks.find((c) => c.id === 'gate.no-firing-alerts');
    assert.equal(check?.reason, 'no listed alert (KubeNodeNotReady, CephHealthError) firing; 1 other alert firing');

    await setSimulatorKnobs({ firingAlerts: 'KubeNodeNotReady=warning' });
    await waitFor('KubeNodeNotReady served', async () => (await firing()).includes('KubeNodeNotReady=warning'));
    const t0 = Date.now();
    const failed = await runGate(gateContext(p), base, spec);
    const took = Date.now() - t0;
    assert.ok(failed.ok, !failed.ok ? failed.error : '');
    assert.equal(failed.value.status, 'fail');
    assert.ok(took >= 6000 && took < 6000 + PROMETHEUS_EVERY_MS, `waited ${took} ms for a 6 s gate`);
    const f = failed.value.checks.find((c) => c.id === 'gate.no-firing-alerts');
    assert.equal(f?.verdict, 'fail');
    assert.equal(f?.reason, 'still not green after 6s: firing: KubeNodeNotReady (warning)');
    assert.deepEqual(f?.evidence?.firing, ['KubeNodeNotReady (warning)']);
    assert.equal(failed.value.checks.find((c) => c.id === 'gate.nodes-ready')?.verdict, 'pass', 'only the alert held the gate');
  });

  it('a waiting gate reads the alerts again at most every PROMETHEUS_EVERY_MS and passes once the alert clears', async function () {
    await setSimulatorKnobs({ firingAlerts: 'CephHealthError=critical' });
    await waitFor('CephHealthError served', async () => (await firing()).includes('CephHealthError=critical'));
    const proxy = await countingProxy(url);
    try {
      const p = plan('prometheus-gate-clears', { timeout: '60s', prometheus: { url: proxy.url } });
      const gate = runGate(gateContext(p), await rc.snapshot(), { id: 'g', checks: ['noFiringAlerts'], expect: EXPECT, timeout: '60s', timeoutMs: 60_000 });
      // The gate has read the alert once (and waits): clear it; the next read, not before PROMETHEUS_EVERY_MS, passes the gate.
      await waitFor('the gate\'s first read answered', () => proxy.answered() >= 1);
      await setSimulatorKnobs({ firingAlerts: '' });
      const r = await gate;
      assert.ok(r.ok, !r.ok ? r.error : '');
      assert.equal(r.value.status, 'pass', JSON.stringify(r.value.checks));
      assert.equal(r.value.checks[0].reason, 'no alert of severity critical firing; 1 other alert firing');
      assert.equal(proxy.times.length, 2, `read ${proxy.times.length} times`);
      const gap = proxy.times[1] - proxy.times[0];
      assert.ok(gap >= PROMETHEUS_EVERY_MS - 50 && gap < PROMETHEUS_EVERY_MS + 5000, `read again after ${gap} ms`);
    } finally {
      await proxy.close();
    }
  });

  it('a gate with a timeout under the first-read window ends at its own timeout: a 3 s gate on a version no node reaches fails in about 3 s, not 15', async function () {
    const p = plan('short-gate', { timeout: '3s', healthChecks: ['versionsConverged'] });
    const t0 = Date.now();
    const r = await runGate(gateContext(p), await rc.snapshot(), { id: 'g', checks: ['versionsConverged'], expect: { ...EXPECT, version: TARGET }, timeout: '3s', timeoutMs: 3000 });
    const took = Date.now() - t0;
    assert.ok(r.ok, !r.ok ? r.error : '');
    assert.equal(r.value.status, 'fail');
    assert.ok(took >= 3000 && took < 6000, `a 3 s gate took ${took} ms`);
  });

  it('a run whose plan sets gates.prometheus journals the alert check in its gate entry', async function () {
    const file = join(rc.dir, 'run-prometheus.journal.jsonl');
    const p = plan('run-prometheus', { timeout: '40s', healthChecks: ['nodesReady', 'versionsConverged'], prometheus: { url, severity: 'critical' } }, {
      hops: [{ component: 'k3s', version: TARGET, nodes: 'servers' }],
    });
    const ex = RunExecutor.start(await rc.setup(p, new JournalFile(file)));
    assert.ok(ex.ok, !ex.ok ? ex.error : '');
    const gatePhase = ex.value.phases.find((x) => x.kind === 'gate');
    assert.deepEqual(gatePhase?.kind === 'gate' && gatePhase.checks, ['nodesReady', 'versionsConverged', 'noFiringAlerts']);
    const result = await ex.value.run();
    assert.equal(result.outcome, 'succeeded', result.reason);
    const gates = rc.journalOf(file).filter((e): e is GateEntry => e.type === 'gate');
    assert.deepEqual(gates.map((g) => g.phaseId), ['hop-1/gate-k3s-servers']);
    const check = gates[0].result.checks.find((c) => c.id === 'gate.no-firing-alerts');
    assert.deepEqual([check?.verdict, check?.reason], ['pass', 'no alert of severity critical firing; 1 other alert firing']);
    assert.deepEqual(check?.evidence, { firingCount: 1, blockingCount: 0 });
  });
});
