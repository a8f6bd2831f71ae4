import * as assert from 'node:assert/strict';
import { parseRookPendingNotes, parseRookTags, parseRookUpgradeGuide, parseUrgentUpgradeNotes } from '../../../src/core/releases';
import { readData } from './helpers';

describe('Kubernetes urgent upgrade notes', () => {
  it('parses the v1.29, v1.31 and v1.32 excerpts', () => {
    const n29 = parseUrgentUpgradeNotes(readData('upstream/kubernetes/CHANGELOG-1.29-urgent-upgrade-notes.md'), '1.29');
    assert.equal(n29.notes.none, false);
    assert.equal(n29.notes.items.length, 2);
    assert.match(n29.notes.items[1].text, /^`kubeadm`: a separate "super-admin\.conf" file/);
    assert.deepEqual(n29.unparsed, []);
    const n31 = parseUrgentUpgradeNotes(readData('upstream/kubernetes/CHANGELOG-1.31-urgent-upgrade-notes.md'), '1.31');
    assert.equal(n31.notes.items.length, 3);
    assert.equal(n31.notes.items[0].text.split('\n').length, 7, 'continuation lines stay with their item');
    assert.deepEqual(n31.notes.items.map((i) => i.kind), ['breaking', 'deprecation', 'breaking']);
    assert.equal(n31.notes.url, 'https://github.com/kubernetes/kubernetes/blob/master/CHANGELOG/CHANGELOG-1.31.md#urgent-upgrade-notes');
    const n32 = parseUrgentUpgradeNotes(readData('upstream/kubernetes/CHANGELOG-1.32-urgent-upgrade-notes.md'), '1.32');
    assert.equal(n32.notes.none, true);
    assert.deepEqual(n32.notes.items, []);
  });

  it('treats a changelog without the section as "none" (v1.30)', () => {
    const r = parseUrgentUpgradeNotes('## Changelog since v1.29.0\n\n## Changes by Kind\n\n- something', '1.30');
    assert.equal(r.notes.none, true);
  });
});

describe('Rook release notes', () => {
  it('reads breaking changes and features of each pre-release history file', () => {
    const counts = ['pre-v1.12.0', 'pre-v1.13.0', 'pre-v1.14.0', 'pre-v1.15.0', 'pre-v1.16.0'].map((d) => {
      const r = parseRookPendingNotes(readData('upstream/rook/history', d, 'PendingReleaseNotes.md'), d);
      assert.deepEqual(r.unparsed, []);
      return [r.minor, r.breaking.length, r.features.length];
    });
    assert.deepEqual(counts, [['1.12', 0, 2], ['1.13', 3, 3], ['1.14', 3, 9], ['1.15', 5, 5], ['1.16', 2, 6]]);
    const r16 = parseRookPendingNotes(readData('upstream/rook/history/pre-v1.16.0/PendingReleaseNotes.md'));
    assert.equal(r16.breaking[0].text, 'Removed support for Ceph Quincy (v17) since it has reached end of life');
    assert.equal(r16.breaking[0].origin, 'rook-breaking');
  });

  it('reads the breaking changes of the upgrade guide with its target minor', () => {
    const g = parseRookUpgradeGuide(readData('upstream/rook/Upgrade/rook-upgrade.md'));
    assert.equal(g.minor, '1.20');
    assert.equal(g.breaking.length, 2);
    assert.equal(g.breaking[1].text, 'The minimum supported Kubernetes version is v1.31.');
    assert.deepEqual(g.unparsed, []);
  });

  it('keeps GA tags only', () => {
    const t = parseRookTags(readData('upstream/rook/TAGS.txt'));
    assert.equal(t.versions.length, 115);
    assert.equal(t.versions.includes('v1.19.10'), true);
    assert.equal(t.versions.some((v) => v.includes('-')), false);
    assert.deepEqual(t.unparsed, []);
  });
});
