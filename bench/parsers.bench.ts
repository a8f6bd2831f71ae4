/**
 * Release-note parsers on growing hostile inputs: `npx tsx bench/parsers.bench.ts [maxChars]`.
 * Each parser runs on each input shape at 10k, 20k, 40k, 80k, 160k characters (up to maxChars); the
 * growth column is the time ratio per doubling — about 2 for a linear parser, 4 for a quadratic one.
 * A pair that takes longer than 4 s stops growing (shown as `skip`); a ratio is shown where both times
 * are ≥ 5 ms (below that it is noise). `PARSERS_SRC=<dir>` times another copy of src/core/releases
 * (e.g. the previous commit's, extracted with `git show`), for before/after; `PARSERS_ONLY=<regex>`
 * runs the pairs whose "parser input" label matches.
 */
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';

type Parsers = typeof import('../src/core/releases');

const SIZES = [10_000, 20_000, 40_000, 80_000, 160_000].filter((n) => n <= Number(process.argv[2] ?? Infinity));
const GIVE_UP_MS = 4000;

/** Input shapes, each `n` characters of body text (the wrappers below add a few dozen). */
const SHAPES: Record<string, (n: number) => string> = {
  'space run in a line': (n) => `* a${' '.repeat(n)}b`,
  'line without newline': (n) => `* ${'x'.repeat(n)}`,
  'heading of #': (n) => `## a${'#'.repeat(n)}b`,
  'heading of spaces': (n) => `## a${' '.repeat(n)}b`,
  'nested list': (n) => {
    const out: string[] = [];
    let size = 0;
    for (let d = 0; size < n; d++) {
      const l = `${'  '.repeat(d)}* x`;
      out.push(l);
      size += l.length + 1;
    }
    return out.join('\n');
  },
  'fix … without period': (n) => `* ${'fix '.repeat(n / 4)}`,
  'PR link openers': (n) => `* ${'[(#1)]('.repeat(n / 7)}`,
  'wide version table': (n) => `| Version | Kubernetes |${' c |'.repeat(n / 8)}\n${'| v1.1.1+k3s1 |\n'.repeat(n / 30)}`,
  'security wording': (n) => `* ${'reject fix token leak without verifying the anonymous '.repeat(n / 56)}`,
  'many short lines': (n) => '* a fix for CVE-2024-0001 [(#1)](u)\n'.repeat(n / 36),
};

function wrappers(p: Parsers, sections: (t: string) => unknown): Record<string, (body: string) => unknown> {
  return {
    'k3s docs file': (b) => p.parseK3sReleaseNotes(`## Release [v1.30.1+k3s1](x)\n\n### Changes since v1.30.0+k3s1:\n\n${b}\n`),
    'k3s docs preamble': (b) => p.parseK3sReleaseNotes(`# v1.30.X\n\n${b}\n`),
    'k3s GitHub body': (b) => p.parseK3sGithubRelease('v1.30.1+k3s1', '2024-01-01', `## Changes since v1.30.0+k3s1:\n\n${b}\n`),
    'urgent notes': (b) => p.parseUrgentUpgradeNotes(`## Urgent Upgrade Notes\n\n${b}\n`, '1.30'),
    'rook pending notes': (b) => p.parseRookPendingNotes(`# v1.14 Pending Release Notes\n\n## Breaking Changes\n\n${b}\n`),
    'rook upgrade guide': (b) => p.parseRookUpgradeGuide(`## Breaking changes in v1.20\n\n${b}\n`),
    'rook tags': (b) => p.parseRookTags(b),
    'sections': (b) => sections(`## Features\n\n${b}\n`),
    'classify item': (b) => p.classifyItem(b),
  };
}

function timeOnce(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

async function main(): Promise<void> {
  const dir = resolve(process.env.PARSERS_SRC ?? join(__dirname, '..', 'src', 'core', 'releases'));
  const p = (await import(join(dir, 'index.ts'))) as Parsers;
  const s = (await import(join(dir, 'sections.ts'))) as { parseSections: (t: string) => unknown };
  console.log(`parsers from ${dir}`);
  console.log(`${'parser'.padEnd(20)} ${'input'.padEnd(22)} ${SIZES.map((n) => `${n / 1000}k`.padStart(9)).join('')}   growth per doubling`);
  let worst = 0;
  const only = process.env.PARSERS_ONLY ? new RegExp(process.env.PARSERS_ONLY, 'i') : undefined;
  for (const [wname, wrap] of Object.entries(wrappers(p, s.parseSections))) {
    for (const [sname, shape] of Object.entries(SHAPES)) {
      if (only && !only.test(`${wname} ${sname}`)) continue;
      const times: (number | undefined)[] = [];
      let gaveUp = false;
      for (const n of SIZES) {
        if (gaveUp) {
          times.push(undefined);
          continue;
        }
        const body = shape(n);
        const t = Math.min(timeOnce(() => wrap(body)), timeOnce(() => wrap(body)), timeOnce(() => wrap(body)));
        times.push(t);
        if (t > GIVE_UP_MS) gaveUp = true;
      }
      const ratios: string[] = [];
      for (let i = 1; i < times.length; i++) {
        const a = times[i - 1];
        const b = times[i];
        // Below ~5 ms the ratio is timer and GC noise, not growth.
        if (a === undefined || b === undefined || a < 5 || b < 5) continue;
        const r = b / Math.max(a, 0.01);
        worst = Math.max(worst, r);
        ratios.push(r.toFixed(1));
      }
      const cells = times.map((t) => (t === undefined ? 'skip' : t < 10 ? t.toFixed(2) : t.toFixed(0)).padStart(9)).join('');
      console.log(`${wname.padEnd(20)} ${sname.padEnd(22)} ${cells}   ${ratios.join(' ') || '(too fast to tell)'}`);
    }
  }
  console.log(`worst growth per doubling: ${worst.toFixed(1)} (≈2 linear, ≈4 quadratic); times in ms, best of 3`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
