import * as assert from 'node:assert/strict';
import { validateHops } from '../../../src/core/paths';
import { AVAILABLE, k3sCluster } from './helpers';

const codes = (fs: readonly { code: string; hopIndex?: number }[]): string[] => fs.map((f) => `${f.hopIndex}:${f.code}`);

describe('paths: validateHops (plan diagnostics)', () => {
  const cluster = k3sCluster(['v1.30.14+k3s1'], ['v1.30.14+k3s1'], { rook: { operator: 'v1.14.6' }, ceph: { version: 'v18.2.4' } });

  it('accepts a correct list of hops', () => {
    const f = validateHops(cluster, [
      { component: 'kubernetes', phase: 'servers', to: 'v1.31.12+k3s1' }, // Rook 1.14 tops out at 1.30 …
    ], { available: AVAILABLE });
    assert.deepEqual(codes(f), ['0:rook.kubernetes-too-new']);
    const good = validateHops(cluster, [
      { component: 'rook', to: 'v1.15.6' },
      { component: 'kubernetes', phase: 'servers', to: 'v1.31.12+k3s1' },
      { component: 'kubernetes', phase: 'agents', to: 'v1.31.12+k3s1' },
    ], { available: AVAILABLE });
    assert.deepEqual(good, []);
  });

  it('flags a skipped minor on the hop that skips it', () => {
    const f = validateHops(cluster, [{ component: 'rook', to: 'v1.15.6' }, { component: 'kubernetes', to: 'v1.32.8+k3s1' }]);
    assert.ok(codes(f).includes('1:minor.skipped'));
  });

  it('flags agents before servers, an unknown version with suggestions, and a downgrade', () => {
    const f = validateHops(cluster, [{ component: 'kubernetes', phase: 'agents', to: 'v1.30.15+k3s1' }], { available: AVAILABLE });
    assert.deepEqual(codes(f).sort(), ['0:order.agents-before-servers', '0:version.unknown']);
    assert.match(f.find((x) => x.code === 'version.unknown')!.message, /nearest: v1\.30\.14\+k3s1, v1\.31\.0\+k3s1/);
    const d = validateHops(cluster, [{ component: 'kubernetes', to: 'v1.29.15+k3s1' }]);
    assert.ok(codes(d).includes('0:version.downgrade'));
    assert.match(d[0].message, /restoring a snapshot/);
  });

  it('flags a skew violation when an old agent is left behind', () => {
    const c = k3sCluster(['v1.30.14+k3s1'], ['v1.27.16+k3s1']);
    const f = validateHops(c, [{ component: 'kubernetes', phase: 'servers', to: 'v1.31.12+k3s1' }]);
    assert.deepEqual(codes(f), ['0:skew.kubelet-too-old']);
    assert.equal(f[0].subject, 'agent-0');
  });

  it('flags a Ceph release the target Rook does not run, and a Ceph downgrade', () => {
    const c = k3sCluster(['v1.30.14+k3s1'], [], { rook: { operator: 'v1.15.6' }, ceph: { version: 'v17.2.8' } });
    const f = validateHops(c, [{ component: 'rook', to: 'v1.16.6' }]);
    assert.deepEqual(codes(f), ['0:ceph.unsupported-by-rook']);
    assert.deepEqual(codes(validateHops(c, [{ component: 'ceph', to: 'v17.2.0' }])), ['0:version.downgrade']);
  });

  it('flags leaving a minor from an old patch, and a risky hop that is not accepted', () => {
    const c = k3sCluster(['v1.30.2+k3s1'], []);
    const f = validateHops(c, [{ component: 'kubernetes', to: 'v1.31.12+k3s1' }], { available: AVAILABLE });
    assert.deepEqual(codes(f), ['0:patch.not-latest-first']);
    const risks = [{ name: 'R1', component: 'kubernetes' as const, from: '^v1\\.30\\.', to: 'v1.31.12+k3s1', message: 'bad' }];
    assert.deepEqual(codes(validateHops(c, [{ component: 'kubernetes', to: 'v1.31.12+k3s1' }], { risks })), ['0:risk.not-accepted']);
    assert.deepEqual(validateHops(c, [{ component: 'kubernetes', to: 'v1.31.12+k3s1' }], { risks, acceptedRisks: ['R1'] }), []);
  });
});
