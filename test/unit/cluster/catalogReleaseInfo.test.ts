import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { releaseInfoFromCatalog } from '../../../src/core/cluster';
import { ReleaseCatalog, validateCatalogData } from '../../../src/core/releases';
import { kube } from '../../../src/core/versions';

describe('core/cluster releaseInfoFromCatalog (bundled catalog)', () => {
  const data = validateCatalogData(JSON.parse(readFileSync(join(__dirname, '..', '..', '..', 'data', 'catalog.json'), 'utf8')) as unknown);
  assert.ok(data.ok);
  const info = releaseInfoFromCatalog(ReleaseCatalog.fromData(data.value));

  it('v1.30.4+k3s1: a newer 1.30 patch and a 1.31 minor', () => {
    const u = info.kubeUpdates(kube('v1.30.4+k3s1'));
    assert.ok(u);
    assert.match(u.patch ?? '', /^v1\.30\.\d+\+k3s\d+$/);
    assert.match(u.minor ?? '', /^v1\.31\.\d+\+k3s\d+$/);
    assert.ok(u.cvesFixedByPatch.every((id) => /^(CVE-\d{4}-\d+|GHSA-)/.test(id)));
  });

  it('a newer patch that fixes CVEs names them', () => {
    const u = info.kubeUpdates(kube('v1.28.5+k3s1'));
    assert.ok(u?.cvesFixedByPatch.includes('CVE-2024-21626'), JSON.stringify(u));
  });

  it('embedded components of a known K3s release', () => {
    const c = info.k3sComponents(kube('v1.30.4+k3s1'));
    assert.ok(c && c.length > 3, JSON.stringify(c));
    assert.ok(c.some((x) => /containerd/i.test(x.name)));
  });

  it('no decorations for non-K3s versions', () => {
    assert.equal(info.kubeUpdates(kube('v1.30.4')), undefined);
    assert.equal(info.k3sComponents(kube('v1.30.4')), undefined);
  });
});
