import * as assert from 'node:assert/strict';
import { type Result, err, ok } from '../../../src/common/result';
import type { JournalRecord } from '../../../src/core/journal';
import type { NodeProgress } from '../../../src/core/run';
import { NodeStepJournal } from '../../../src/kube/run/nodeSteps';
import { RunRecorder } from '../../../src/kube/run/runJournal';

const cluster = { context: 'k3s-demo', server: 'https://127.0.0.1:6443', kubeSystemUID: 'uid-1' };

function recorder(fail = false): { entries: JournalRecord[]; recorder: RunRecorder } {
  const entries: JournalRecord[] = [];
  const sink = {
    append: async (e: JournalRecord): Promise<Result<void>> => {
      await new Promise((r) => setImmediate(r)); // a write takes a moment: entries must still come in order
      if (fail) return err('disk full');
      entries.push(e);
      return ok(undefined);
    },
  };
  return { entries, recorder: new RunRecorder(sink, { plan: 'p', cluster, runId: '20261127-170000-abcd' }, () => new Date('2026-11-27T17:00:00Z')) };
}

const n = (node: string, step: NodeProgress['step'], version = 'v1.30.4+k3s1'): NodeProgress => ({ node, step, version, cordoned: step === 'cordoned' });

describe('kube/run NodeStepJournal (a K3s phase\'s nodes in the journal)', () => {
  it('writes one entry per change of step, in order, and nothing for nodes that never moved', async () => {
    const r = recorder();
    const j = new NodeStepJournal(r.recorder, 'hop-1/k3s-servers');
    j.see([n('a', 'pending'), n('b', 'pending')]);
    j.see([n('a', 'cordoned'), n('b', 'pending')]);
    j.see([n('a', 'cordoned'), n('b', 'pending')]); // the same reading again: nothing new
    j.see([n('a', 'upgrading', 'v1.31.4+k3s1'), n('b', 'pending')]);
    j.see([n('a', 'done', 'v1.31.4+k3s1'), n('b', 'cordoned')]);
    assert.equal(await j.flush(), undefined);
    assert.deepEqual(r.entries.map((e) => [e.type, (e as { node?: string }).node, (e as { step?: string }).step, (e as { version?: string }).version]), [
      ['node-step', 'a', 'cordoned', 'v1.30.4+k3s1'],
      ['node-step', 'a', 'upgrading', 'v1.31.4+k3s1'],
      ['node-step', 'a', 'done', 'v1.31.4+k3s1'],
      ['node-step', 'b', 'cordoned', 'v1.30.4+k3s1'],
    ]);
  });

  it('after a resume, what the journal holds is not written again', async () => {
    const r = recorder();
    const j = new NodeStepJournal(r.recorder, 'hop-1/k3s-servers', [{ node: 'a', step: 'done' }]);
    j.see([n('a', 'done'), n('b', 'upgrading')]);
    assert.equal(await j.flush(), undefined);
    assert.deepEqual(r.entries.map((e) => (e as { node?: string }).node), ['b']);
  });

  it('a journal that cannot be written is reported once, and nothing after it is tried', async () => {
    const r = recorder(true);
    const j = new NodeStepJournal(r.recorder, 'hop-1/k3s-servers');
    j.see([n('a', 'cordoned'), n('b', 'cordoned')]);
    assert.equal(await j.flush(), 'disk full');
    assert.equal(r.entries.length, 0);
  });
});
