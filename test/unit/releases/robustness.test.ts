import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  parseK3sReleaseNotes, parseK3sGithubRelease, parseUrgentUpgradeNotes, parseRookPendingNotes, parseRookUpgradeGuide, parseRookTags,
  classifyItem, parseReleaseDate, validateCatalogData,
} from '../../../src/core/releases';
import { readNotes } from './helpers';

/** Markdown-ish fragments that steer random text into the parsers' branches. */
const fragment = fc.constantFrom(
  '---', 'title: v1.99.X', '# v1.99.X', '| Version | Release date | Kubernetes |', '| ----- | ----- | ----- |',
  '| [v1.99.1+k3s1](x) | Jan 01 2030| [v1.99.1](y) |', '| [v1.99.2+k3s1](x) | Foo 99 2030| [](y) |', '## Release [v1.99.1+k3s1](z)',
  '## Release [not-a-version](z)', '<!-- v1.99.2+k3s1 -->', '### Changes since v1.99.0+k3s1:', '* item [(#1)](u)', '  * sub', '* ', '* * nested',
  ':::warning Title', ':::', '> ## ⚠️ WARNING', '> quoted', '**Bold**', '| Component | Version |', '|---|---|', '| Kubernetes | [v1](u) |',
  '## Embedded Component Versions', '## Helpful Links', '## Urgent Upgrade Notes', '## Breaking Changes', '- breaking', '```', 'CVE-2024-0001',
  '\r', '\r\n', '', '    indented',
);
const markdownish = fc.array(fc.oneof(fragment, fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 })), { maxLength: 60 }).map((a) => a.join('\n'));

describe('release-note parsers on untrusted input', () => {
  it('never throw on random text, and account for every line outside release sections (property)', () => {
    fc.assert(fc.property(markdownish, (text) => {
      const r = parseK3sReleaseNotes(text);
      assert.ok(Array.isArray(r.releases));
      for (const u of r.unparsed) {
        assert.equal(typeof u.reason, 'string');
        assert.ok(u.line >= 0);
      }
      assert.ok(r.tableRows - r.unparsed.filter((u) => /duplicate row/.test(u.reason)).length <= r.releases.length);
      parseK3sGithubRelease('v1.30.0+k3s1', text, text);
      parseUrgentUpgradeNotes(text, '1.30');
      parseRookPendingNotes(text);
      parseRookUpgradeGuide(text);
      parseRookTags(text);
      classifyItem(text);
      parseReleaseDate(text);
    }), { numRuns: 300 });
  });

  it('report plain text outside any release as unparsed, line by line (property)', () => {
    const plain = fc.array(fc.stringMatching(/^[A-Za-z][A-Za-z0-9 ,.]{0,30}$/), { minLength: 1, maxLength: 20 });
    fc.assert(fc.property(plain, (lines) => {
      const r = parseK3sReleaseNotes(lines.join('\n'));
      assert.deepEqual(r.releases, []);
      assert.deepEqual(r.unparsed.map((u) => u.line), lines.map((_, i) => i + 1));
      assert.ok(r.unparsed.every((u) => u.reason === 'text outside any release section'));
    }), { numRuns: 100 });
  });

  it('never throw on mutated fixture text, and keep what is intact (property)', () => {
    const original = readNotes('v1.33.X.md');
    const lines = original.split('\n');
    const mutation = fc.array(fc.record({
      at: fc.nat({ max: lines.length - 1 }),
      op: fc.constantFrom('delete', 'duplicate', 'truncate', 'garble', 'crlf'),
      text: fc.string({ maxLength: 30 }),
    }), { maxLength: 15 });
    fc.assert(fc.property(mutation, (muts) => {
      const copy = [...lines];
      for (const m of muts) {
        const i = Math.min(m.at, copy.length - 1);
        if (i < 0) break;
        if (m.op === 'delete') copy.splice(i, 1);
        else if (m.op === 'duplicate') copy.splice(i, 0, copy[i]);
        else if (m.op === 'truncate') copy[i] = copy[i].slice(0, Math.floor(copy[i].length / 2));
        else if (m.op === 'garble') copy[i] = m.text + copy[i].slice(m.text.length);
        else copy[i] = `${copy[i]}\r`;
      }
      const r = parseK3sReleaseNotes(copy.join('\n'));
      assert.ok(r.releases.length <= 9 + muts.length);
      // Every surviving table row is a release, or is reported as a duplicate.
      const duplicates = r.unparsed.filter((u) => /duplicate row/.test(u.reason)).length;
      assert.ok(r.releases.length >= r.tableRows - duplicates);
    }), { numRuns: 150 });
  });

  it('validateCatalogData never throws on random JSON (property)', () => {
    fc.assert(fc.property(fc.jsonValue(), (json) => {
      validateCatalogData(json);
      validateCatalogData({ schemaVersion: 1, k3s: json, rook: json, ceph: json, unparsed: json, kubernetesUrgentNotes: json, rookSupport: json });
    }), { numRuns: 200 });
  });
});
