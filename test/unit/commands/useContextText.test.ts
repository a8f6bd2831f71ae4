import * as assert from 'node:assert/strict';
import { useContextPrompt } from '../../../src/commands/useContextText';

describe('commands/useContextText (switching context says what it changes)', () => {
  it('the picker says that kubectl\'s current-context is rewritten in the file, for every terminal', () => {
    const p = useContextPrompt('/home/me/.kube/config');
    assert.match(p.placeHolder, /current-context in \/home\/me\/\.kube\/config/);
    assert.match(p.placeHolder, /every terminal/);
    assert.match(p.title, /kubectl's current context/);
  });
  it('the confirmation names the context and the file', () => {
    assert.equal(useContextPrompt(undefined).done('k3s-demo', '/tmp/kc'), "Switched kubectl's current context to k3s-demo in /tmp/kc.");
  });
});
