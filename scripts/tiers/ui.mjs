#!/usr/bin/env node
// UI tier: packages the extension, then runs test/ui/*.test.mjs with mocha (Playwright +
// Debian Chromium against code-server with the .vsix installed). Each run's screenshot goes to
// .test-runs/ui-<time>/; media/screenshot-explorer.png (the README's) is written when missing or
// when UPDATE_SCREENSHOT=1 (`npm run screenshot`), so a normal test run leaves git clean.
// KUBECONFIG: $UP_KUBECONFIG when set, else the editor tier's fixture.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureTools } from '../setup-tools.mjs';
import { newRunDir } from '../code-server/lib.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const media = join(root, 'media', 'screenshot-explorer.png');

function run(cmd, args, env = process.env) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env });
  return r.status ?? 1;
}

ensureTools();
console.log('[ui] npm run package');
if (run('npm', ['run', '--silent', 'package']) !== 0) {
  console.error('[ui] npm run package failed');
  process.exit(1);
}
const env = {
  ...process.env,
  UP_VSIX: join(root, 'dist', 'kube-upgrade-planner.vsix'),
  UP_KUBECONFIG_FILE: process.env.UP_KUBECONFIG ? resolve(process.env.UP_KUBECONFIG) : join(root, 'test', 'editor', 'fixtures', 'kubeconfig.yaml'),
  UP_RUN_DIR: newRunDir(root, 'ui'),
  ...(process.env.UPDATE_SCREENSHOT === '1' || !existsSync(media) ? { UP_SCREENSHOT_OUT: media } : {}),
};
const mocha = join(root, 'node_modules', 'mocha', 'bin', 'mocha.js');
process.exit(run(process.execPath, [mocha, '--no-config', '--reporter', 'spec', '--no-color', '--exit', '--timeout', '180000', 'test/ui/*.test.mjs'], env));
