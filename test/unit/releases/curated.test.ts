import * as assert from 'node:assert/strict';
import { ROOK_SUPPORT } from '../../../src/core/compat';
import { parseRookPendingNotes, parseRookUpgradeGuide } from '../../../src/core/releases';
import { readData } from './helpers';

/** The Rook support rules (core/compat, their one home) checked against what the upstream copies say. */
describe('Rook support rules against the upstream release notes', () => {
  const rows = ROOK_SUPPORT.map((r) => ({ minor: r.rook, k8s: [`1.${r.kubernetes.min}`, `1.${r.kubernetes.max}`], ceph: r.ceph.map((c) => ({ name: c.release, minVersion: c.min })), source: r.source }));
  const byMinor = new Map(rows.map((m) => [m.minor, m]));
  const notes = (minor: string): string => parseRookPendingNotes(readData(`upstream/rook/history/pre-v${minor}.0/PendingReleaseNotes.md`)).breaking.concat(
    parseRookPendingNotes(readData(`upstream/rook/history/pre-v${minor}.0/PendingReleaseNotes.md`)).features,
  ).map((i) => i.text).join('\n');

  it('every row names its source', () => {
    for (const m of rows) assert.match(m.source, /https:\/\/|rook history|Documentation\//, m.minor);
  });

  it('minimum Kubernetes versions match the release notes and the upgrade guide', () => {
    assert.match(notes('1.13'), /Removed official support for Kubernetes v1\.22/);
    assert.equal(byMinor.get('1.13')!.k8s[0], '1.23');
    assert.match(notes('1.14'), /minimum supported version of Kubernetes is v1\.25/);
    assert.equal(byMinor.get('1.14')!.k8s[0], '1.25');
    assert.match(notes('1.15'), /Support K8s versions v1\.26 through v1\.31/);
    assert.deepEqual(byMinor.get('1.15')!.k8s, ['1.26', '1.31']);
    assert.match(notes('1.16'), /Minimum K8s version updated to v1\.27/);
    assert.match(notes('1.16'), /K8s version v1\.32/);
    assert.deepEqual(byMinor.get('1.16')!.k8s, ['1.27', '1.32']);
    const guide = parseRookUpgradeGuide(readData('upstream/rook/Upgrade/rook-upgrade.md'));
    assert.equal(guide.minor, '1.20');
    assert.match(guide.breaking.map((i) => i.text).join('\n'), /minimum supported Kubernetes version is v1\.31/);
    assert.equal(byMinor.get('1.20')!.k8s[0], '1.31');
  });

  it('Ceph releases dropped and added match the release notes and the Ceph upgrade guide', () => {
    const names = (m: string): string[] => byMinor.get(m)!.ceph.map((c) => c.name);
    assert.match(notes('1.13'), /Removed support for Ceph Pacific/);
    assert.deepEqual(names('1.12').includes('pacific'), true);
    assert.deepEqual(names('1.13').includes('pacific'), false);
    assert.match(notes('1.15'), /Added support for Ceph Squid/);
    assert.deepEqual(names('1.15').includes('squid'), true);
    assert.match(notes('1.16'), /Removed support for Ceph Quincy/);
    assert.deepEqual(names('1.16').includes('quincy'), false);
    const cephGuide = readData('upstream/rook/Upgrade/ceph-upgrade.md');
    assert.match(cephGuide, /\* Ceph Squid v19\.2\.0 or newer/);
    assert.match(cephGuide, /\* Ceph Tentacle v20\.2\.1 or newer/);
    assert.deepEqual(byMinor.get('1.20')!.ceph, [{ name: 'squid', minVersion: 'v19.2.0' }, { name: 'tentacle', minVersion: 'v20.2.1' }]);
  });
});
