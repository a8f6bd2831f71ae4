import * as assert from 'node:assert/strict';
import { MAX_MARKDOWN_VALUE, escapeMarkdown, md } from '../../../src/explorer/markdown';
import { underBudget } from '../helpers/timing';

describe('explorer/markdown (cluster-supplied text in Markdown tooltips)', () => {
  it('escapes everything Markdown would read as syntax: links, emphasis, code, headings, lists, tables', () => {
    const hostile = '[click](command:workbench.action.terminal.new) **bold** `code` # h | t - x <img src=x onerror=alert(1)> &amp;';
    const e = escapeMarkdown(hostile);
    assert.equal(e.includes('](') && !e.includes('\\]\\('), false);
    for (const ch of ['[', ']', '(', ')', '*', '`', '#', '|', '-']) {
      assert.ok(!new RegExp(`(^|[^\\\\])\\${ch}`).test(e), `unescaped ${ch} in ${e}`);
    }
    assert.ok(!e.includes('<img'), e);
    assert.ok(e.includes('&lt;img'), e);
    assert.ok(e.includes('&amp;amp;'), e);
  });

  it('a value cannot open a new paragraph or list item', () => {
    assert.equal(escapeMarkdown('a\n\n- b\r\n# c'), 'a \\- b \\# c');
  });

  it('plain names stay readable', () => {
    assert.equal(escapeMarkdown('k3s-agent-5'), 'k3s\\-agent\\-5');
    assert.equal(escapeMarkdown('Ubuntu 22.04'), 'Ubuntu 22\\.04');
  });

  it('md`` escapes the values, not the template', () => {
    assert.equal(md`**${'a*b'}** — ${undefined}${3}`, '**a\\*b** — 3');
  });

  it('cuts an overlong value and stays linear on a large hostile input', () => {
    assert.equal(escapeMarkdown('x'.repeat(MAX_MARKDOWN_VALUE * 2)).length, MAX_MARKDOWN_VALUE);
    const big = '[('.repeat(500_000) + '\n'.repeat(500_000);
    const { value: out, ms } = underBudget(1000, () => escapeMarkdown(big, big.length));
    assert.ok(out.length > big.length);
    assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
  });
});
