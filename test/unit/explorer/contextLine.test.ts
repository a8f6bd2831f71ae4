import * as assert from 'node:assert/strict';
import { contextLine } from '../../../src/explorer/text/contextLine';
import type { ContextInfo } from '../../../src/kube/kubeconfig';
import { demoSnapshot } from '../cluster/demoSnapshot';

const info = (o: Partial<ContextInfo> = {}): ContextInfo => ({ name: 'k3s-demo', cluster: 'k3s-demo', user: 'admin', server: 'https://127.0.0.1:6443', namespace: undefined, isCurrent: true, ...o });
const unreachable = { ok: false as const, error: { kind: 'unreachable' as const, message: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1' } };

describe('explorer/text contextLine (a kubeconfig context row)', () => {
  it('current, with what the cluster runs', () => {
    const line = contextLine(info(), { ok: true, value: demoSnapshot() }, undefined);
    assert.equal(line.description, '● current · K3s v1.30.4+k3s1');
    assert.equal(line.icon, 'vm-active');
    assert.equal(line.tone, 'ok');
  });

  it('insecure-skip-tls-verify is said on the row, with a warning icon and why in the tooltip', () => {
    const line = contextLine(info({ insecureSkipTlsVerify: true, isCurrent: false }), undefined, undefined);
    assert.equal(line.description, 'https://127.0.0.1:6443 · ⚠ TLS not verified');
    assert.equal(line.icon, 'warning');
    assert.equal(line.tone, 'warn');
    assert.match(line.tooltip, /`insecure-skip-tls-verify: true`/);
  });

  it('Retry shows on the row while the read runs, then the outcome', () => {
    assert.equal(contextLine(info({ isCurrent: false }), unreachable, undefined).description, 'unreachable');
    const retrying = contextLine(info({ isCurrent: false }), undefined, 'retrying');
    assert.equal(retrying.description, 'Retrying…');
    assert.equal(retrying.icon, 'sync~spin');
  });

  it('kubeconfig names are escaped in the tooltip', () => {
    const line = contextLine(info({ name: '[x](command:evil)', user: '`u`' }), undefined, undefined);
    assert.doesNotMatch(line.tooltip, /\[x\]\(command/);
    assert.doesNotMatch(line.tooltip, /(^|[^\\])`/);
  });
});
