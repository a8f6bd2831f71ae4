import * as assert from 'node:assert/strict';
import { checkKubernetesSkew, checkNodePressure, checkNodesCordoned, checkNodesReady } from '../../../src/core/preflight';
import { apiNode, cordon, demoNodes, demoSnapshot, snapshotWith, withConditions } from './fixtures';

const unreadable = snapshotWith({ nodes: { state: 'error', error: { kind: 'forbidden', verb: 'list', resource: 'nodes', group: '', message: 'no' } } });

describe('core/preflight nodes', () => {
  it('all Ready, no pressure, none cordoned: pass', () => {
    const s = snapshotWith();
    for (const c of [checkNodesReady(s), checkNodePressure(s), checkNodesCordoned(s)]) assert.equal(c.status, 'pass', c.reason);
  });

  it('a node not Ready fails, named', () => {
    const c = checkNodesReady(snapshotWith({}, demoNodes('k3s-agent-2', (n) => withConditions(n, [], false))));
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /not Ready: k3s-agent-2/);
    assert.deepEqual(c.objects, [{ kind: 'Node', name: 'k3s-agent-2' }]);
    assert.ok(c.fixHint);
  });

  it('pressure fails, naming the node and the condition', () => {
    const c = checkNodePressure(snapshotWith({}, demoNodes('k3s-agent-1', (n) => withConditions(n, [{ type: 'DiskPressure', status: 'True' }, { type: 'MemoryPressure', status: 'False' }]))));
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /k3s-agent-1 \(DiskPressure\)/);
  });

  it('a cordoned node fails, named', () => {
    const c = checkNodesCordoned(snapshotWith({}, demoNodes('k3s-server-2', cordon)));
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /already cordoned: k3s-server-2/);
  });

  it('an unreadable node list is not checked, never passed', () => {
    for (const c of [checkNodesReady(unreadable), checkNodePressure(unreadable), checkNodesCordoned(unreadable), checkKubernetesSkew(unreadable)]) {
      assert.equal(c.status, 'not-checked');
      assert.match(c.reason, /Forbidden/);
    }
  });
});

describe('core/preflight Kubernetes skew (the path engine\'s rules)', () => {
  it('the demo cluster (one agent a minor behind) passes', () => {
    const c = checkKubernetesSkew(demoSnapshot());
    assert.equal(c.status, 'pass', c.reason);
    assert.deepEqual(c.evidence?.apiServers, ['k3s-server-1=v1.30.4+k3s1', 'k3s-server-2=v1.30.4+k3s1', 'k3s-server-3=v1.30.4+k3s1']);
  });

  it('a kubelet four minors behind fails, naming the node', () => {
    const c = checkKubernetesSkew(snapshotWith({}, [...demoNodes(), apiNode('k3s-agent-9', 'v1.26.1+k3s1', false)]));
    assert.equal(c.status, 'fail');
    assert.match(c.reason, /k3s-agent-9/);
    assert.deepEqual(c.objects, [{ kind: 'Node', name: 'k3s-agent-9' }]);
  });

  it('HA servers two minors apart fail', () => {
    const nodes = demoNodes('k3s-server-3', () => apiNode('k3s-server-3', 'v1.28.9+k3s1', true));
    const c = checkKubernetesSkew(snapshotWith({}, nodes));
    assert.equal(c.status, 'fail');
    assert.ok((c.evidence?.codes as string[]).some((x) => x.startsWith('skew.')), String(c.evidence?.codes));
  });

  it('an unreadable kubelet version is not checked', () => {
    const c = checkKubernetesSkew(snapshotWith({}, [...demoNodes(), apiNode('odd', 'banana', false)]));
    assert.equal(c.status, 'not-checked');
  });
});
