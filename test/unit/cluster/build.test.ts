import * as assert from 'node:assert/strict';
import { demoSnapshot } from './demoSnapshot';

describe('core/cluster buildSnapshot: where the version comes from', () => {
  it('the simulated demo: /version says v1.36.1, the K3s servers v1.30.4+k3s1, and the nodes are kwok fakes', () => {
    const s = demoSnapshot({ reported: 'v1.36.1', kwok: true });
    assert.equal(s.apiServerVersion, 'v1.30.4+k3s1');
    assert.equal(s.reportedApiServerVersion, 'v1.36.1');
    assert.equal(s.apiServerVersionSource, 'server-nodes');
    assert.equal(s.simulatedNodes, 'node annotation kwok.x-k8s.io/node');
  });
  it('real nodes are not called simulated', () => {
    assert.equal(demoSnapshot({ reported: 'v1.36.1' }).simulatedNodes, undefined);
  });
});
