import * as assert from 'node:assert/strict';
import { summarizeUpgradeAccess, upgradePermissions } from '../../../src/core/cluster/permissions';
import { contextLine } from '../../../src/explorer/text/contextLine';
import type { ContextInfo } from '../../../src/kube/kubeconfig';
import { demoSnapshot } from '../cluster/demoSnapshot';

const info = (o: Partial<ContextInfo> = {}): ContextInfo => ({ name: 'k3s-demo', cluster: 'k3s-demo', user: 'admin', server: 'https://127.0.0.1:6443', namespace: undefined, isCurrent: true, ...o });
const needed = upgradePermissions();
const access = (denied: (resource: string) => boolean) => ({
  ok: true as const,
  value: summarizeUpgradeAccess(needed.map((a) => ({ access: a, allowed: a.verb === 'watch' || !denied(a.resource), ...(a.resource === 'nodes' && denied('nodes') ? { reason: 'no RBAC policy matched' } : {}) }))),
});
// Read-only: may read and watch everything (the waits), may change nothing.
const readOnly = access((r) => r !== 'secrets');
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

  it('a read-only context says so on the row, with a lock, and lists exactly what it cannot do', () => {
    const line = contextLine(info({ isCurrent: false, name: 'k3s-demo-restricted' }), { ok: true, value: demoSnapshot() }, undefined, readOnly);
    assert.equal(line.description, 'K3s v1.30.4+k3s1 · read-only');
    assert.equal(line.icon, 'lock');
    assert.equal(line.tone, 'ok');
    assert.match(line.tooltip, /\*\*Read-only for upgrades\*\*: these credentials can read the cluster but cannot execute an upgrade plan\./);
    const items = line.tooltip.split('\n').filter((l) => l.startsWith('- '));
    assert.equal(items.length, 8);
    assert.equal(items[0], '- cannot create plans\\.upgrade\\.cattle\\.io in system\\-upgrade: needed to create the system\\-upgrade\\-controller Plans');
    assert.ok(items.some((l) => l.startsWith('- cannot patch nodes: needed to cordon, uncordon and label nodes — no RBAC policy matched')));
    assert.ok(items.some((l) => l.includes('deployments\\.apps &quot;rook\\-ceph\\-operator&quot; in rook\\-ceph')));
  });

  it('an admin context looks as before; its tooltip says it can run upgrades', () => {
    const line = contextLine(info(), { ok: true, value: demoSnapshot() }, undefined, access(() => false));
    assert.equal(line.description, '● current · K3s v1.30.4+k3s1');
    assert.equal(line.icon, 'vm-active');
    assert.match(line.tooltip, /Can run upgrades: 21 of the 21 permissions an upgrade run needs are granted\./);
    const noSecrets = contextLine(info(), { ok: true, value: demoSnapshot() }, undefined, access((r) => r === 'secrets'));
    assert.equal(noSecrets.description, '● current · K3s v1.30.4+k3s1');
    assert.match(noSecrets.tooltip, /20 of the 21[^\n]*\n\n- cannot list secrets: needed to export Secrets with the manifests \\\(only when a plan exports Secrets\\\)/);
  });

  it('permissions are not shown while re-reading, beside a failure, or when they could not be checked', () => {
    assert.equal(contextLine(info({ isCurrent: false }), { ok: true, value: demoSnapshot() }, 'reading', readOnly).description, 'reading…');
    assert.equal(contextLine(info({ isCurrent: false }), unreachable, undefined, readOnly).description, 'unreachable');
    const unchecked = contextLine(info({ isCurrent: false }), { ok: true, value: demoSnapshot() }, undefined, { ok: false, error: { kind: 'unreachable', message: 'late' } });
    assert.equal(unchecked.description, 'K3s v1.30.4+k3s1');
    assert.match(unchecked.tooltip, /Permissions for upgrades not checked: Cannot reach cluster/);
  });

  it('TLS not verified outranks read-only for the icon; both are said on the row', () => {
    const line = contextLine(info({ isCurrent: false, insecureSkipTlsVerify: true }), { ok: true, value: demoSnapshot() }, undefined, readOnly);
    assert.equal(line.description, 'K3s v1.30.4+k3s1 · read-only · ⚠ TLS not verified');
    assert.equal(line.icon, 'warning');
  });
});
