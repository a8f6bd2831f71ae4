import * as assert from 'node:assert/strict';
import { componentNotes, releaseNotesView, type ReleaseNotesView } from '../../../src/core/releaseNotes';
import { renderBody } from '../../../src/webviews/releaseNotes/html';
import { renderMarkdown } from '../../../src/webviews/releaseNotes/markdown';
import { underBudget } from '../helpers/timing';
import { CATALOG, assertInert } from './helpers';

function viewOf(text: string): ReleaseNotesView {
  const base = componentNotes(CATALOG, { component: 'k3s', from: 'v1.30.4+k3s1', to: 'v1.30.5+k3s1' });
  const entry = { text, release: 'v1.30.5+k3s1', kind: 'other' as const, ids: [] };
  return { title: 'hostile', asOf: CATALOG.asOf, components: [{ ...base, changes: { count: 1, items: [{ release: base.releases[0], entries: [entry] }] } }] };
}

describe('webviews/releaseNotes rendering of untrusted notes', () => {
  it('raw HTML is text: <script>, <img onerror>, <iframe>', () => {
    const html = renderMarkdown('Fix <script>alert(1)</script> and <img src=x onerror=alert(1)> and <iframe src="https://evil"></iframe>');
    assertInert(html);
    assert.match(html, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
    assert.match(html, /&lt;img src=x onerror=alert\(1\)&gt;/);
  });

  it('javascript:, command:, data: and off-list links are plain text; allowed links carry data-url only', () => {
    const html = renderMarkdown('[a](javascript:alert(1)) [b](command:upgradePlanner.useContext) [c](data:text/html,x) [d](https://evil.example/) [e](http://github.com/x) [f](https://github.com/k3s-io/k3s/pull/1) <https://etcd.io/x>');
    assertInert(html);
    assert.doesNotMatch(html, />b<\/a>|>d<\/a>|>e<\/a>/);
    assert.match(html, /<a href="#" class="link" data-url="https:\/\/github.com\/k3s-io\/k3s\/pull\/1" title="[^"]*">f<\/a>/);
    assert.match(html, /data-url="https:\/\/etcd.io\/x"/);
    assert.equal((html.match(/<a /g) ?? []).length, 2);
  });

  it('images keep their alt text only; entities stay escaped', () => {
    const html = renderMarkdown('![logo](https://github.com/x.png) &lt;b&gt; &amp; &#x3C;script&#x3E;');
    assertInert(html);
    assert.doesNotMatch(html, /<b>/);
    assert.match(html, /&lt;script&gt;/);
  });

  it('the whole body of hostile notes is inert', () => {
    const html = renderBody(viewOf('<script>x</script> [x](javascript:1) <a href="https://github.com" onclick="x">y</a>'));
    assertInert(html);
  });

  it('a 10,000-item list and a 5 MB body render in bounded time', () => {
    const list = Array.from({ length: 10_000 }, (_, i) => `- item ${i} <script>${i}</script> [l](https://github.com/${i})`).join('\n');
    const { value: a, ms: listMs } = underBudget(2000, () => renderMarkdown(list));
    assertInert(a);
    const big = `${'word <b>x</b> '.repeat(5 * 1024 * 1024 / 14)}`;
    const { value: b, ms: bigMs } = underBudget(2000, () => renderBody(viewOf(big)));
    assertInert(b);
    // One item's text is cut (MAX_ITEM_CHARS): the page never receives the 5 MB.
    assert.ok(b.length < 200_000, `${b.length} chars`);
    assert.ok(listMs < 2000 && bigMs < 2000, `list ${listMs.toFixed(0)} ms, 5 MB ${bigMs.toFixed(0)} ms`);
  });

  it('10,000 items in the view render in bounded time', () => {
    const base = viewOf('x');
    const c = base.components[0];
    const entries = Array.from({ length: 10_000 }, (_, i) => ({ text: `Bump thing ${i} [(#${i})](https://github.com/k3s-io/k3s/pull/${i})`, release: 'v1.30.5+k3s1', kind: 'other' as const, ids: [] }));
    const { value: html, ms } = underBudget(3000, () => renderBody({ ...base, components: [{ ...c, changes: { count: entries.length, items: [{ release: c.releases[0], entries }] } }] }));
    assert.ok((html.match(/class="item kind-other" tabindex="-1"><p>Bump thing/g) ?? []).length === 10_000);
    assert.ok(ms < 3000, `${ms.toFixed(0)} ms`);
  });

  it('the real plan range renders: sections with counts, upstream links, sources', () => {
    const html = renderBody(releaseNotesView(CATALOG, [{ component: 'k3s', from: 'v1.30.4+k3s1', to: 'v1.33.7+k3s3' }], 'prod'));
    assertInert(html);
    for (const [title, n] of [['Urgent / breaking', 4], ['Security', 1], ['Deprecations and removals', 1], ['Known issues', 0], ['Embedded components', 12], ['Before a later upgrade', 4], ['All changes', 382]] as const) {
      assert.match(html, new RegExp(`<span class="title">${title.replace('/', '\\/')}</span> <span class="count" data-total="${n}">${n}</span>`), title);
    }
    assert.match(html, /Range \(v1\.30\.4\+k3s1, v1\.33\.7\+k3s3\] · 19 releases crossed · 3 minors crossed \(1\.31, 1\.32, 1\.33\) · sources: bundled 19/);
    assert.match(html, /data-url="https:\/\/github.com\/k3s-io\/k3s\/releases\/tag\/v1.33.7%2Bk3s3"/);
    assert.match(html, /current version exposed/);
  });
});
