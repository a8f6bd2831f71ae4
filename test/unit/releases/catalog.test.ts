import * as assert from 'node:assert/strict';
import { parse as parseYaml } from 'yaml';
import {
  type CatalogData, ReleaseCatalog, assembleCatalog, diffReleases, mergeCatalogData, validateCatalogData, type CephRelease,
} from '../../../src/core/releases';
import { notesFiles, readData, readNotes } from './helpers';

function bundled(): CatalogData {
  const r = validateCatalogData(JSON.parse(readData('catalog.json')) as unknown);
  assert.ok(r.ok);
  return r.value;
}

describe('release catalog', () => {
  const data = bundled();
  const catalog = ReleaseCatalog.fromData(data);

  it('data/catalog.json is what the upstream copies and curated files produce (rebuild with scripts/build-catalog.ts)', () => {
    const rebuilt = assembleCatalog({
      k3sNotes: notesFiles().map((f) => ({ name: `upstream/k3s-io-docs/release-notes/${f}`, text: readNotes(f) })),
      ceph: (parseYaml(readData('curated/ceph.yaml')) as { releases: CephRelease[] }).releases,
    });
    assert.deepEqual(rebuilt.k3s, data.k3s);
    assert.deepEqual(rebuilt.ceph, data.ceph);
  });

  it('answers release queries', () => {
    assert.deepEqual(catalog.minors(), ['1.24', '1.25', '1.26', '1.27', '1.28', '1.29', '1.30', '1.31', '1.32', '1.33', '1.34', '1.35']);
    assert.equal(catalog.k3sReleases().length, 142);
    assert.equal(catalog.newest()!.version, 'v1.35.4+k3s1');
    assert.equal(catalog.latestPatch('1.28')!.version, 'v1.28.11+k3s2');
    assert.equal(catalog.latestPatch('v1.32')!.version, 'v1.32.11+k3s3');
    assert.equal(catalog.latestPatch('1.23'), undefined);
    assert.equal(catalog.exists('v1.30.2+k3s2'), true);
    assert.equal(catalog.exists('v1.30.2+k3s3'), false);
    assert.equal(catalog.exists('v1.24.0+k3s1'), false);
    assert.deepEqual(catalog.releasesBetween('v1.34.3+k3s1', 'v1.34.5+k3s1').map((r) => r.version), ['v1.34.3+k3s3', 'v1.34.4+k3s1', 'v1.34.5+k3s1']);
    assert.deepEqual(catalog.releasesBetween('garbage', 'v1.34.5+k3s1'), []);
    assert.equal(catalog.atOrBefore('v1.24.0+k3s1'), undefined);
    assert.equal(catalog.atOrBefore('v1.26.5+k3s2')!.version, 'v1.26.5+k3s1');
  });

  it('knows Rook releases and Ceph releases with their point releases (Rook windows are rules: core/compat)', () => {
    assert.equal(catalog.rookLatestPatch('1.14')!.version, 'v1.14.12');
    assert.equal(catalog.rookFind('v1.20.0')!.breaking.length, 2);
    const raw = JSON.parse(readData('catalog.json')) as Record<string, unknown> & { rook: Record<string, unknown>[] };
    assert.ok(!('rookSupport' in raw) && raw.rook.every((r) => !('k8sMin' in r) && !('cephReleases' in r)), 'the catalog carries no copy of the Rook window');
    assert.ok(catalog.cephVersions().includes('v18.2.4') && catalog.cephVersions().includes('v20.2.1'));
    assert.equal(catalog.cephRelease('reef')!.versions.at(-1), 'v18.2.7');
    assert.deepEqual(catalog.cephReleases().map((c) => c.name), ['pacific', 'quincy', 'reef', 'squid', 'tentacle']);
    assert.equal(catalog.cephRelease(18)!.name, 'reef');
  });

  it('diffs v1.24.0+k3s1 → newest v1.35', () => {
    const r = diffReleases(catalog, 'k3s', 'v1.24.0+k3s1', 'v1.35.4+k3s1');
    assert.ok(r.ok);
    const d = r.value;
    // The notes' own lineage (v1.25.0 starts from v1.24.4, …), not all 142 releases: see lineage.test.ts.
    assert.equal(d.releases.length, 60);
    assert.ok(!d.releases.some((r) => r.version === 'v1.24.17+k3s1'));
    assert.deepEqual(d.baseline, { version: 'v1.24.1+k3s1', exact: false });
    assert.ok(d.notes.some((n) => /v1\.24\.0\+k3s1 is not in the release catalog/.test(n)));
    const containerd = d.componentChanges.find((c) => c.name === 'containerd')!;
    assert.deepEqual(containerd, { name: 'containerd', from: 'v1.5.11-k3s1', to: 'v2.2.3-k3s1', change: 'changed' });
    assert.deepEqual(d.urgentNotes.map((u) => `${u.minor}:${u.status}`), ['1.25:unknown', '1.26:unknown', '1.27:unknown', '1.28:unknown', '1.29:present', '1.30:none', '1.31:present', '1.32:none', '1.33:unknown', '1.34:unknown', '1.35:unknown']);
    const cve = d.securityFixes.find((s) => s.id === 'CVE-2023-32187')!;
    assert.equal(cve.fixedIn, 'v1.27.5+k3s1', 'the first release on the path that names it (v1.24.17 is not on it)');
    assert.equal(d.securityFixes.find((s) => s.id === 'CVE-2024-21626')!.fixedIn, 'v1.29.1+k3s2');
    assert.equal(Object.values(d.counts).reduce((a, b) => a + b, 0), d.items.length);
    assert.ok(d.counts.breaking > 0 && d.counts.security > 0 && d.counts.deprecation > 0 && d.counts['known-issue'] > 0);
  });

  it('diffs within a minor with an exact baseline, and refuses to go backwards', () => {
    const r = diffReleases(catalog, 'k3s', 'v1.34.5+k3s1', 'v1.34.7+k3s1');
    assert.ok(r.ok);
    assert.deepEqual(r.value.baseline, { version: 'v1.34.5+k3s1', exact: true });
    assert.deepEqual(r.value.urgentNotes, []);
    assert.deepEqual(r.value.componentChanges.find((c) => c.name === 'helm-controller'), { name: 'helm-controller', from: 'v0.16.17', to: 'v0.17.1', change: 'changed' });
    assert.equal(r.value.componentChanges.some((c) => c.name === 'etcd'), false);
    assert.equal(diffReleases(catalog, 'k3s', 'v1.35.0+k3s1', 'v1.34.0+k3s1').ok, false);
    assert.equal(diffReleases(catalog, 'k3s', 'nonsense', 'v1.34.0+k3s1').ok, false);
  });

  it('diffs Rook across minors with breaking changes and support changes', () => {
    const r = diffReleases(catalog, 'rook', 'v1.13.4', 'v1.16.2');
    assert.ok(r.ok);
    assert.deepEqual(r.value.rookBreaking.map((b) => [b.minor, b.items.length]), [['1.14', 3], ['1.15', 5], ['1.16', 2]]);
    assert.deepEqual(r.value.componentChanges, [
      { name: 'kubernetes-window', from: '1.23–1.29', to: '1.27–1.32', change: 'changed' },
      { name: 'ceph', from: 'quincy', change: 'removed' },
      { name: 'ceph', to: 'squid', change: 'added' },
    ]);
    const ceph = diffReleases(catalog, 'ceph', 'v17.2.7', 'v19.2.2');
    assert.ok(ceph.ok);
    assert.deepEqual(ceph.value.releases.map((x) => x.version), ['v18.2.0', 'v19.2.0']);
  });

  it('merges sources: the newer source wins per release, missing fields are filled', () => {
    const online: CatalogData = {
      ...data, asOf: '2030-01-01T00:00:00Z', kubernetesUrgentNotes: [], rook: [], ceph: [], unparsed: [],
      k3s: [
        { version: 'v1.35.4+k3s1', components: {}, items: [{ text: 'new note', kind: 'other', origin: 'change', depth: 0, ids: [] }] },
        { version: 'v1.35.5+k3s1', date: '2026-05-20', components: { kubernetes: 'v1.35.5' }, items: [] },
      ],
    };
    const merged = ReleaseCatalog.fromData(mergeCatalogData([{ data, origin: 'bundled' }, { data: online, origin: 'online' }]));
    assert.equal(merged.newest()!.version, 'v1.35.5+k3s1');
    const r354 = merged.find('v1.35.4+k3s1')!;
    assert.equal(r354.items[0].text, 'new note');
    assert.equal(r354.origin, 'online');
    assert.equal(r354.components.containerd, 'v2.2.3-k3s1', 'component table kept from the bundled layer');
    assert.equal(r354.date, '2026-04-27');
    assert.equal(merged.find('v1.24.1+k3s1')!.origin, 'bundled');
    // An older layer does not override a newer one, whatever the order given.
    const stale = { ...online, asOf: '2000-01-01T00:00:00Z' };
    const m2 = ReleaseCatalog.fromData(mergeCatalogData([{ data: stale, origin: 'online' }, { data, origin: 'bundled' }]));
    assert.notEqual(m2.find('v1.35.4+k3s1')!.items[0].text, 'new note');
  });

  it('rejects a catalog of another schema and drops malformed entries', () => {
    assert.equal(validateCatalogData({ schemaVersion: 2 }).ok, false);
    assert.equal(validateCatalogData('x').ok, false);
    const r = validateCatalogData({ schemaVersion: 1, k3s: [{ version: 'v1.30.0+k3s1', components: { a: 'b', c: 3 }, items: [{ text: 'x', kind: 'nope' }] }, { nope: 1 }, null] });
    assert.ok(r.ok);
    assert.deepEqual(r.value.k3s, [{ version: 'v1.30.0+k3s1', components: { a: 'b' }, items: [] }]);
  });
});
