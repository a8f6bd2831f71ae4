import * as assert from 'node:assert/strict';
import { controlPlaneComponentSkew, haApiServerSkew, kubeletSkew, kubeProxySkew, kubernetesStep, maxKubeletLag } from '../../../src/core/compat';
import { kube } from '../../../src/core/versions';

const v = (s: string) => kube(s);

describe('compat: Kubernetes version-skew policy', () => {
  it('kubelet is never newer than the oldest API server (policy example: apiservers 1.32 and 1.31)', () => {
    const apis = [v('v1.32.0'), v('v1.31.0')];
    const r = kubeletSkew(apis, v('v1.32.0'));
    assert.equal(r.ok, false);
    assert.equal(r.code, 'skew.kubelet-too-new');
    assert.match(r.reason, /newer than the API server at v1\.31/);
    for (const ok of ['v1.31.0', 'v1.30.0', 'v1.29.0']) assert.equal(kubeletSkew(apis, v(ok)).ok, true, ok);
  });

  it('allows 3 minors of lag, 2 when the kubelet is older than 1.25', () => {
    assert.equal(maxKubeletLag(v('v1.24.3')), 2);
    assert.equal(maxKubeletLag(v('v1.25.0')), 3);
    assert.equal(kubeletSkew([v('v1.31.0')], v('v1.28.0')).ok, true);
    const old = kubeletSkew([v('v1.31.0')], v('v1.27.0'));
    assert.equal(old.code, 'skew.kubelet-too-old');
    assert.match(old.reason, /4 minors older/);
    assert.equal(kubeletSkew([v('v1.26.0')], v('v1.24.0')).ok, true);
    const below = kubeletSkew([v('v1.27.0')], v('v1.24.0'));
    assert.equal(below.ok, false);
    assert.match(below.reason, /2 for kubelets older than v1\.25/);
  });

  it('kube-proxy follows the kubelet rule and stays within 3 minors of its kubelet', () => {
    assert.equal(kubeProxySkew([v('v1.30.0')], v('v1.30.0'), v('v1.27.0')).ok, true);
    assert.equal(kubeProxySkew([v('v1.30.0')], v('v1.30.0'), v('v1.31.0')).code, 'skew.kube-proxy-too-new');
  });

  it('HA API servers stay within one minor; controllers at most one older', () => {
    assert.equal(haApiServerSkew([v('v1.30.1'), v('v1.31.0')]).ok, true);
    const r = haApiServerSkew([v('v1.29.1'), v('v1.31.0'), v('v1.30.0')]);
    assert.equal(r.code, 'skew.ha-apiservers');
    assert.match(r.reason, /v1\.29 and v1\.31 are 2 minors apart/);
    assert.equal(controlPlaneComponentSkew([v('v1.31.0')], v('v1.30.0')).ok, true);
    assert.equal(controlPlaneComponentSkew([v('v1.31.0')], v('v1.29.0')).code, 'skew.control-plane-too-old');
    assert.equal(controlPlaneComponentSkew([v('v1.30.0')], v('v1.31.0')).code, 'skew.control-plane-too-new');
  });

  it('a step is one minor at most and never backwards', () => {
    assert.equal(kubernetesStep(v('v1.30.4'), v('v1.31.0')).ok, true);
    assert.equal(kubernetesStep(v('v1.30.4'), v('v1.32.0')).code, 'minor.skipped');
    const down = kubernetesStep(v('v1.30.4'), v('v1.29.9'));
    assert.equal(down.code, 'version.downgrade');
    assert.match(down.reason, /restoring a snapshot/);
  });
});
