// Entry point the extension host calls (`extensionTestsPath`): runs every *.test.js bundled
// next to this file with mocha's spec reporter, and rejects when a test fails so that the
// host exits non-zero.
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';

/** Keep in sync with scripts/code-server/vscode-test-host.mjs. */
const MOCHA_MARK = '[mocha] ';

export async function run(): Promise<void> {
  // The window log receives console arguments unformatted: hand it finished lines ("✔ title (12ms)"),
  // each marked so that scripts/code-server/vscode-test-host.mjs can tell them from the workbench's chatter.
  Mocha.reporters.Base.consoleLog = (...args: unknown[]) =>
    console.log(format(...args).split('\n').map((line) => MOCHA_MARK + line).join('\n'));
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  for (const file of readdirSync(__dirname).filter((f) => f.endsWith('.test.js')).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) {
    throw new Error(`${failures} editor test(s) failed`);
  }
}
