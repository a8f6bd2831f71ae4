import * as assert from 'node:assert/strict';
import { retryRead } from '../../../src/commands/retryRead';
import { Emitter } from '../../../src/common/events';
import type { SnapshotResult } from '../../../src/core/cluster';
import { timedAsync, underBudgetAsync } from '../helpers/timing';

/** A model that drops a cluster after a debounce, as src/kube/clustersModel.ts does, and counts reads. */
function fakeClusters(debounceMs: number) {
  const changed = new Emitter<string>();
  let reads = 0;
  let result: Promise<SnapshotResult> | undefined;
  const unreachable: SnapshotResult = { ok: false, error: { kind: 'unreachable', message: 'ECONNREFUSED' } };
  return {
    onDidChangeCluster: changed.event,
    refreshCluster(ctx: string) {
      setTimeout(() => {
        result = undefined;
        changed.fire(ctx);
      }, debounceMs);
    },
    snapshot() {
      result ??= (reads++, new Promise<SnapshotResult>((r) => setTimeout(() => r(unreachable), 20)));
      return result;
    },
    reads: () => reads,
  };
}

describe('commands/retryRead (Retry gives visible feedback)', () => {
  it('resolves only once the cluster was dropped and read again, so that progress lasts as long as the read', async () => {
    const m = fakeClusters(30);
    await m.snapshot();
    const r = await retryRead(m, 'k3s-demo-unreachable');
    assert.equal(r.ok, false);
    assert.equal(m.reads(), 2);
  });

  it('a burst of retries is one read', async () => {
    const m = fakeClusters(30);
    await Promise.all([retryRead(m, 'x'), retryRead(m, 'x'), retryRead(m, 'x')]);
    assert.equal(m.reads(), 1);
  });

  it('does not hang when the model never reports the drop', async () => {
    // A run over the time budget (a loaded machine) is repeated whole, with a fresh model.
    const { value: m, ms } = await underBudgetAsync(1000, async () => {
      const model = { ...fakeClusters(0), refreshCluster: () => undefined };
      const run = await timedAsync(() => retryRead(model, 'x', 50));
      return { value: model, ms: run.ms };
    });
    assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
    assert.equal(m.reads(), 1, 'read once the drop wait ran out');
  });
});
