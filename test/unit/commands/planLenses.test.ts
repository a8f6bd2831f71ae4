import * as assert from 'node:assert/strict';
import { contextNameOf, releaseNotesRowOf } from '../../../src/commands/args';
import { planLensesOf } from '../../../src/commands/planLenses';
import type { CommandTable } from '../../../src/commands/types';

describe('commands/planLenses', () => {
  it('the plan lenses are exactly the plan actions of the command table, in table order', () => {
    const table: CommandTable = {
      'upgradePlanner.refreshClusters': { run: () => undefined },
      'upgradePlanner.preflight': { run: () => undefined, planLens: { title: 'Preflight', icon: 'checklist' } },
      'upgradePlanner.showLog': { run: () => undefined },
      'upgradePlanner.execute': { run: () => undefined, planLens: { title: 'Execute', icon: 'play', tooltip: 'Run the plan' } },
    };
    assert.deepEqual(planLensesOf(table), [
      { command: 'upgradePlanner.preflight', title: 'Preflight', icon: 'checklist' },
      { command: 'upgradePlanner.execute', title: 'Execute', icon: 'play', tooltip: 'Run the plan' },
    ]);
  });

  it('a table without plan actions gives no lens (no stand-in command)', () => {
    assert.deepEqual(planLensesOf({ 'upgradePlanner.showLog': { run: () => undefined } }), []);
  });
});

describe('commands/args', () => {
  it('reads the context from a string, a { contextName } object or a row with a contextName getter', () => {
    class Row {
      get contextName(): string {
        return 'ctx-from-row';
      }
    }
    assert.equal(contextNameOf('a'), 'a');
    assert.equal(contextNameOf({ contextName: 'b' }), 'b');
    assert.equal(contextNameOf(new Row()), 'ctx-from-row');
    assert.equal(contextNameOf({ contextName: 3 }), undefined);
    assert.equal(contextNameOf(undefined), undefined);
  });

  it('a row with release notes of its own says where; other arguments are not such rows', () => {
    class VersionRow {
      releaseNotesUrl(): string | undefined {
        return 'https://example.invalid/notes';
      }
    }
    assert.equal(releaseNotesRowOf(new VersionRow())?.releaseNotesUrl(), 'https://example.invalid/notes');
    assert.equal(releaseNotesRowOf({ contextName: 'a' }), undefined);
    assert.equal(releaseNotesRowOf('a'), undefined);
  });
});
