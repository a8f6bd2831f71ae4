import * as assert from 'node:assert/strict';
import { contentSecurityPolicy, newNonce } from '../../../src/webviews/releaseNotes/csp';
import { pageShell } from '../../../src/webviews/releaseNotes/html';

describe('webviews/releaseNotes CSP', () => {
  it('denies by default; scripts only by nonce; styles, images and fonts from the webview source', () => {
    const csp = contentSecurityPolicy('https://file+.vscode-resource.vscode-cdn.net', 'abc123==');
    assert.equal(csp, "default-src 'none'; script-src 'nonce-abc123=='; style-src https://file+.vscode-resource.vscode-cdn.net; img-src https://file+.vscode-resource.vscode-cdn.net; font-src https://file+.vscode-resource.vscode-cdn.net; base-uri 'none'; form-action 'none'");
    assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval|connect-src|\*/);
  });

  it('a fresh nonce per render', () => {
    const a = newNonce();
    const b = newNonce();
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9+/]{22}==$/);
  });

  it('refuses a source or nonce that would extend the policy', () => {
    assert.throws(() => contentSecurityPolicy("x; script-src 'unsafe-inline'", 'abc'));
    assert.doesNotThrow(() => contentSecurityPolicy("'self' https://*.vscode-cdn.net", 'abc'));
    assert.throws(() => contentSecurityPolicy('https://x', "abc' 'unsafe-inline"));
  });

  it('the shell carries the policy and one script, with the nonce', () => {
    const html = pageShell({ cspSource: 'https://src', nonce: 'n0nce', scriptUri: 'https://src/dist/webviews/releaseNotes.js', styleUri: 'https://src/media/releaseNotes.css', title: 'Release Notes: <x>' });
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src &#39;none&#39;|<meta http-equiv="Content-Security-Policy" content="default-src 'none'/);
    assert.equal((html.match(/<script/g) ?? []).length, 1);
    assert.match(html, /<script nonce="n0nce" src="https:\/\/src\/dist\/webviews\/releaseNotes.js"><\/script>/);
    assert.match(html, /<title>Release Notes: &lt;x&gt;<\/title>/);
  });
});
