#!/usr/bin/env node
// Runs every test tier in order and prints the wall time of each and one closing line
// "tests: N passed, N failed, N skipped". `node scripts/test.mjs [tier…]` runs only those tiers.
// Tiers: static (typecheck + lint + no import cycles), unit, cluster, editor, ui.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const npx = (args) => ['npx', ['--no-install', ...args]];
const tiers = {
  static: [npx(['tsc', '--noEmit', '-p', '.']), npx(['eslint', '.']), ['node', ['scripts/check-cycles.mjs', 'src']]],
  unit: [npx(['mocha', '--config', 'test/unit/.mocharc.json'])],
  cluster: [['node', ['scripts/tiers/cluster.mjs']]],
  editor: [['node', ['scripts/tiers/editor.mjs']]],
  ui: [['node', ['scripts/tiers/ui.mjs']]],
};

const wanted = process.argv.slice(2);
for (const w of wanted) {
  if (!(w in tiers)) {
    console.error(`Unknown tier "${w}". Tiers: ${Object.keys(tiers).join(', ')}`);
    process.exit(2);
  }
}
const selected = wanted.length ? wanted : Object.keys(tiers);

function run(cmd, args) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    // The children's errors go to standard output too, in order, so the closing line below is the last line of the
    // log however a reader joins the two streams.
    child.stderr.on('data', (d) => { out += d; process.stdout.write(d); });
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 1 : 0), out }));
  });
}

/** Mocha's spec reporter closes with "N passing", "N failing", "N pending"; sum every occurrence. */
function counts(out) {
  const sum = (re) => [...out.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
  return { passed: sum(/^\s*(\d+) passing/gm), failed: sum(/^\s*(\d+) failing/gm), skipped: sum(/^\s*(\d+) pending/gm) };
}

/**
 * Mocha's failure blocks (from "N failing" to the end of the run), colours stripped and capped, so the
 * summary at the very end of a long log still says which test failed and why.
 */
function failures(out) {
  // eslint-disable-next-line no-control-regex
  const plain = out.replace(/\x1b\[[0-9;]*m/g, '');
  const blocks = [];
  for (const m of plain.matchAll(/^\s*\d+ failing\s*$/gm)) {
    const rest = plain.slice(m.index);
    const lines = rest.split('\n').slice(1).filter((l) => !/^\s+at /.test(l));
    blocks.push(lines.slice(0, 40).join('\n').trim());
  }
  return blocks;
}

const summary = [];
const failed = [];
let failedTiers = 0;
const total = { passed: 0, failed: 0, skipped: 0 };
for (const tier of selected) {
  const start = Date.now();
  let code = 0;
  let tierCounts = { passed: 0, failed: 0, skipped: 0 };
  const tierFailures = [];
  console.log(`\n[tier ${tier}]`);
  for (const [cmd, args] of tiers[tier]) {
    const r = await run(cmd, args);
    const c = counts(r.out);
    tierFailures.push(...failures(r.out));
    tierCounts = { passed: tierCounts.passed + c.passed, failed: tierCounts.failed + c.failed, skipped: tierCounts.skipped + c.skipped };
    if (r.code !== 0) {
      code = r.code;
      break;
    }
  }
  const secs = ((Date.now() - start) / 1000).toFixed(1);
  if (code !== 0) failedTiers++;
  // A tier that failed without a mocha failure line (a crash, a lint error) still counts as one failure.
  if (code !== 0 && tierCounts.failed === 0) tierCounts.failed = 1;
  for (const k of Object.keys(total)) total[k] += tierCounts[k];
  // Per tier in mocha's words; the one "N passed, N failed" line is the closing line, so no reader of the log takes
  // a tier's count (the static tier runs no test) for the run's.
  const counted = tier === 'static' ? 'checks only' : `${tierCounts.passed} passing, ${tierCounts.failed} failing, ${tierCounts.skipped} pending`;
  summary.push(`${tier.padEnd(8)} ${code === 0 ? 'ok  ' : 'FAIL'} ${secs.padStart(7)} s  ${counted}`);
  for (const f of tierFailures) failed.push(`--- ${tier} ---\n${f}`);
}

if (failed.length) console.log(`\nFailures:\n${failed.join('\n\n')}`);
console.log('\nSummary by tier:');
for (const line of summary) console.log(line);
console.log(`tests: ${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exitCode = failedTiers === 0 && total.failed === 0 ? 0 : 1;
