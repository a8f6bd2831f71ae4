import * as assert from 'node:assert/strict';
import { summarizeNode } from '../../../src/core/cluster';
import { nodeLine, nodesGroupLine } from '../../../src/explorer/text/nodeLines';
import { apiNode } from '../cluster/demoSnapshot';

const api = 'v1.30.4+k3s1';

describe('explorer/text node rows', () => {
  it('a K3s server reads "server (etcd)", an agent "agent"', () => {
    assert.match(nodeLine(summarizeNode(apiNode('k3s-server-1', api, true), api), 'K3s').description, /^server \(etcd\) · v1\.30\.4\+k3s1$/);
    assert.match(nodeLine(summarizeNode(apiNode('k3s-agent-5', 'v1.29.8+k3s1', false), api), 'K3s').description, /^agent · v1\.29\.8\+k3s1 · 1 minor behind$/);
  });

  it('a lagging node is a warning, on its row and on the Nodes group ("1 behind" gets a warning icon)', () => {
    const nodes = [summarizeNode(apiNode('s', api, true), api), summarizeNode(apiNode('k3s-agent-5', 'v1.29.8+k3s1', false), api)];
    assert.equal(nodeLine(nodes[1], 'K3s').tone, 'warn');
    const group = nodesGroupLine(nodes);
    assert.equal(group.description, '2 · all ready · 1 behind');
    assert.equal(group.tone, 'warn');
    assert.match(group.tooltip, /k3s-agent-5/);
    assert.equal(nodesGroupLine([nodes[0]]).tone, 'ok');
  });

  it('node fields are escaped in the Markdown tooltip', () => {
    const n = apiNode('evil', api, false);
    n.status = { ...n.status, nodeInfo: { kubeletVersion: api, osImage: '[open](command:workbench.action.terminal.new) <b>x</b>' } };
    const tip = nodeLine(summarizeNode(n, api), 'K3s').tooltip;
    assert.doesNotMatch(tip, /\[open\]\(command/);
    assert.doesNotMatch(tip, /<b>/);
  });
});
