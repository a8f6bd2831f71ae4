// Cluster tier: the kube-apiserver restarted in the middle of a plan run (cluster/lib/cluster.mjs restartApiServer).
// The run's watches see their streams cut, connections refused and a starting server; they list and watch again,
// the simulator's informers and the controller manager reconnect, and the run ends as if nothing had happened.
import * as assert from 'node:assert/strict';
import { join } from 'node:path';
import { JournalFile } from '../../src/journal/journalFile';
import { RunExecutor } from '../../src/kube/kubeLayer';
import { restartApiServer } from './env';
import { TARGET, useRunCluster } from './runSetup';

/** Slow enough that the servers phase is still moving when the API server goes away (3 servers, one at a time). */
const STEP_MS = '400';
const SERVERS = 'hop-1/k3s-servers';

describe('cluster: kube-apiserver restarted mid-run', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  // The restart itself takes several seconds (stop, start, /readyz) on top of a whole K3s hop.
  this.timeout(180_000);
  const rc = useRunCluster({ stepDelayMs: STEP_MS });

  it('the servers phase waits out the restart, and the run still succeeds with every node on the target', async function () {
    const file = join(rc.dir, 'api-restart.journal.jsonl');
    const plan = rc.plan('api-restart', { gates: { timeout: '90s', healthChecks: ['nodesReady', 'versionsConverged'] } });
    const progress: string[] = [];
    let restart: Promise<{ pid: number; downMs: number; readyMs: number }> | undefined;
    let restartAt = 0;
    const onProgress = (id: string, m: string): void => {
      progress.push(`${id}: ${m}`);
      // A server node on its way (cordoned or upgrading): the Plan is applying, the run is watching.
      if (id === SERVERS && !restart && /; k3s-server-\d (cordoned|upgrading)/.test(m)) {
        restartAt = Date.now();
        restart = restartApiServer();
        restart.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
      }
    };
    const ex = RunExecutor.start(await rc.setup(plan, new JournalFile(file), onProgress));
    assert.ok(ex.ok, !ex.ok ? ex.error : '');
    let result: Awaited<ReturnType<typeof ex.value.run>>;
    try {
      result = await ex.value.run();
    } finally {
      // Never leave the API server down for the next suites, whatever the run did.
      await restart?.catch(() => undefined);
    }
    assert.ok(restart, `the servers phase never showed a node moving:\n${progress.join('\n')}`);
    const restarted = await restart;
    assert.equal(result.outcome, 'succeeded', `${result.reason}\n${progress.join('\n')}`);
    assert.deepEqual(result.notDone, []);

    const entries = rc.journalOf(file);
    // The outage was in the middle of the phase: it ended after the API server had been stopped.
    const serversDone = entries.find((e) => e.type === 'phase-done' && e.phaseId === SERVERS);
    assert.ok(serversDone && Date.parse(serversDone.at) > restartAt + restarted.downMs, `${SERVERS} done at ${serversDone?.at}, the API server stopped by ${new Date(restartAt + restarted.downMs).toISOString()}`);

    for (const [name, n] of await rc.nodes()) {
      assert.equal(n.version, TARGET, name);
      assert.equal(n.cordoned, name === 'k3s-agent-5', `${name}: only the node cordoned before the run stays cordoned`);
    }
    assert.deepEqual(await rc.runPlans(ex.value.runId), [], 'the run removed its Plans at the end');

    assert.equal(entries[0].type, 'run-started');
    assert.equal(entries[entries.length - 1].type, 'run-finished');
    assert.deepEqual(entries.filter((e) => e.type === 'run-paused' || e.type === 'run-resumed'), [], 'the run never paused');
    const order = ['hop-1/k3s-servers', 'hop-1/gate-k3s-servers', 'hop-1/k3s-canary', 'hop-1/gate-k3s-canary', 'hop-1/k3s-agents', 'hop-1/gate-k3s-agents'];
    const at = (type: string, phaseId: string): number => entries.findIndex((e) => e.type === type && 'phaseId' in e && e.phaseId === phaseId);
    for (const [i, id] of order.entries()) {
      assert.ok(at('phase-started', id) >= 0 && at('phase-started', id) < at('phase-done', id), `${id} started then done`);
      if (i > 0) assert.ok(at('phase-done', order[i - 1]) < at('phase-started', id), `${order[i - 1]} done before ${id} started`);
    }
    assert.deepEqual(entries.filter((e) => e.type === 'phase-done' && e.outcome === 'failed'), [], 'no phase failed');
  });
});
