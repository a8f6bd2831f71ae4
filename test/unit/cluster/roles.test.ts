import * as assert from 'node:assert/strict';
import { roleWords, rolesOf } from '../../../src/core/cluster';

describe('core/cluster roleWords (roles as a K3s user says them)', () => {
  const k3sServer = rolesOf({ 'node-role.kubernetes.io/control-plane': 'true', 'node-role.kubernetes.io/etcd': 'true', 'node-role.kubernetes.io/master': 'true' });

  it('K3s: a server with embedded etcd is "server (etcd)", not control-plane,etcd,master', () => {
    assert.equal(roleWords(k3sServer, 'K3s'), 'server (etcd)');
    assert.equal(roleWords(['control-plane', 'master'], 'K3s'), 'server');
    assert.equal(roleWords([], 'K3s'), 'agent');
    assert.equal(roleWords([], 'RKE2'), 'agent');
  });

  it('other distributions: control plane and worker', () => {
    assert.equal(roleWords(['control-plane'], 'kubeadm'), 'control plane');
    assert.equal(roleWords([], 'Kubernetes'), 'worker');
    assert.equal(roleWords(['worker'], 'Kubernetes'), 'worker');
  });

  it('custom roles follow in parentheses', () => {
    assert.equal(roleWords(['ingress'], 'K3s'), 'agent (ingress)');
    assert.equal(roleWords(['control-plane', 'etcd', 'gpu', 'master'], 'K3s'), 'server (etcd, gpu)');
  });
});
