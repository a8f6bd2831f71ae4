#!/usr/bin/env node
// Runs every benchmark in bench/ (or those whose file name contains an argument) and lets each print its figures.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const filters = process.argv.slice(2);
const benches = readdirSync(join(root, 'bench'))
  .filter((f) => /\.bench\.(ts|mjs)$/.test(f))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
let failed = 0;
for (const b of benches) {
  console.log(`\n=== bench/${b} ===`);
  const cmd = b.endsWith('.ts') ? ['npx', ['--no-install', 'tsx', join('bench', b)]] : ['node', [join('bench', b)]];
  const r = spawnSync(cmd[0], cmd[1], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
