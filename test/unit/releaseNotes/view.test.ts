import * as assert from 'node:assert/strict';
import { componentNotes, planRanges, releaseNotesView } from '../../../src/core/releaseNotes';
import { ReleaseCatalog } from '../../../src/core/releases';
import { underBudget } from '../helpers/timing';
import { CATALOG } from './helpers';

const V134_WARNING = 'K3s v1.34 Upgrade Warning';

describe('core/releaseNotes view model (bundled catalog)', () => {
  const k3s = componentNotes(CATALOG, { component: 'k3s', from: 'v1.30.4+k3s1', to: 'v1.33.7+k3s3' });

  it('header: range, releases crossed, minors crossed, sources', () => {
    assert.equal(k3s.error, undefined);
    assert.equal(k3s.label, 'K3s');
    assert.equal(k3s.releases.length, 19);
    assert.equal(k3s.releases[0].version, 'v1.31.0+k3s1');
    assert.equal(k3s.releases.at(-1)!.version, 'v1.33.7+k3s3');
    assert.deepEqual(k3s.minorsCrossed, ['1.31', '1.32', '1.33']);
    // The data file itself is the bundled catalog; loadCatalog tags mirror and online layers.
    assert.deepEqual(k3s.sources, { bundled: 19 });
    assert.equal(k3s.upstreamUrl, 'https://github.com/k3s-io/k3s/releases/tag/v1.33.7%2Bk3s3');
  });

  it('counts per section', () => {
    // Kubernetes 1.31 urgent notes (3), 1.32 "none", 1.33 not in the catalog, 1 K3s note flagged breaking.
    assert.deepEqual(k3s.urgent.items.map((g) => [g.title, g.status, g.entries.length]), [
      ['Kubernetes 1.31 urgent upgrade notes', 'present', 3],
      ['Kubernetes 1.32 urgent upgrade notes', 'none', 0],
      ['Kubernetes 1.33 urgent upgrade notes', 'unknown', 0],
      ['K3s notes flagged breaking', 'present', 1],
    ]);
    assert.equal(k3s.urgent.count, 4);
    assert.equal(k3s.security.count, 1);
    assert.equal(k3s.deprecations.count, 1);
    assert.equal(k3s.knownIssues.count, 0);
    assert.equal(k3s.embedded.count, 12);
    assert.deepEqual(k3s.embedded.items.find((c) => c.name === 'etcd'), { name: 'etcd', from: 'v3.5.13-k3s1', to: 'v3.5.26-k3s1', change: 'changed' });
    assert.equal(k3s.changes.count, 382);
    assert.equal(k3s.changes.items.length, 19);
    assert.equal(k3s.changes.items.reduce((n, r) => n + r.entries.length, 0), k3s.changes.count);
  });

  it('the etcd v1.34 warning is about a later upgrade: absent from Urgent for a v1.33 target, shown apart', () => {
    const urgentTitles = k3s.urgent.items.flatMap((g) => g.entries.map((e) => e.title));
    assert.ok(!urgentTitles.includes(V134_WARNING));
    assert.equal(k3s.laterUpgrades.length, 4);
    assert.ok(k3s.laterUpgrades.every((e) => e.title === V134_WARNING && e.release === 'v1.33.7+k3s3'));
    // Only the notes of v1.32.11+k3s3 and v1.33.7+k3s3 carry it; a v1.34 target's lineage does not.
    const to134 = componentNotes(CATALOG, { component: 'k3s', from: 'v1.33.0+k3s1', to: 'v1.34.3+k3s1' });
    assert.equal(to134.laterUpgrades.length, 0);
    assert.ok(!to134.changes.items.some((r) => r.entries.some((e) => e.title === V134_WARNING)));
  });

  it('a warning titled for the target minor itself stays urgent', () => {
    const data = CATALOG.data;
    const k3sData = data.k3s.map((r) => (r.version === 'v1.33.7+k3s3' ? { ...r, items: r.items.map((it) => (it.title === V134_WARNING ? { ...it, title: 'K3s v1.33 Upgrade Warning' } : it)) } : r));
    const v = componentNotes(ReleaseCatalog.fromData({ ...data, k3s: k3sData }), { component: 'k3s', from: 'v1.30.4+k3s1', to: 'v1.33.7+k3s3' });
    assert.equal(v.laterUpgrades.length, 0);
    assert.equal(v.urgent.count, k3s.urgent.count + 4);
  });

  it('security: every id with the release that fixes it, the current version exposed', () => {
    assert.deepEqual(k3s.security.items.map((s) => [s.id, s.fixedIn, s.exposed]), [['CVE-2025-30215', 'v1.32.4+k3s1', true]]);
    assert.equal(k3s.security.exposed, 1);
    assert.equal(k3s.security.items[0].url, 'https://github.com/advisories?query=CVE-2025-30215');
  });

  it('security: a newer patch of the current minor that fixes an id is named', () => {
    const v = componentNotes(CATALOG, { component: 'k3s', from: 'v1.32.3+k3s1', to: 'v1.33.7+k3s3' });
    assert.deepEqual(v.security.items.map((s) => [s.id, s.fixedIn, s.fixedOnCurrentLine, s.exposed]), [['CVE-2025-30215', 'v1.32.4+k3s1', 'v1.32.4+k3s1', true]]);
  });

  it('security: ids the current version already has are not exposed', () => {
    const v = componentNotes(CATALOG, { component: 'k3s', from: 'v1.27.5+k3s1', to: 'v1.29.3+k3s1' });
    const byId = new Map(v.security.items.map((s) => [s.id, s]));
    assert.equal(byId.get('CVE-2023-32187')?.exposed, false, 'v1.27.5+k3s1 names it');
    assert.equal(byId.get('GHSA-m4hf-6vgr-75r2')?.exposed, false);
    assert.equal(byId.get('CVE-2024-21626')?.exposed, true);
    assert.equal(byId.get('CVE-2024-21626')?.fixedIn, 'v1.29.1+k3s2');
    assert.equal(v.security.exposed, 4);
    assert.equal(v.security.count, 6);
  });

  it('Rook: breaking changes per minor, compatibility changes, no double count', () => {
    const rook = componentNotes(CATALOG, { component: 'rook', from: 'v1.14.12', to: 'v1.17.9' });
    assert.deepEqual(rook.minorsCrossed, ['1.15', '1.16', '1.17']);
    assert.equal(rook.releases.length, 30);
    assert.deepEqual(rook.urgent.items.map((g) => [g.title, g.entries.length]), [['Rook 1.15 breaking changes', 5], ['Rook 1.16 breaking changes', 2]]);
    assert.equal(rook.urgent.count, 7);
    assert.equal(rook.upstreamUrl, 'https://github.com/rook/rook/releases/tag/v1.17.9');
  });

  it('Ceph: the named releases crossed, and where their notes are', () => {
    const ceph = componentNotes(CATALOG, { component: 'ceph', from: 'v18.2.4', to: 'v19.2.3' });
    assert.deepEqual(ceph.minorsCrossed, ['squid']);
    assert.equal(ceph.upstreamUrl, 'https://docs.ceph.com/en/latest/releases/squid/');
    assert.match(ceph.notes.join(' '), /docs\.ceph\.com/);
  });

  it('a backwards or unparsable range is an error value, not an exception', () => {
    const back = componentNotes(CATALOG, { component: 'k3s', from: 'v1.33.7+k3s3', to: 'v1.30.4+k3s1' });
    assert.match(back.error ?? '', /older than/);
    assert.equal(back.changes.count, 0);
    assert.ok(componentNotes(CATALOG, { component: 'rook', from: 'banana', to: 'v1.17.9' }).error);
  });

  it('one view per plan: one component per range, titled', () => {
    const v = releaseNotesView(CATALOG, planRanges({ components: { k3s: { current: 'v1.30.4+k3s1', target: 'v1.33.7+k3s3' }, rook: { current: 'v1.14.12', target: 'v1.17.9' }, ceph: { current: 'v18.2.4', target: 'v19.2.3' } } }), 'prod');
    assert.equal(v.title, 'prod');
    assert.deepEqual(v.components.map((c) => c.component), ['k3s', 'rook', 'ceph']);
    assert.equal(v.asOf, CATALOG.asOf);
  });

  it('the source of each release: mirror and online records say so', () => {
    const data = CATALOG.data;
    const k3sData = data.k3s.map((r) => (r.version === 'v1.33.7+k3s3' ? { ...r, origin: 'mirror:v1.33.X.md' } : r.version === 'v1.33.7+k3s1' ? { ...r, origin: 'online' } : r));
    const v = componentNotes(ReleaseCatalog.fromData({ ...data, k3s: k3sData }), { component: 'k3s', from: 'v1.30.4+k3s1', to: 'v1.33.7+k3s3' });
    assert.deepEqual(v.sources, { bundled: 17, online: 1, mirror: 1 });
    assert.equal(v.releases.at(-1)!.source, 'mirror');
  });

  it('computes a wide range quickly (v1.24.0+k3s1 → newest)', () => {
    const newest = CATALOG.newest()!.version;
    const { value: v, ms } = underBudget(1000, () => componentNotes(CATALOG, { component: 'k3s', from: 'v1.24.0+k3s1', to: newest }));
    assert.ok(v.changes.count > 1000);
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
  });
});

describe('core/releaseNotes planRanges', () => {
  it('reads current → target per component; Kubernetes is read against the K3s catalog', () => {
    assert.deepEqual(planRanges({ components: { kubernetes: { current: 'v1.30.4', target: 'v1.31.2' } } }), [{ component: 'k3s', from: 'v1.30.4', to: 'v1.31.2' }]);
  });
  it('leaves out missing, non-string and unchanged versions, and survives junk', () => {
    assert.deepEqual(planRanges({ components: { k3s: { current: 'v1.30.4+k3s1', target: 'v1.30.4+k3s1' }, rook: { current: 1, target: 'v1.17.9' }, ceph: { current: 'v18.2.4' } } }), []);
    for (const junk of [undefined, null, 'x', 42, [], { components: [] }, { components: { k3s: 'v1' } }, JSON.parse('{"components":{"__proto__":{"current":"a","target":"b"}}}') as unknown]) {
      assert.deepEqual(planRanges(junk), []);
    }
  });
});
