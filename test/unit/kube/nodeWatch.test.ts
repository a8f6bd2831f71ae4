import * as assert from 'node:assert/strict';
import { nullLogger } from '../../../src/common/logger';
import type { Result } from '../../../src/common/result';
import type { ApiNode, WatchEvent } from '../../../src/core/cluster/apiObjects';
import type { ApiError } from '../../../src/core/cluster/errors';
import type { NodeSummary } from '../../../src/core/cluster/snapshot';
import type { KubeClient } from '../../../src/kube/client';
import { type NodeWatch, watchNodes } from '../../../src/kube/nodeWatch';

type WatchAnswer = Result<string | undefined, ApiError>;

/** A client whose watch calls `answer` each time: it may send events, then says how the watch ended. */
function client(answer: (call: number, onEvent: (e: WatchEvent<ApiNode>) => void) => WatchAnswer): { client: KubeClient; calls: () => number; rvs: (string | undefined)[] } {
  let calls = 0;
  const rvs: (string | undefined)[] = [];
  const fake = {
    watch: (_ref: unknown, rv: string | undefined, onEvent: (e: WatchEvent<ApiNode>) => void): Promise<WatchAnswer> => {
      rvs.push(rv);
      return Promise.resolve(answer(++calls, onEvent));
    },
  };
  return { client: fake as unknown as KubeClient, calls: () => calls, rvs };
}

const apiNode = (name: string, rv: string): ApiNode => ({
  metadata: { name, resourceVersion: rv, labels: {} },
  spec: {},
  status: { nodeInfo: { kubeletVersion: 'v1.30.4+k3s1' }, conditions: [{ type: 'Ready', status: 'True' }] },
});

function options(c: KubeClient, abort: AbortController, extra: Partial<NodeWatch> = {}): NodeWatch {
  return {
    context: 'c',
    client: c,
    resourceVersion: '5',
    apiServerVersion: 'v1.30.4+k3s1',
    nodes: new Map<string, NodeSummary>(),
    signal: abort.signal,
    log: nullLogger,
    onChange: () => undefined,
    onExpired: () => undefined,
    pacing: { minRunMs: 1, firstBackoffMs: 1, maxBackoffMs: 4 },
    ...extra,
  };
}

describe('kube/nodeWatch', () => {
  it('applies events to the nodes by name and resumes from the last resourceVersion', async () => {
    const abort = new AbortController();
    const f = client((call, onEvent) => {
      if (call === 1) {
        onEvent({ type: 'ADDED', object: apiNode('a', '6') });
        onEvent({ type: 'ADDED', object: apiNode('b', '7') });
        onEvent({ type: 'DELETED', object: apiNode('a', '8') });
        return { ok: true, value: '8' };
      }
      abort.abort();
      return { ok: false, error: { kind: 'aborted', status: undefined, message: 'aborted' } };
    });
    let changes = 0;
    const o = options(f.client, abort, { onChange: () => changes++ });
    await watchNodes(o);
    assert.deepEqual([...o.nodes.keys()], ['b']);
    assert.equal(changes, 3);
    assert.deepEqual(f.rvs, ['5', '8']);
  });

  it('410 Gone ends the watch and asks for a relist', async () => {
    const f = client(() => ({ ok: false, error: { kind: 'failed', status: 410, message: 'too old resource version' } }));
    let expired = 0;
    await watchNodes(options(f.client, new AbortController(), { onExpired: () => expired++ }));
    assert.equal(expired, 1);
    assert.equal(f.calls(), 1);
  });

  it('does not pile up abort listeners across many watch restarts (one at most at any time)', async () => {
    const abort = new AbortController();
    const signal = abort.signal;
    let live = 0;
    let most = 0;
    const add = signal.addEventListener.bind(signal);
    const remove = signal.removeEventListener.bind(signal);
    signal.addEventListener = (...args: Parameters<typeof add>) => {
      live++;
      most = Math.max(most, live);
      add(...args);
    };
    signal.removeEventListener = (...args: Parameters<typeof remove>) => {
      live--;
      remove(...args);
    };
    // The server ends each watch at once (and then fails now and then): 200 restarts, each followed by a pause.
    const f = client((call) => {
      if (call >= 200) abort.abort();
      return call % 3 ? { ok: true, value: String(call) } : { ok: false, error: { kind: 'unreachable', status: undefined, message: 'ECONNRESET' } };
    });
    await watchNodes(options(f.client, abort));
    assert.ok(f.calls() >= 200);
    assert.ok(most <= 1, `${most} abort listeners were registered at once`);
  });
});
