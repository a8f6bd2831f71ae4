import * as assert from 'node:assert/strict';
import {
  parseK3sReleaseNotes, parseK3sGithubRelease, parseUrgentUpgradeNotes, parseRookPendingNotes, parseRookUpgradeGuide, parseRookTags, classifyItem, assembleCatalog,
} from '../../../src/core/releases';
import { LINE_MAX_CHARS, MAX_REPORTS, RELEASE_BODY_MAX_CHARS, findPullRequest } from '../../../src/core/releases/text';
import { underBudget } from '../helpers/timing';

/**
 * Inputs large enough to show super-linear growth: on the previous parsers each of these took from
 * seconds to minutes (a 40k-character run of spaces: 4 s; "fix " × 20k: 12 s); a linear parser takes
 * milliseconds. The budget is generous (1 s per call), and a call over it is timed again (the fastest of
 * up to 3 runs counts) so a slow or loaded machine does not make the test flaky.
 * bench/parsers.bench.ts prints the growth per doubling.
 */
const N = 200_000;
const BUDGET_MS = 1000;

const SHAPES: Record<string, string> = {
  'a run of spaces inside a line': `* a${' '.repeat(N)}b`,
  'a heading ending in #': `## a${'#'.repeat(N)}b`,
  'a heading with a run of spaces': `## a${' '.repeat(N)}b`,
  'a deeply nested list': Array.from({ length: 440 }, (_, d) => `${'  '.repeat(d)}* x`).join('\n'),
  '"fix" words without a period': `* ${'fix '.repeat(N / 4)}`,
  'PR link openers': `* ${'[(#1)]('.repeat(N / 7)}`,
  'an admonition of letters': `:::${'a'.repeat(N)}\u2028`,
  'a quote heading with spaces': `> #${' '.repeat(N)}\u2028`,
  'a wide version table over many rows': `| Version | Kubernetes |${' c |'.repeat(N / 8)}\n${'| v1.1.1+k3s1 |\n'.repeat(N / 30)}`,
};

const PARSERS: Record<string, (text: string) => unknown> = {
  'k3s docs file': (b) => parseK3sReleaseNotes(`## Release [v1.30.1+k3s1](x)\n\n### Changes since v1.30.0+k3s1:\n\n${b}\n`),
  'k3s docs preamble': (b) => parseK3sReleaseNotes(`# v1.30.X\n\n${b}\n`),
  'k3s GitHub body': (b) => parseK3sGithubRelease('v1.30.1+k3s1', '2024-01-01', `## Changes since v1.30.0+k3s1:\n\n${b}\n`),
  'urgent notes': (b) => parseUrgentUpgradeNotes(`## Urgent Upgrade Notes\n\n${b}\n`, '1.30'),
  'rook pending notes': (b) => parseRookPendingNotes(`# v1.14 Pending Release Notes\n\n## Breaking Changes\n\n${b}\n`),
  'rook upgrade guide': (b) => parseRookUpgradeGuide(`## Breaking changes in v1.20\n\n${b}\n`),
  'rook tags': (b) => parseRookTags(b),
  'classify': (b) => classifyItem(b),
};

/** The fastest wall time of `fn` in ms, timed again only while over the budget. */
const elapsed = (fn: () => unknown): number => underBudget(BUDGET_MS, fn).ms;

describe('release-note parsers on hostile input stay linear', () => {
  for (const [pname, parse] of Object.entries(PARSERS)) {
    it(`${pname}: each hostile shape of ~${N / 1000}k characters in < ${BUDGET_MS} ms`, () => {
      for (const [sname, text] of Object.entries(SHAPES)) {
        const ms = elapsed(() => parse(text));
        assert.ok(ms < BUDGET_MS, `${pname} on ${sname}: ${ms.toFixed(0)} ms`);
      }
    });
  }

  it('classifies a long item without a period in linear time, and still sees "fixed … regression"', () => {
    assert.ok(elapsed(() => classifyItem(`Fix ${'fix '.repeat(N / 4)}`)) < BUDGET_MS);
    assert.equal(classifyItem('Fixed a regression that caused ServiceLB DaemonSets to remain'), 'other');
    assert.equal(classifyItem('Fixed the logs. A regression in v1.30 remains'), 'known-issue');
  });

  it('finds the PR number of an item by scanning from its end', () => {
    assert.equal(findPullRequest('Bump Traefik (#13969) [(#13970)](https://github.com/k3s-io/k3s/pull/13970)  '), 13970);
    assert.equal(findPullRequest('Revert "x" (#11113)'), 11113);
    assert.equal(findPullRequest('x [(#12345678)](u)'), undefined);
    assert.equal(findPullRequest('x [(#1)](a(b)'), 1);
    assert.equal(findPullRequest('x [(#1)](u) trailing'), undefined);
    assert.ok(elapsed(() => findPullRequest(`${'[(#1)]('.repeat(N / 7)})`)) < BUDGET_MS);
  });
});

describe('release-note parsers cap what they read', () => {
  it('a text of a million junk lines gives a bounded list of reports, and assembling it does not overflow the stack', () => {
    const text = 'x\n'.repeat(1_000_000);
    const r = parseK3sReleaseNotes(text, 'junk.md');
    assert.equal(r.unparsed.length, MAX_REPORTS + 1);
    assert.match(r.unparsed.at(-1)!.reason, /^999500 more problems after the first 500 not listed$/);
    const data = assembleCatalog({ k3sNotes: [{ name: 'junk.md', text }] });
    assert.equal(data.k3s.length, 0);
  });

  it(`a GitHub release body is read up to ${RELEASE_BODY_MAX_CHARS} characters (GitHub's limit), the cut reported`, () => {
    const item = '* Bump something [(#1)](https://github.com/k3s-io/k3s/pull/1)\n';
    const body = `## Changes since v1.30.0+k3s1:\n\n${item.repeat(Math.ceil(300_000 / item.length))}`;
    const r = parseK3sGithubRelease('v1.30.1+k3s1', undefined, body, 'gh');
    assert.ok(r.release);
    assert.ok(r.release.items.length < RELEASE_BODY_MAX_CHARS / item.length + 1);
    assert.ok(r.release.items.length > 1000);
    const cut = r.unparsed.find((u) => /longer than 125000 characters; the rest is not read/.test(u.reason));
    assert.ok(cut, JSON.stringify(r.unparsed.slice(0, 3)));
    assert.equal(cut.source, 'gh');
  });

  it(`a line longer than ${LINE_MAX_CHARS} characters is cut and reported, the rest of the file still read`, () => {
    const text = `# v1.30.X\n\n${'x'.repeat(50_000)}\n## Release [v1.30.1+k3s1](x)\n\n### Changes since v1.30.0+k3s1:\n\n* ok [(#2)](u)\n`;
    const r = parseK3sReleaseNotes(text, 'f.md');
    assert.equal(r.releases[0].items[0].text, 'ok [(#2)](u)');
    const long = r.unparsed.find((u) => u.line === 3 && /line of 50000 characters; only its first 10000 are read/.test(u.reason));
    assert.ok(long);
    assert.ok(long.text.length <= 200);
  });
});
