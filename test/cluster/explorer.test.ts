// Cluster tier: the explorer's model (vscode-free) against the real control plane: the unreachable
// context gives an error and Retry succeeds once the server is reachable; the node watch keeps the
// snapshot live.
import * as assert from 'node:assert/strict';
import * as net from 'node:net';
import * as k8s from '@kubernetes/client-node';
import { nullLogger } from '../../src/common/logger';
import { ClustersModel } from '../../src/kube/clustersModel';
import { kubeLayer } from '../../src/kube/lazy';
import { clusterEnv, kubeConfig, mergePatch, waitFor } from './env';

function model(): ClustersModel {
  const env = clusterEnv();
  return new ClustersModel(() => ({ files: [env.kubeconfig], origin: 'setting' }), kubeLayer, nullLogger);
}

/** A TCP relay from the unreachable context's port to the real API server: "the server is back". */
function relay(fromPort: number, to: URL): Promise<net.Server> {
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(to.port), to.hostname);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(fromPort, '127.0.0.1', () => resolve(server));
  });
}

describe('explorer model (cluster tier)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  const env = clusterEnv();

  it('lists the contexts with the current one marked', async () => {
    const m = model();
    try {
      const r = await m.load();
      assert.ok(r.ok && r.value.kind === 'loaded');
      assert.deepEqual(
        r.value.contexts.map((c) => [c.name, c.isCurrent]),
        [[env.admin, true], [env.restricted, false], [env.unreachable, false]],
      );
    } finally {
      m.dispose();
    }
  });

  it('unreachable context: an error, and Retry succeeds once the server is reachable', async () => {
    const m = model();
    let server: net.Server | undefined;
    try {
      const first = await m.snapshot(env.unreachable);
      assert.ok(!first.ok && first.error.kind === 'unreachable', JSON.stringify(first));
      // Cached until Retry: re-rendering the tree does not hammer a dead server.
      assert.equal(await m.snapshot(env.unreachable), first);

      const load = await m.load();
      assert.ok(load.ok && load.value.kind === 'loaded');
      const port = Number(new URL(load.value.contexts.find((c) => c.name === env.unreachable)!.server!).port);
      server = await relay(port, new URL(env.server));

      const changed = new Promise<string>((resolve) => m.onDidChangeCluster(resolve));
      m.refreshCluster(env.unreachable);
      assert.equal(await changed, env.unreachable);
      const second = await m.snapshot(env.unreachable);
      assert.ok(second.ok, JSON.stringify(second));
      assert.equal(second.value.distribution.name, 'K3s');
      assert.equal(second.value.nodes.state === 'ok' && second.value.nodes.value.length, 8);
    } finally {
      m.dispose();
      server?.close();
    }
  });

  it('watches nodes while visible: a cordon shows without a re-read', async () => {
    const m = model();
    const core = kubeConfig().makeApiClient(k8s.CoreV1Api);
    try {
      m.setWatching(true);
      const r = await m.snapshot(env.admin);
      assert.ok(r.ok);
      const nodesChanged = new Promise<string>((resolve) => m.onDidChangeNodes(resolve));
      await core.patchNode({ name: 'k3s-agent-4', body: { spec: { unschedulable: true } } }, mergePatch);
      assert.equal(await nodesChanged, env.admin);
      await waitFor('k3s-agent-4 cordoned in the model', () => {
        const s = m.peek(env.admin);
        return s?.ok && s.value.nodes.state === 'ok' && s.value.nodes.value.find((n) => n.name === 'k3s-agent-4')?.unschedulable === true;
      });
    } finally {
      await core.patchNode({ name: 'k3s-agent-4', body: { spec: { unschedulable: false } } }, mergePatch).catch(() => undefined);
      m.dispose();
    }
  });
});
