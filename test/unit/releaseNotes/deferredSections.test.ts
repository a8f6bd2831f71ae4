import * as assert from 'node:assert/strict';
import { componentNotes, releaseNotesView, type ReleaseNotesView } from '../../../src/core/releaseNotes';
import { deferrableSections, renderBody, renderSection } from '../../../src/webviews/releaseNotes/html';
import { type SectionKey, parseHostMessage, parsePageMessage, receivePageMessage } from '../../../src/webviews/releaseNotes/messages';
import { DeferredSections } from '../../../src/webviews/releaseNotes/sections';
import { CATALOG, assertInert } from './helpers';

/** A log that keeps what it is told. */
function testLog(): { warn(m: string): void; lines: string[] } {
  const lines: string[] = [];
  return { lines, warn: (m) => void lines.push(m) };
}

/** The bench's range: K3s v1.24.0+k3s1 → the newest release of the catalog (a thousand items and more). */
const WIDE = releaseNotesView(CATALOG, [{ component: 'k3s', from: 'v1.24.0+k3s1', to: CATALOG.newest()!.version }], 'wide');
const TWO = releaseNotesView(CATALOG, [{ component: 'k3s', from: 'v1.30.4+k3s1', to: 'v1.33.7+k3s3' }, { component: 'rook', from: 'v1.14.12', to: 'v1.15.9' }], 'two');
const items = (html: string): number => (html.match(/class="item[ "]/g) ?? []).length;
/** The lazy "All changes" of `key` in a body: its opening, summary and "Loading…" line. */
const lazyBox = (key: string): RegExp => new RegExp(`<details class="section section-changes lazy" data-key="${key}"><summary><span class="title">All changes</span> <span class="count" data-total="(\\d+)">\\d+</span></summary><p class="empty loading">Loading…</p></details>`);

describe('webviews/releaseNotes deferred sections: messages', () => {
  it('the host accepts a request for one "All changes" section by its key', () => {
    for (const key of ['k3s/changes', 'rook/changes', 'ceph/changes']) assert.deepEqual(parsePageMessage({ type: 'section', key }), { type: 'section', key });
  });

  it('a malformed request is rejected: other or unknown ids, wrong types, extra fields', () => {
    const bad: unknown[] = [
      { type: 'section' }, { type: 'section', key: 'k3s/urgent' }, { type: 'section', key: 'K3S/changes' }, { type: 'section', key: 'kubernetes/changes' },
      { type: 'section', key: '../changes' }, { type: 'section', key: 'k3s/changes/../../x' }, { type: 'section', key: ' k3s/changes' },
      { type: 'section', key: 42 }, { type: 'section', key: ['k3s/changes'] }, { type: 'section', key: { toString: () => 'k3s/changes' } },
      { type: 'section', key: 'k3s/changes', html: '<p>x</p>' }, { type: 'section', key: 'k3s/changes', command: 'upgradePlanner.useContext' },
      { type: 'section', key: `k3s/changes${'x'.repeat(5000)}` },
    ];
    for (const m of bad) assert.equal(parsePageMessage(m), undefined, JSON.stringify(m).slice(0, 200));
  });

  it('`ready` may name the sections the page needs at once: distinct known keys only', () => {
    assert.deepEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parsePageMessage({ type: 'ready', sections: [] }), { type: 'ready', sections: [] });
    assert.deepEqual(parsePageMessage({ type: 'ready', sections: ['k3s/changes', 'ceph/changes'] }), { type: 'ready', sections: ['k3s/changes', 'ceph/changes'] });
    for (const sections of ['k3s/changes', ['k3s/changes', 'k3s/changes'], ['k3s/urgent'], [1], ['k3s/changes', 'rook/changes', 'ceph/changes', 'k3s/changes'], { 0: 'k3s/changes', length: 1 }]) {
      assert.equal(parsePageMessage({ type: 'ready', sections }), undefined, JSON.stringify(sections));
    }
  });

  it('the page accepts a section answer with a known key and its HTML only', () => {
    assert.deepEqual(parseHostMessage({ type: 'section', key: 'rook/changes', html: '<p>x</p>' }), { type: 'section', key: 'rook/changes', html: '<p>x</p>' });
    for (const m of [{ type: 'section', key: 'rook/changes' }, { type: 'section', key: 'rook/urgent', html: '' }, { type: 'section', key: 'rook/changes', html: 1 }, { type: 'section', key: 'rook/changes', html: '', title: 't' }]) {
      assert.equal(parseHostMessage(m), undefined, JSON.stringify(m));
    }
  });

  it('the host ignores a malformed request and logs its type and keys, never its content', () => {
    const log = testLog();
    assert.equal(receivePageMessage({ type: 'section', key: 'k3s/changes; rm -rf /' }, log), undefined);
    assert.equal(receivePageMessage({ type: 'section', key: 'k3s/changes', html: '<script>x</script>' }, log), undefined);
    assert.deepEqual(log.lines, [
      'Release Notes: ignored a malformed message from the page (type "section", keys type,key)',
      'Release Notes: ignored a malformed message from the page (type "section", keys type,key,html)',
    ]);
    assert.deepEqual(receivePageMessage({ type: 'section', key: 'k3s/changes' }, log), { type: 'section', key: 'k3s/changes' });
    assert.equal(log.lines.length, 2, 'a well-formed request logs nothing');
  });
});

describe('webviews/releaseNotes deferred sections: rendering', () => {
  it('"All changes" is deferred for each component with releases; not for one in error', () => {
    assert.deepEqual(deferrableSections(TWO), ['k3s/changes', 'rook/changes']);
    const broken = componentNotes(CATALOG, { component: 'k3s', from: 'v1.33.7+k3s3', to: 'v1.30.4+k3s1' });
    assert.ok(broken.error);
    assert.deepEqual(deferrableSections({ ...TWO, components: [broken] }), []);
  });

  it('the first body of the wide range leaves out the releases of "All changes": a fraction of the bytes, the same count', () => {
    const full = renderBody(WIDE);
    const first = renderBody(WIDE, undefined, { defer: new Set(deferrableSections(WIDE)) });
    assertInert(first);
    const total = WIDE.components[0].changes.count;
    assert.ok(total > 1000, `${total} changes`);
    const box = lazyBox('k3s/changes').exec(first);
    assert.ok(box, 'the lazy "All changes" with its count and a "Loading…" line');
    assert.equal(Number(box[1]), total);
    assert.doesNotMatch(first, /release-changes/);
    assert.ok(first.length * 5 < full.length, `first ${first.length} chars, whole ${full.length}`);
    // What the page reports ("rendered"): the items it shows plus the count of the deferred section.
    assert.equal(items(first) + total, items(full));
  });

  it('a section the page asks for is exactly what the whole body holds there', () => {
    const full = renderBody(TWO);
    const first = renderBody(TWO, undefined, { defer: new Set(deferrableSections(TWO)) });
    let filled = first;
    for (const key of deferrableSections(TWO)) {
      const html = renderSection(TWO, key);
      assert.ok(html, key);
      assertInert(html);
      assert.match(html, /^<details class="release-changes" data-key="[a-z0-9]+\/release\/[^"]+"><summary>/);
      filled = filled.replace(lazyBox(key), (m) => m.replace(' lazy', '').replace('<p class="empty loading">Loading…</p>', html));
    }
    assert.equal(filled, full);
  });

  it('only the sections asked for are deferred; the others are rendered whole', () => {
    const first = renderBody(TWO, undefined, { defer: new Set<SectionKey>(['rook/changes']) });
    assert.match(first, lazyBox('rook/changes'));
    assert.doesNotMatch(first, lazyBox('k3s/changes'));
    assert.match(first, /data-key="k3s\/release\//);
    assert.doesNotMatch(first, /data-key="rook\/release\//);
  });

  it('a deferred section of hostile notes is as inert as the whole body', () => {
    const base = componentNotes(CATALOG, { component: 'k3s', from: 'v1.30.4+k3s1', to: 'v1.30.5+k3s1' });
    const entry = { text: '<script>x</script> <img src=x onerror=alert(1)> [x](javascript:1) [y](command:upgradePlanner.useContext)', release: 'v1.30.5+k3s1', kind: 'other' as const, ids: [] };
    const view: ReleaseNotesView = { title: 'hostile', asOf: CATALOG.asOf, components: [{ ...base, changes: { count: 1, items: [{ release: base.releases[0], entries: [entry] }] } }] };
    const html = renderSection(view, 'k3s/changes');
    assert.ok(html);
    assertInert(html);
    assert.match(html, /&lt;script&gt;x&lt;\/script&gt;/);
  });
});

describe('webviews/releaseNotes deferred sections: the host', () => {
  it('answers a request with the section and then holds it: a body posted again has it whole', () => {
    const s = new DeferredSections(testLog());
    s.reset(TWO);
    assert.deepEqual([...s.deferred(TWO)], ['k3s/changes', 'rook/changes']);
    const before = s.key();
    const msg = s.answer(TWO, 'rook/changes');
    assert.deepEqual(msg, { type: 'section', key: 'rook/changes', html: renderSection(TWO, 'rook/changes') });
    assert.deepEqual([...s.deferred(TWO)], ['k3s/changes']);
    assert.notEqual(s.key(), before, 'the body is rendered again');
    s.reset(TWO); // the page reloaded: it holds nothing
    assert.deepEqual([...s.deferred(TWO)], ['k3s/changes', 'rook/changes']);
  });

  it('a request for a section this page does not have is ignored and logged', () => {
    const log = testLog();
    const s = new DeferredSections(log);
    s.reset(TWO);
    assert.equal(s.answer(TWO, 'ceph/changes'), undefined);
    const broken = componentNotes(CATALOG, { component: 'rook', from: 'v1.15.9', to: 'v1.14.12' });
    assert.equal(s.answer({ ...TWO, components: [broken] }, 'rook/changes'), undefined);
    assert.deepEqual(log.lines, [
      'Release Notes: ignored a request for the section "ceph/changes": this page has no such section',
      'Release Notes: ignored a request for the section "rook/changes": this page has no such section',
    ]);
    assert.deepEqual([...s.deferred(TWO)], ['k3s/changes', 'rook/changes'], 'nothing is held');
  });

  it('`ready` names what a reloaded page needs: the known sections are rendered whole, the others ignored quietly', () => {
    const log = testLog();
    const s = new DeferredSections(log);
    s.reset(TWO, ['k3s/changes', 'ceph/changes']);
    assert.deepEqual([...s.deferred(TWO)], ['rook/changes']);
    assert.deepEqual(log.lines, []);
  });
});
