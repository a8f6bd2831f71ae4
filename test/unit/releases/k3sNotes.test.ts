import * as assert from 'node:assert/strict';
import { parseK3sReleaseNotes, parseK3sGithubRelease } from '../../../src/core/releases';
import { notesFiles, readNotes } from './helpers';

/** Rows of the version table at the top of each file, counted independently of the parser. */
function tableRows(text: string): number {
  return text.split(/\r?\n/).filter((l) => /^\| \[v1\.\d+\.\d+\+k3s\d+\]/.test(l)).length;
}

describe('K3s release-notes parser on every fixture file', () => {
  const files = notesFiles();

  it('covers v1.24 to v1.35', () => {
    assert.deepEqual(files, ['v1.24.X.md', 'v1.25.X.md', 'v1.26.X.md', 'v1.27.X.md', 'v1.28.X.md', 'v1.29.X.md', 'v1.30.X.md', 'v1.31.X.md', 'v1.32.X.md', 'v1.33.X.md', 'v1.34.X.md', 'v1.35.X.md']);
  });

  for (const file of files) {
    it(`${file}: one release per table row, each with a date, all components and notes`, () => {
      const text = readNotes(file);
      const parsed = parseK3sReleaseNotes(text, file);
      assert.equal(parsed.minor, file.slice(1, -5));
      assert.equal(parsed.tableRows, tableRows(text));
      assert.equal(parsed.releases.length, parsed.tableRows);
      for (const r of parsed.releases) {
        assert.match(r.version, new RegExp(`^v${parsed.minor?.replace('.', '\\.')}\\.\\d+\\+k3s\\d+$`));
        assert.match(r.date ?? '', /^20\d\d-\d\d-\d\d$/, r.version);
        assert.equal(Object.keys(r.components).length, 12, r.version);
        assert.ok(r.items.length > 0, `${r.version} has notes`);
        assert.ok(r.changesSince, `${r.version} has a "Changes since"`);
      }
      // Oldest first.
      assert.equal(parsed.releases.at(-1)!.components.kubernetes, `v${parsed.releases.at(-1)!.version.slice(1).split('+')[0]}`);
    });
  }

  it('reports what it repaired instead of dropping it (v1.29.6+k3s2 runc cell "v1.1.12-")', () => {
    const unparsed = files.flatMap((f) => parseK3sReleaseNotes(readNotes(f), f).unparsed);
    assert.equal(unparsed.length, 1);
    assert.equal(unparsed[0].source, 'v1.29.X.md');
    assert.equal(unparsed[0].line, 19);
    assert.match(unparsed[0].reason, /runc: cell text "v1\.1\.12-" is not a version; used the link's tag v1\.1\.12/);
    const r = parseK3sReleaseNotes(readNotes('v1.29.X.md')).releases.find((x) => x.version === 'v1.29.6+k3s2')!;
    assert.equal(r.components.runc, 'v1.1.12');
  });

  it('exact values: dates, component versions, change items', () => {
    const v124 = parseK3sReleaseNotes(readNotes('v1.24.X.md')).releases;
    const r2417 = v124.find((r) => r.version === 'v1.24.17+k3s1')!;
    assert.equal(r2417.date, '2023-09-05');
    assert.equal(r2417.components.containerd, 'v1.7.3-k3s1');
    assert.equal(r2417.components.kine, 'v0.10.2');
    assert.equal(r2417.components['local-path-provisioner'], 'v0.0.24');
    assert.equal(r2417.changesSince, 'v1.24.16+k3s1');
    assert.equal(r2417.items[0].kind, 'security');
    assert.deepEqual(r2417.items[0].ids, ['CVE-2023-32187', 'GHSA-m4hf-6vgr-75r2']);
    assert.equal(r2417.items[0].title, 'IMPORTANT');
    const first = r2417.items.find((i) => i.origin === 'change')!;
    assert.equal(first.text, 'Update cni plugins version to v1.3.0 [(#8087)](https://github.com/k3s-io/k3s/pull/8087)');
    assert.equal(first.pr, 8087);
    const sub = r2417.items.filter((i) => i.depth === 1);
    assert.ok(sub.some((i) => i.text === 'Updated the embedded containerd to v1.7.3+k3s1'));
    assert.equal(v124[0].version, 'v1.24.1+k3s1');
    assert.equal(v124[0].date, '2022-06-11');

    const v135 = parseK3sReleaseNotes(readNotes('v1.35.X.md')).releases;
    assert.deepEqual(v135.map((r) => r.version), ['v1.35.0+k3s1', 'v1.35.0+k3s3', 'v1.35.1+k3s1', 'v1.35.2+k3s1', 'v1.35.3+k3s1', 'v1.35.4+k3s1']);
    const r354 = v135.at(-1)!;
    assert.equal(r354.date, '2026-04-27');
    assert.equal(r354.components.containerd, 'v2.2.3-k3s1');
    assert.equal(r354.components.traefik, 'v3.6.13');
    assert.equal(r354.items.length, 9);
    // `* - Bump to coredns 1.14.2` is a top-level item, its stray dash dropped.
    const r353 = v135.find((r) => r.version === 'v1.35.3+k3s1')!;
    assert.equal(r353.items[0].text.startsWith('Bump to coredns 1.14.2'), true);
    assert.equal(r353.items[0].depth, 0);

    const r3030 = parseK3sReleaseNotes(readNotes('v1.30.X.md')).releases.find((r) => r.version === 'v1.30.1+k3s1')!;
    assert.equal(r3030.components.kine, 'v0.11.8-0.20240430184817-f9ce6f8da97b');
  });

  it('keeps continuation lines with their item (v1.24.3+k3s1) and one-line sub-bullets (v1.26.0+k3s1)', () => {
    const r243 = parseK3sReleaseNotes(readNotes('v1.24.X.md')).releases.find((r) => r.version === 'v1.24.3+k3s1')!;
    const item = r243.items.find((i) => i.text.startsWith('Fixed a regression that caused ServiceLB'))!;
    assert.match(item.text, /\nManual cleanup of orphaned `svclb-\*` DaemonSets/);
    assert.equal(item.pr, 5824);
    const r260 = parseK3sReleaseNotes(readNotes('v1.26.X.md')).releases.find((r) => r.version === 'v1.26.0+k3s1')!;
    const etcd = r260.items.find((i) => i.text.startsWith('Update etcd to v3.5.5-k3s1'))!;
    assert.equal(etcd.depth, 1);
  });

  it('gives the same releases for CRLF, LF and mixed line endings', () => {
    const crlf = readNotes('v1.24.X.md');
    assert.ok(crlf.includes('\r\n'));
    const lf = crlf.replace(/\r\n/g, '\n');
    const mixed = lf.split('\n').map((l, i) => (i % 3 === 0 ? `${l}\r` : l)).join('\n');
    const a = parseK3sReleaseNotes(crlf);
    assert.deepEqual(parseK3sReleaseNotes(lf), a);
    assert.deepEqual(parseK3sReleaseNotes(mixed), a);
    const v135 = readNotes('v1.35.X.md');
    assert.deepEqual(parseK3sReleaseNotes(v135.replace(/\n/g, '\r\n')), parseK3sReleaseNotes(v135));
  });

  it('reports a table row without a section and a section without a row', () => {
    const text = readNotes('v1.35.X.md');
    const noSection = text.replace(/## Release \[v1\.35\.2\+k3s1\][^\n]*\n/, '');
    const a = parseK3sReleaseNotes(noSection);
    assert.equal(a.releases.length, 6);
    assert.ok(a.unparsed.some((u) => u.text === 'v1.35.2+k3s1' && /no release section/.test(u.reason)));
    const noRow = text.replace(/^\| \[v1\.35\.1\+k3s1\].*\n/m, '');
    const b = parseK3sReleaseNotes(noRow);
    assert.equal(b.tableRows, 5);
    assert.equal(b.releases.length, 6);
    assert.equal(b.releases.find((r) => r.version === 'v1.35.1+k3s1')!.date, undefined);
    assert.ok(b.unparsed.some((u) => /no row in the version table/.test(u.reason)));
  });

  it('reads the vertical "Embedded Component Versions" table of GitHub release bodies', () => {
    // Shape of a K3s GitHub release body (synthetic text in that format, values from v1.35.4+k3s1).
    const body = [
      '<!-- v1.35.4+k3s1 -->', '', 'This release updates Kubernetes to v1.35.4, and fixes a number of issues.', '',
      '## Changes since v1.35.3+k3s1:', '', '* Bump flannel to v0.28.4 [(#13939)](https://github.com/k3s-io/k3s/pull/13939)', '',
      '## Embedded Component Versions', '| Component | Version |', '|---|---|',
      '| Kubernetes | [v1.35.4](https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.35.md#v1354) |',
      '| Containerd | [v2.2.3-k3s1](https://github.com/k3s-io/containerd/releases/tag/v2.2.3-k3s1) |',
      '| Local-path-provisioner | [v0.0.35](https://github.com/rancher/local-path-provisioner/releases/tag/v0.0.35) |', '',
      '## Helpful Links', 'As always, we welcome and appreciate feedback from our community of users. Please feel free to:',
      '- [Open issues here](https://github.com/rancher/k3s/issues/new/choose)',
    ].join('\r\n');
    const { release, unparsed } = parseK3sGithubRelease('v1.35.4+k3s1', '2026-04-27T18:00:00Z', body);
    assert.deepEqual(unparsed, []);
    assert.equal(release!.date, '2026-04-27');
    assert.deepEqual(release!.components, { kubernetes: 'v1.35.4', containerd: 'v2.2.3-k3s1', 'local-path-provisioner': 'v0.0.35' });
    assert.equal(release!.items.length, 1);
    assert.equal(release!.items[0].pr, 13939);
  });
});
