/**
 * Workspace and cluster input on growing hostile sizes: `npx tsx bench/workspace-input.bench.ts`.
 * - a risk file's `from` regex `(a+)+$` on `aaa…b` versions: the RE2 engine the extension uses
 *   (src/core/text/userRegex.ts) beside JavaScript's backtracking RegExp (what ran before);
 * - risk files and plans with many keys and deep nesting through the YAML gate (src/core/yaml), beside
 *   the `yaml` library's default parse (its duplicate-key check is quadratic);
 * - `sameServer` on long URLs.
 * The growth column is the time ratio per doubling: about 2 for linear, 4 for quadratic.
 */
import { performance } from 'node:perf_hooks';
import { parseDocument } from 'yaml';
import { sameServer } from '../src/core/cluster/pinnedPlans';
import { parsePlan } from '../src/core/plans';
import { parseRiskFile } from '../src/core/risks';
import { userRegexTest } from '../src/core/text/userRegex';

function ms(fn: () => unknown): number {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function row(label: string, sizes: readonly number[], times: readonly number[]): void {
  const cells = times.map((t, i) => {
    const growth = i > 0 && times[i - 1] >= 5 && t >= 5 ? ` (×${(t / times[i - 1]).toFixed(1)})` : '';
    return `${sizes[i].toLocaleString('en-US')}: ${t.toFixed(t < 10 ? 2 : 0)} ms${growth}`;
  });
  console.log(`${label.padEnd(44)} ${cells.join('  ')}`);
}

function regexes(): void {
  console.log('\n— user regex `(a+)+$` on "a…ab" (length)');
  const short = [18, 20, 22, 24];
  row('JavaScript RegExp (before)', short, short.map((n) => ms(() => /(a+)+$/.test(`${'a'.repeat(n)}b`))));
  const long = [10_000, 20_000, 40_000, 80_000]; // inputs over 100,000 characters are refused (no match)
  userRegexTest('(a+)+$', 'warm-up');
  row('RE2 (userRegex, now)', long, long.map((n) => ms(() => userRegexTest('(a+)+$', `${'a'.repeat(n)}b`))));
}

function riskFile(keys: number): string {
  const lines = ['apiVersion: upgradeplanner.dev/v1alpha1', 'kind: UpgradeRisk', 'name: bulk', 'component: kubernetes', "from: '^v1'", 'to: v1.30.0', 'message: m', 'extra:'];
  for (let i = 0; i < keys; i++) lines.push(`  k${i}: ${i}`);
  return lines.join('\n');
}

function nested(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

function yamlInputs(): void {
  console.log('\n— YAML (keys in one mapping)');
  const keys = [2_000, 4_000, 8_000, 16_000];
  row('yaml parseDocument, default (before)', keys, keys.map((n) => ms(() => parseDocument(riskFile(n)))));
  row('risk file through the gate (now)', keys, keys.map((n) => ms(() => parseRiskFile(riskFile(n)))));
  row('plan through the gate (now)', keys, keys.map((n) => ms(() => parsePlan(riskFile(n).replace('kind: UpgradeRisk', 'kind: UpgradePlan')))));
  console.log('\n— YAML nesting depth');
  const depths = [1_000, 2_000, 4_000];
  row('plan through the gate (refused at depth 64)', depths, depths.map((n) => ms(() => parsePlan(nested(n)))));
}

function urls(): void {
  console.log('\n— sameServer on a URL of slashes (characters)');
  const sizes = [500, 1_000, 2_000, 200_000]; // URLs over 2,048 characters match no server
  row('sameServer (now)', sizes, sizes.map((n) => ms(() => sameServer(`https://h${'/'.repeat(n)}x`, 'https://h'))));
}

regexes();
yamlInputs();
urls();
