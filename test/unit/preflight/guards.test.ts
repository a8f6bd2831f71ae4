import * as assert from 'node:assert/strict';
import { checkPinnedCluster, confirmationFor, confirmationTyped, contextProtection, mayChangeCluster } from '../../../src/core/preflight';
import { underBudget } from '../helpers/timing';

const PIN = { server: 'https://127.0.0.1:6443', kubeSystemUID: 'uid-1' };
const live = (over: Partial<{ context: string; server: string | undefined; kubeSystemUID: string | undefined }> = {}) => ({ context: 'k3s-demo', server: 'https://127.0.0.1:6443/', kubeSystemUID: 'uid-1', ...over });
const reasonOf = (d: ReturnType<typeof checkPinnedCluster>): string => (d.allowed ? '' : d.reason);

describe('core/preflight guards: the pinned cluster', () => {
  it('the same server (trailing slash and case aside) and UID: allowed to read and write', () => {
    assert.deepEqual(checkPinnedCluster(PIN, live({ server: 'HTTPS://127.0.0.1:6443' }), 'write'), { allowed: true });
    assert.deepEqual(checkPinnedCluster(PIN, live(), 'read'), { allowed: true });
  });

  it('another server URL is refused, naming both identities', () => {
    const d = checkPinnedCluster(PIN, live({ server: 'https://10.0.0.9:6443', kubeSystemUID: 'uid-2' }), 'read');
    assert.equal(d.allowed, false);
    assert.equal(reasonOf(d), 'This plan is pinned to https://127.0.0.1:6443 (kube-system UID uid-1), but context "k3s-demo" points at https://10.0.0.9:6443 (kube-system UID uid-2): a different API server.');
  });

  it('the same URL with another kube-system UID (a rebuilt cluster) is refused, naming both', () => {
    const d = checkPinnedCluster(PIN, live({ kubeSystemUID: 'uid-9' }), 'read');
    assert.match(reasonOf(d), /pinned to https:\/\/127\.0\.0\.1:6443 \(kube-system UID uid-1\).*\(kube-system UID uid-9\): a different cluster behind the same address/);
  });

  it('a plan without a UID pin may read but not write, and is told how to pin it', () => {
    const pin = { server: PIN.server, kubeSystemUID: undefined };
    assert.deepEqual(checkPinnedCluster(pin, live(), 'read'), { allowed: true });
    const d = checkPinnedCluster(pin, live(), 'write');
    assert.equal(d.allowed, false);
    assert.match(reasonOf(d), /not pinned to a cluster identity \(cluster.kubeSystemUID is missing\)/);
    assert.equal(d.allowed ? '' : d.fixHint, 'Pin it: add `kubeSystemUID: uid-1` under `cluster:` in the plan (the UID of this cluster\'s kube-system namespace).');
  });

  it('an unreadable live UID or server refuses writes', () => {
    assert.match(reasonOf(checkPinnedCluster(PIN, live({ kubeSystemUID: undefined }), 'write')), /could not be read/);
    assert.equal(checkPinnedCluster(PIN, live({ server: undefined }), 'read').allowed, false);
  });
});

describe('core/preflight guards: protected contexts (RE2)', () => {
  it('the default pattern protects prod contexts, by search', () => {
    assert.equal(contextProtection('prod|production', 'eu-prod-1').protected, true);
    assert.equal(contextProtection('prod|production', 'k3s-demo').protected, false);
    assert.equal(contextProtection('', 'prod').protected, false, 'an empty setting protects none');
  });

  it('an invalid pattern protects every context and says so', () => {
    const p = contextProtection('prod(', 'k3s-demo');
    assert.equal(p.protected, true);
    assert.ok(p.patternError);
    assert.match(p.reason, /not a valid pattern .* every context is treated as protected/);
    assert.equal(contextProtection('(a)\\1', 'k3s-demo').protected, true, 'backreferences are refused, so protected');
  });

  it('a ReDoS pattern on a long context name finishes fast (RE2, linear)', () => {
    const name = `${'a'.repeat(50_000)}!`;
    const { value: p, ms } = underBudget(1000, () => contextProtection('(a+)+$', name));
    assert.equal(p.protected, false);
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms (a backtracking RegExp takes forever here)`);
    assert.equal(contextProtection('(a+)+$', 'a'.repeat(200_000)).protected, true, 'too long to test: protected');
  });

  it('confirmation names the context and the cluster; a protected context needs its name typed', () => {
    const plain = confirmationFor('Take an etcd snapshot', live(), contextProtection('prod', 'k3s-demo'));
    assert.equal(plain.message, 'Take an etcd snapshot on context "k3s-demo", cluster https://127.0.0.1:6443/ (kube-system UID uid-1)?');
    assert.equal(plain.typeToConfirm, undefined);
    assert.equal(confirmationTyped(plain, undefined), true);
    const prod = confirmationFor('Start the upgrade', live({ context: 'prod-eu' }), contextProtection('prod', 'prod-eu'));
    assert.equal(prod.typeToConfirm, 'prod-eu');
    assert.match(prod.prompt ?? '', /Type the context name to confirm/);
    assert.equal(confirmationTyped(prod, ' prod-eu '), true);
    assert.equal(confirmationTyped(prod, 'prod'), false);
    assert.equal(confirmationTyped(prod, undefined), false);
  });
});

describe('core/preflight guards: workspace trust', () => {
  it('only a trusted workspace with the plan inside may change a cluster', () => {
    assert.deepEqual(mayChangeCluster({ trusted: true, planInWorkspace: true }), { allowed: true });
    const untrusted = mayChangeCluster({ trusted: false, planInWorkspace: true });
    assert.equal(untrusted.allowed, false);
    assert.match(untrusted.allowed ? '' : untrusted.reason, /not trusted/);
    const outside = mayChangeCluster({ trusted: true, planInWorkspace: false });
    assert.match(outside.allowed ? '' : outside.reason, /outside the workspace/);
  });
});
