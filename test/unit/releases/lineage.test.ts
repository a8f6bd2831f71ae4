import * as assert from 'node:assert/strict';
import {
  type CatalogData, type K3sRelease, type ReleaseNoteItem, ReleaseCatalog, classifyItem, diffReleases, emptyCatalogData, findSecurityIds, validateCatalogData,
} from '../../../src/core/releases';
import { readData } from './helpers';

/** An item as the k3s notes write it: text, then the PR link. */
function item(text: string, pr: number): ReleaseNoteItem {
  const t = `${text} [(#${pr})](https://github.com/k3s-io/k3s/pull/${pr})`;
  return { text: t, kind: classifyItem(t), origin: 'change', depth: 0, ids: findSecurityIds(t), pr };
}

function release(version: string, changesSince: string | undefined, items: ReleaseNoteItem[]): K3sRelease {
  return { version, components: { kubernetes: version.split('+')[0] }, ...(changesSince ? { changesSince } : {}), items };
}

/**
 * The shape of the real v1.30/v1.31 lines (data/upstream/k3s-io-docs/release-notes): v1.31.0 starts from
 * v1.30.4; v1.30.5 … v1.30.8 carry on the v1.30 line, and v1.31.1 … v1.31.2 list the same backports
 * under other PR numbers. v1.30.7 fixes a CVE that the v1.31 line never names.
 */
function lines(): CatalogData {
  return {
    ...emptyCatalogData('2025-01-01T00:00:00Z'),
    k3s: [
      release('v1.30.3+k3s1', 'v1.30.2+k3s2', [item('Update to v1.30.3-k3s1 and Go 1.22.5', 10600)]),
      release('v1.30.4+k3s1', 'v1.30.3+k3s1', [item('Fix hosts.toml header var', 10700)]),
      release('v1.30.5+k3s1', 'v1.30.4+k3s1', [item('Backports for 2024-09', 10843), item('Bump runc to v1.1.14 for CVE-2024-45310', 10850)]),
      release('v1.30.6+k3s1', 'v1.30.5+k3s1', [item('Simplify svclb ds', 11083)]),
      release('v1.30.7+k3s1', 'v1.30.6+k3s1', [item('Bump containerd to -k3s2 to fix rewrites', 11404), item('Bump x/net for CVE-2024-45338', 11410)]),
      release('v1.30.8+k3s1', 'v1.30.7+k3s1', [item('Update to v1.30.8-k3s1 and Go 1.22.9', 11461)]),
      release('v1.31.0+k3s1', 'v1.30.4+k3s1', [item('Update to v1.31.0', 10690), item('Remove secrets encryption controller', 10612)]),
      release('v1.31.1+k3s1', 'v1.31.0+k3s1', [item('Backports for 2024-09', 10842), item('Bump runc to v1.1.14 for CVE-2024-45310', 10851)]),
      release('v1.31.2+k3s1', 'v1.31.1+k3s1', [item('Simplify svclb ds', 11079), item('Bump containerd to -k3s2 to fix rewrites', 11403), item('Update to v1.31.2-k3s1', 11460)]),
    ],
  };
}

const versions = (d: { releases: readonly { version: string }[] }): string[] => d.releases.map((r) => r.version);

describe('release diff follows the lineage the K3s notes declare', () => {
  const catalog = ReleaseCatalog.fromData(lines());

  it('v1.30.4 → v1.31.2 brings the v1.31 line only: v1.30.5–8 are never run, their items and CVEs not credited', () => {
    const r = diffReleases(catalog, 'k3s', 'v1.30.4+k3s1', 'v1.31.2+k3s1');
    assert.ok(r.ok);
    assert.deepEqual(versions(r.value), ['v1.31.0+k3s1', 'v1.31.1+k3s1', 'v1.31.2+k3s1']);
    assert.ok(r.value.items.every((i) => i.release.startsWith('v1.31.')));
    assert.equal(r.value.items.length, 7);
    // The runc CVE is fixed for this cluster by v1.31.1 (the path's release), not by v1.30.5.
    assert.deepEqual(r.value.securityFixes.map((s) => `${s.id}@${s.fixedIn}`), ['CVE-2024-45310@v1.31.1+k3s1']);
    assert.deepEqual(r.value.notes, []);
  });

  it('v1.30.8 → v1.31.2 counts from the fork v1.30.4, less what v1.30.5–8 already brought, and says what it left out', () => {
    const r = diffReleases(catalog, 'k3s', 'v1.30.8+k3s1', 'v1.31.2+k3s1');
    assert.ok(r.ok);
    assert.deepEqual(versions(r.value), ['v1.31.0+k3s1', 'v1.31.1+k3s1', 'v1.31.2+k3s1']);
    // Backports listed again on the v1.31 line (other PR numbers) are already running.
    assert.deepEqual(r.value.items.map((i) => i.text.replace(/ \[\(#\d+\)\].*$/, '')), ['Update to v1.31.0', 'Remove secrets encryption controller', 'Update to v1.31.2-k3s1']);
    assert.equal(Object.values(r.value.counts).reduce((a, b) => a + b, 0), 3);
    // The cluster already has the runc fix (v1.30.5): not a fix this upgrade brings.
    assert.deepEqual(r.value.securityFixes, []);
    assert.ok(r.value.notes.some((n) => /start from v1\.30\.4\+k3s1; v1\.30\.8\+k3s1 already runs the changes of v1\.30\.5\+k3s1 … v1\.30\.8\+k3s1, so 4 items/.test(n)), r.value.notes.join('\n'));
    // A fix of the current line that the target line never names is worth a look, not silence.
    assert.ok(r.value.notes.some((n) => /^CVE-2024-45338 is fixed in v1\.30\.7\+k3s1, which v1\.30\.8\+k3s1 already runs, but the notes up to v1\.31\.2\+k3s1 do not name it/.test(n)));
  });

  it('a start older than the catalog gets the target lineage back to it: v1.30.2+k3s2 → v1.31.0 brings v1.30.3, v1.30.4, v1.31.0', () => {
    const r = diffReleases(catalog, 'k3s', 'v1.30.2+k3s2', 'v1.31.0+k3s1');
    assert.ok(r.ok);
    assert.deepEqual(versions(r.value), ['v1.30.3+k3s1', 'v1.30.4+k3s1', 'v1.31.0+k3s1']);
  });

  it('within a line the lineage is every patch (v1.30.4 → v1.30.8)', () => {
    const r = diffReleases(catalog, 'k3s', 'v1.30.4+k3s1', 'v1.30.8+k3s1');
    assert.ok(r.ok);
    assert.deepEqual(versions(r.value), ['v1.30.5+k3s1', 'v1.30.6+k3s1', 'v1.30.7+k3s1', 'v1.30.8+k3s1']);
    assert.deepEqual(r.value.securityFixes.map((s) => s.id), ['CVE-2024-45310', 'CVE-2024-45338']);
  });

  it('a release whose notes name no known start is assumed to follow the previous release, and the diff says so', () => {
    const data = lines();
    const k3s = data.k3s.map((r) => (r.version === 'v1.31.0+k3s1' ? { ...r, changesSince: undefined } : r));
    const r = diffReleases(ReleaseCatalog.fromData({ ...data, k3s }), 'k3s', 'v1.30.4+k3s1', 'v1.31.1+k3s1');
    assert.ok(r.ok);
    assert.deepEqual(versions(r.value), ['v1.30.5+k3s1', 'v1.30.6+k3s1', 'v1.30.7+k3s1', 'v1.30.8+k3s1', 'v1.31.0+k3s1', 'v1.31.1+k3s1']);
    assert.ok(r.value.notes.includes('The notes of v1.31.0+k3s1 do not name a known release they start from; v1.30.8+k3s1 is assumed.'));
  });

  it('on the bundled catalog (real notes): v1.30.4 → v1.31.4 skips v1.30.5–8; v1.30.8 → v1.31.4 leaves out the shared backports', () => {
    const parsed = validateCatalogData(JSON.parse(readData('catalog.json')) as unknown);
    assert.ok(parsed.ok);
    const real = ReleaseCatalog.fromData(parsed.value);
    assert.equal(real.find('v1.31.0+k3s1')!.changesSince, 'v1.30.4+k3s1');
    const a = diffReleases(real, 'k3s', 'v1.30.4+k3s1', 'v1.31.4+k3s1');
    const b = diffReleases(real, 'k3s', 'v1.30.8+k3s1', 'v1.31.4+k3s1');
    assert.ok(a.ok && b.ok);
    const expected = ['v1.31.0+k3s1', 'v1.31.1+k3s1', 'v1.31.2+k3s1', 'v1.31.3+k3s1', 'v1.31.4+k3s1'];
    assert.deepEqual(versions(a.value), expected);
    assert.deepEqual(versions(b.value), expected);
    assert.ok(b.value.items.length < a.value.items.length);
    assert.ok(!b.value.items.some((i) => /^Simplify svclb ds/.test(i.text)), 'v1.31.2 lists the v1.30.6 backport again');
  });
});
