import * as assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { currentContextName } from '../../../src/statusBar/currentContextName';
import { detectDistribution, kubeletSkew, rolesOf, isServerRole, summarizeNode, parseQuantity, describeApiError, parseForbiddenMessage } from '../../../src/core/cluster';

const none = { labels: {}, annotations: {} };

describe('core/cluster', () => {
  describe('rolesOf', () => {
    it('reads K3s server labels', () => {
      const roles = rolesOf({ 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/etcd': 'true', 'node-role.kubernetes.io/master': 'true', 'kubernetes.io/os': 'linux' });
      assert.deepEqual(roles, ['control-plane', 'etcd', 'master']);
      assert.ok(isServerRole(roles));
    });
    it('reads kubeadm empty-valued labels and ignores false', () => {
      assert.deepEqual(rolesOf({ 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/gpu': 'false' }), ['control-plane']);
    });
    it('agents have no role', () => {
      assert.deepEqual(rolesOf({ 'kubernetes.io/hostname': 'a' }), []);
      assert.equal(isServerRole([]), false);
    });
  });

  describe('detectDistribution', () => {
    it('by version suffix', () => {
      assert.equal(detectDistribution('v1.30.4+k3s1', []).name, 'K3s');
      assert.equal(detectDistribution('v1.30.4+rke2r1', []).name, 'RKE2');
      assert.equal(detectDistribution('v1.30.4-eks-a737599', []).name, 'EKS');
      assert.equal(detectDistribution('v1.30.4-gke.1348000', []).name, 'GKE');
    });
    it('by labels and annotations', () => {
      assert.equal(detectDistribution('v1.30.4', [{ labels: { 'kubernetes.azure.com/cluster': 'x' }, annotations: {} }]).name, 'AKS');
      assert.equal(detectDistribution('v1.30.4', [{ labels: {}, annotations: { 'kubeadm.alpha.kubernetes.io/cri-socket': 'unix:///run/containerd/containerd.sock' } }]).name, 'kubeadm');
      assert.equal(detectDistribution('v1.30.4', [none]).name, 'Kubernetes');
    });
  });

  describe('kubeletSkew', () => {
    it('same version and older within policy is ok', () => {
      assert.equal(kubeletSkew('v1.30.4+k3s1', 'v1.30.4+k3s1').verdict, 'ok');
      const v = kubeletSkew('v1.29.8+k3s1', 'v1.30.4+k3s1');
      assert.equal(v.verdict, 'ok');
      assert.equal(v.verdict === 'ok' && v.minorsBehind, 1);
      assert.equal(kubeletSkew('v1.27.1', 'v1.30.4').verdict, 'ok');
    });
    it('newer kubelet is a violation, also on patch', () => {
      assert.equal(kubeletSkew('v1.31.0', 'v1.30.4').verdict, 'violation');
      assert.equal(kubeletSkew('v1.30.5+k3s1', 'v1.30.4+k3s1').verdict, 'violation');
      assert.equal(kubeletSkew('v1.30.4+k3s2', 'v1.30.4+k3s1').verdict, 'ok');
    });
    it('too old: 3 minors, 2 below 1.25', () => {
      assert.equal(kubeletSkew('v1.26.0', 'v1.30.4').verdict, 'violation');
      assert.equal(kubeletSkew('v1.22.0', 'v1.25.0').verdict, 'violation');
      assert.equal(kubeletSkew('v1.23.0', 'v1.25.0').verdict, 'ok');
    });
    it('unparseable is unknown', () => {
      assert.equal(kubeletSkew('garbage', 'v1.30.4').verdict, 'unknown');
    });
    it('takes the allowed lag from core/compat (2 minors below 1.25, else 3)', () => {
      assert.equal(kubeletSkew('v1.21.0', 'v1.24.0').verdict, 'violation');
      assert.equal(kubeletSkew('v1.27.0', 'v1.30.0').verdict, 'ok');
    });
  });

  describe('summarizeNode', () => {
    it('maps readiness, pressures, cordon and skew', () => {
      const n = summarizeNode(
        {
          metadata: { name: 'agent-1', labels: {} },
          spec: { unschedulable: true },
          status: {
            nodeInfo: { kubeletVersion: 'v1.29.8+k3s1' },
            conditions: [
              { type: 'Ready', status: 'True' },
              { type: 'DiskPressure', status: 'True' },
              { type: 'MemoryPressure', status: 'False' },
            ],
            addresses: [{ type: 'InternalIP', address: '10.0.0.5' }],
          },
        },
        'v1.30.4+k3s1',
      );
      assert.equal(n.ready, true);
      assert.deepEqual(n.pressures, ['DiskPressure']);
      assert.equal(n.unschedulable, true);
      assert.equal(n.isServer, false);
      assert.equal(n.skew.verdict, 'ok');
      assert.equal(n.internalIP, '10.0.0.5');
    });
  });

  it('parseQuantity', () => {
    assert.equal(parseQuantity('1024'), 1024);
    assert.equal(parseQuantity('25Mi'), 25 * 1024 * 1024);
    assert.equal(parseQuantity('x'), undefined);
  });

  it('names the missing permission', () => {
    const said = parseForbiddenMessage('nodes is forbidden: User "viewer" cannot list resource "nodes" in API group "" at the cluster scope');
    assert.deepEqual(said, { verb: 'list', resource: 'nodes', group: '' });
    assert.match(describeApiError({ kind: 'forbidden', verb: 'list', resource: 'cephclusters', group: 'ceph.rook.io', message: '' }), /list cephclusters\.ceph\.rook\.io/);
  });
});

describe('statusBar/currentContextName', () => {
  it('takes the first file that sets current-context, as kubectl merges', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ctx-'));
    const a = join(dir, 'a');
    const b = join(dir, 'b');
    writeFileSync(a, 'apiVersion: v1\nkind: Config\ncurrent-context: ""\n');
    writeFileSync(b, 'apiVersion: v1\ncurrent-context: "prod-k3s" # comment\n');
    assert.equal(await currentContextName({ files: [join(dir, 'missing'), a, b], origin: 'KUBECONFIG' }), 'prod-k3s');
    assert.equal(await currentContextName({ files: [a], origin: 'setting' }), undefined);
  });
});
