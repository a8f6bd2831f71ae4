// The command table against package.json without the editor: `vscode` is stubbed for the import only
// (the table's handlers are not run). The editor tier checks the same against the real registry.
import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import { planLensesOf } from '../../../src/commands/planLenses';
import type { CommandTable } from '../../../src/commands/types';

interface ModuleInternals {
  _resolveFilename: (request: string, ...rest: unknown[]) => string;
}

function withStubVscode<T>(load: () => T): T {
  const internals = Module as unknown as ModuleInternals;
  const resolve = internals._resolveFilename;
  internals._resolveFilename = (request, ...rest) => (request === 'vscode' ? 'vscode' : resolve.call(Module, request, ...rest));
  const cache = require.cache as Record<string, unknown>;
  cache.vscode = { id: 'vscode', filename: 'vscode', loaded: true, exports: {} };
  try {
    return load();
  } finally {
    internals._resolveFilename = resolve;
    delete cache.vscode;
  }
}

describe('commands/index (command table)', () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { commandTable } = withStubVscode(() => require('../../../src/commands') as { commandTable: CommandTable });
  const manifest = JSON.parse(readFileSync(path.join(__dirname, '../../../package.json'), 'utf8')) as { contributes: { commands: { command: string }[] } };

  it('declares in package.json exactly the commands of the table', () => {
    assert.deepEqual(Object.keys(commandTable).sort(), manifest.contributes.commands.map((c) => c.command).sort());
  });

  it('one flow, one command: "New Plan from Cluster…" in the palette and on a cluster row, no second name', () => {
    const menus = (manifest.contributes as unknown as { menus: Record<string, { command: string; when?: string }[]> }).menus;
    const titles = manifest.contributes.commands.map((c) => (c as { title?: string }).title ?? '');
    assert.ok(!('upgradePlanner.createPlanFromCluster' in commandTable));
    assert.equal(titles.filter((t) => /plan/i.test(t) && /cluster/i.test(t)).length, 1, titles.join(', '));
    const onContext = menus['view/item/context']?.filter((m) => /upgradePlanner\\\.context/.test(m.when ?? '') && /plan/i.test(m.command));
    assert.deepEqual(onContext?.map((m) => m.command), ['upgradePlanner.newPlanFromCluster']);
    assert.ok(!(menus.commandPalette ?? []).some((m) => m.command === 'upgradePlanner.newPlanFromCluster' && m.when === 'false'));
  });

  it('each plan lens belongs to a command of the table (no hidden stand-in command)', () => {
    for (const lens of planLensesOf(commandTable)) assert.ok(lens.command in commandTable, lens.command);
  });
});
