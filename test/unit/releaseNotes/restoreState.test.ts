import * as assert from 'node:assert/strict';
import { releaseNotesView } from '../../../src/core/releaseNotes';
import { renderBody, unrestoredPage } from '../../../src/webviews/releaseNotes/html';
import { parseHostMessage, parsePageState, parseRestoreState } from '../../../src/webviews/releaseNotes/messages';
import { CATALOG } from './helpers';

const PLAN = 'file:///work/plans/valid.upgradeplan.yaml';
const RANGE = { component: 'rook', from: 'v1.14.12', to: 'v1.15.9' } as const;

describe('webviews/releaseNotes state kept for a reload (serializer)', () => {
  it('accepts a plan or one to three ranges with a title, and copies only those fields', () => {
    assert.deepEqual(parseRestoreState({ title: 'prod-k3s-1-33', plan: PLAN }), { title: 'prod-k3s-1-33', plan: PLAN });
    const three = [{ component: 'k3s', from: 'v1.30.4+k3s1', to: 'v1.33.7+k3s3' }, RANGE, { component: 'ceph', from: 'v18.2.4', to: 'v19.2.3' }];
    assert.deepEqual(parseRestoreState({ title: 't', ranges: three }), { title: 't', ranges: three });
  });

  it('rejects a state that is malformed, too large, or carries anything else', () => {
    const bad: unknown[] = [
      undefined, null, 'x', [], {}, { title: 't' }, { plan: PLAN }, { ranges: [RANGE] },
      { title: '', plan: PLAN }, { title: ' ', ranges: [RANGE] }, { title: 'x'.repeat(301), plan: PLAN },
      { title: 't', plan: '' }, { title: 't', plan: `file:///${'a'.repeat(3000)}.upgradeplan.yaml` }, { title: 't', plan: 42 },
      { title: 't', plan: PLAN, ranges: [RANGE] }, { title: 't', plan: PLAN, command: 'upgradePlanner.useContext' },
      { title: 't', ranges: [] }, { title: 't', ranges: [RANGE, RANGE] }, { title: 't', ranges: [RANGE, RANGE, RANGE, RANGE] },
      { title: 't', ranges: [{ ...RANGE, component: 'kubernetes' }] }, { title: 't', ranges: [{ ...RANGE, to: '' }] },
      { title: 't', ranges: [{ ...RANGE, to: ' v1.15.9' }] }, { title: 't', ranges: [{ ...RANGE, to: 'v'.repeat(65) }] },
      { title: 't', ranges: [{ ...RANGE, extra: 1 }] }, { title: 't', ranges: { 0: RANGE, length: 1 } },
      JSON.parse(`{"title":"t","plan":"${PLAN}","__proto__":{"x":1}}`) as unknown,
    ];
    for (const s of bad) assert.equal(parseRestoreState(s), undefined, JSON.stringify(s));
  });

  it('the page state keeps the filter, the restore state, open sections and scroll; anything malformed is dropped whole', () => {
    assert.deepEqual(parsePageState({ filter: '' }), { filter: '' });
    const full = { filter: 'cve', restore: { title: 't', plan: PLAN }, open: ['k3s/urgent', 'k3s/release/v1.31.0+k3s1'], scrollY: 1200 };
    assert.deepEqual(parsePageState(full), full);
    for (const s of [
      { ...full, restore: { title: 't' } }, { ...full, open: 'k3s/urgent' }, { ...full, open: [1] }, { ...full, open: Array(2001).fill('k') },
      { ...full, scrollY: -1 }, { ...full, scrollY: Number.NaN }, { ...full, scrollY: '10' }, { ...full, html: '<p>notes</p>' },
    ]) assert.equal(parsePageState(s), undefined, JSON.stringify(s).slice(0, 200));
  });

  it('the page accepts keep with a valid restore state only', () => {
    assert.deepEqual(parseHostMessage({ type: 'keep', restore: { title: 't', ranges: [RANGE] } }), { type: 'keep', restore: { title: 't', ranges: [RANGE] } });
    for (const m of [{ type: 'keep' }, { type: 'keep', restore: { title: 't' } }, { type: 'keep', restore: { title: 't', plan: PLAN }, html: '<p>' }]) {
      assert.equal(parseHostMessage(m), undefined, JSON.stringify(m));
    }
  });

  it('each section and release box has a stable key the page keeps open across renders', () => {
    const html = renderBody(releaseNotesView(CATALOG, [RANGE]));
    const keys = [...html.matchAll(/<details [^>]*data-key="([^"]+)"/g)].map((m) => m[1]);
    assert.ok(keys.includes('rook/urgent') && keys.includes('rook/changes'), keys.join(', '));
    assert.ok(keys.includes('rook/release/v1.15.0'), keys.join(', '));
    assert.equal(new Set(keys).size, keys.length, 'keys are unique');
    assert.equal((html.match(/<details /g) ?? []).length, keys.length, 'every box has a key');
  });

  it('the "could not restore" page has no script and escapes its texts', () => {
    const html = unrestoredPage('https://src', 'bm9uY2U=', 'Release Notes: <b>x</b>', 'the plan <img src=x onerror=alert(1)> cannot be read');
    assert.doesNotMatch(html, /<script|<img|<b>/);
    assert.match(html, /default-src 'none'/);
    assert.match(html, /could not be restored: the plan &lt;img src=x onerror=alert\(1\)&gt; cannot be read\./);
  });
});
