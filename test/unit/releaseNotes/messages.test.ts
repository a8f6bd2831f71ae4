import * as assert from 'node:assert/strict';
import { parseHostMessage, parsePageMessage, parsePageState } from '../../../src/webviews/releaseNotes/messages';

describe('webviews/releaseNotes messages', () => {
  it('accepts exactly the page messages of the union', () => {
    assert.deepEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parsePageMessage({ type: 'openLink', url: 'https://github.com/k3s-io/k3s' }), { type: 'openLink', url: 'https://github.com/k3s-io/k3s' });
  });

  it('rejects a wrong type, extra or missing fields, wrong field types and a command id', () => {
    const bad: unknown[] = [
      undefined, null, 'ready', 42, [], [{ type: 'ready' }],
      { type: 'Ready' }, { type: 'render' }, { type: 'executeCommand', command: 'upgradePlanner.useContext' },
      { type: 'ready', command: 'workbench.action.terminal.new' },
      { type: 'openLink' }, { type: 'openLink', url: 42 }, { type: 'openLink', url: 'https://github.com', command: 'x' },
      { type: 'openLink', url: `https://github.com/${'a'.repeat(5000)}` },
      JSON.parse('{"type":"ready","__proto__":{"x":1}}') as unknown,
    ];
    for (const m of bad) assert.equal(parsePageMessage(m), undefined, JSON.stringify(m));
  });

  it('the page accepts only a render with a title and a body', () => {
    assert.deepEqual(parseHostMessage({ type: 'render', title: 't', html: '<p>x</p>' }), { type: 'render', title: 't', html: '<p>x</p>' });
    for (const m of [{ type: 'render', title: 't' }, { type: 'render', title: 't', html: 1 }, { type: 'render', title: 't', html: '', extra: 1 }, { type: 'ready' }]) {
      assert.equal(parseHostMessage(m), undefined);
    }
  });

  it('state read back from the page is validated', () => {
    assert.deepEqual(parsePageState({ filter: 'cve' }), { filter: 'cve' });
    assert.equal(parsePageState({ filter: 1 }), undefined);
    assert.equal(parsePageState(undefined), undefined);
  });
});
