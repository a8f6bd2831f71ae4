import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ReleaseCatalog, validateCatalogData } from '../../../src/core/releases';

/** The release catalog the extension ships (data/catalog.json). */
export const CATALOG = ((): ReleaseCatalog => {
  const data = validateCatalogData(JSON.parse(readFileSync(join(__dirname, '../../../data/catalog.json'), 'utf8')) as unknown);
  if (!data.ok) throw new Error(data.error);
  return ReleaseCatalog.fromData(data.value);
})();

const TAGS = new Set(['a', 'p', 'ul', 'ol', 'li', 'em', 'strong', 'code', 'pre', 'blockquote', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'br', 'div', 'span', 'section', 'header', 'details', 'summary', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 's']);
const ATTRS = new Set(['class', 'tabindex', 'href', 'data-url', 'data-total', 'data-key', 'title', 'id', 'aria-labelledby', 'open', 'start']);

/**
 * Every `<` of the output starts a tag (text is escaped): each tag is of a harmless kind with
 * harmless attributes; links go nowhere (`href="#"`) and name an allowed https URL.
 */
export function assertInert(html: string): void {
  for (const m of html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)) {
    assert.ok(TAGS.has(m[1].toLowerCase()), `tag ${m[0]}`);
    for (const a of m[2].matchAll(/\s([^\s=]+)(?:="([^"]*)")?/g)) {
      assert.ok(ATTRS.has(a[1]), `attribute ${a[0]} in ${m[0]}`);
      if (a[1] === 'href') assert.equal(a[2], '#');
      if (a[1] === 'data-url') assert.match(a[2], /^https:\/\/(github\.com|([a-z]+\.)?kubernetes\.io|rook\.io|docs\.ceph\.com|etcd\.io)\//);
    }
  }
  // Nothing but tags uses `<`, `"` outside attributes is escaped by markdown-it.
  assert.equal((html.match(/</g) ?? []).length, [...html.matchAll(/<\/?([a-zA-Z0-9]+)([^>]*)>/g)].length);
}
