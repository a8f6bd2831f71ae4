import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { noReleaseDecorations, releaseDecorationsOf } from '../../../src/core/cluster';
import { ReleaseCatalog, validateCatalogData } from '../../../src/core/releases';
import { ceph, kube, rook } from '../../../src/core/versions';

describe('core/cluster releaseDecorationsOf (bundled catalog)', () => {
  const data = validateCatalogData(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'data', 'catalog.json'), 'utf8')) as unknown);
  assert.ok(data.ok);
  const decorations = releaseDecorationsOf(ReleaseCatalog.fromData(data.value));

  it('v1.30.4+k3s1: a newer 1.30 patch and a 1.31 minor', () => {
    const u = decorations.kubeUpdates(kube('v1.30.4+k3s1'));
    assert.ok(u);
    assert.match(u.patch ?? '', /^v1\.30\.\d+\+k3s\d+$/);
    assert.match(u.minor ?? '', /^v1\.31\.\d+\+k3s\d+$/);
    assert.ok(u.cvesFixedByPatch.every((id) => /^(CVE-\d{4}-\d+|GHSA-)/.test(id)));
  });

  it('a newer patch that fixes CVEs names them', () => {
    const u = decorations.kubeUpdates(kube('v1.28.5+k3s1'));
    assert.ok(u?.cvesFixedByPatch.includes('CVE-2024-21626'), JSON.stringify(u));
  });

  it('embedded components of a known K3s release', () => {
    const c = decorations.k3sComponents(kube('v1.30.4+k3s1'));
    assert.ok(c && c.length > 3, JSON.stringify(c));
    assert.ok(c.some((x) => /containerd/i.test(x.name)));
  });

  it('no decorations for non-K3s versions', () => {
    assert.equal(decorations.kubeUpdates(kube('v1.30.4')), undefined);
    assert.equal(decorations.k3sComponents(kube('v1.30.4')), undefined);
  });

  it('Rook v1.14.9: a newer v1.14 patch and the v1.15 minor, like K3s', () => {
    const u = decorations.rookUpdates(rook('v1.14.9'));
    assert.match(u?.patch ?? '', /^v1\.14\.(1[0-9])$/);
    assert.match(u?.minor ?? '', /^v1\.15\.\d+$/);
    assert.deepEqual(decorations.rookUpdates(rook('v1.20.0')), { patch: undefined, minor: undefined });
    assert.equal(decorations.rookUpdates(rook('v0.9.0')), undefined);
  });

  it('Ceph Reef: Squid and Tentacle are newer releases', () => {
    const u = decorations.cephUpdates(ceph('18.2.4-0'));
    assert.deepEqual(u?.newer.map((n) => n.name), ['squid', 'tentacle']);
    assert.deepEqual(decorations.cephUpdates(ceph('v20.2.0'))?.newer, []);
  });

  it('without a catalog: nothing newer is claimed', () => {
    assert.equal(noReleaseDecorations.rookUpdates(rook('v1.14.9')), undefined);
    assert.equal(noReleaseDecorations.cephUpdates(ceph('v18.2.4')), undefined);
  });
});
