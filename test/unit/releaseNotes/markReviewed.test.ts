import * as assert from 'node:assert/strict';
import { renderBody } from '../../../src/webviews/releaseNotes/html';
import { parseHostMessage, parsePageMessage } from '../../../src/webviews/releaseNotes/messages';
import type { ReleaseNotesView } from '../../../src/core/releaseNotes';

describe('webviews/releaseNotes "Mark reviewed"', () => {
  it('the host accepts markReviewed with a known component only', () => {
    for (const c of ['k3s', 'rook', 'ceph']) assert.deepEqual(parsePageMessage({ type: 'markReviewed', component: c }), { type: 'markReviewed', component: c });
    const bad: unknown[] = [
      { type: 'markReviewed' }, { type: 'markReviewed', component: 'kubernetes' }, { type: 'markReviewed', component: 'K3S' },
      { type: 'markReviewed', component: 'k3s', uri: 'file:///etc/passwd' }, { type: 'markReviewed', component: 'k3s', command: 'upgradePlanner.useContext' },
      { type: 'markReviewed', component: ['k3s'] }, { type: 'markReviewed', component: { toString: () => 'k3s' } },
      { type: 'markReviewed', component: 'k3s', from: 'v1', to: 'v2' },
    ];
    for (const m of bad) assert.equal(parsePageMessage(m), undefined, JSON.stringify(m));
  });

  it('the page accepts reviewed with a component and plain text', () => {
    assert.deepEqual(parseHostMessage({ type: 'reviewed', component: 'rook', text: 'reviewed a → b' }), { type: 'reviewed', component: 'rook', text: 'reviewed a → b' });
    for (const m of [{ type: 'reviewed', component: 'x', text: 't' }, { type: 'reviewed', component: 'k3s' }, { type: 'reviewed', component: 'k3s', text: 'x'.repeat(2000) }, { type: 'reviewed', component: 'k3s', text: 't', html: '<b>' }]) {
      assert.equal(parseHostMessage(m), undefined, JSON.stringify(m));
    }
  });

  const none = { count: 0, items: [] };
  const view: ReleaseNotesView = {
    title: 'prod', asOf: '2025-06-01T00:00:00Z',
    components: (['k3s', 'rook'] as const).map((component) => ({
      component, label: component, from: 'v1', to: 'v2', releases: [], minorsCrossed: [], sources: {},
      urgent: none, security: { ...none, exposed: 0 }, deprecations: none, knownIssues: none, embedded: none, changes: none, laterUpgrades: [], notes: [],
    })),
  };

  it('shows a button per component only for a plan, and the verified review as escaped text', () => {
    assert.doesNotMatch(renderBody(view), /mark-reviewed|data-review/, 'no plan, no button');
    const html = renderBody(view, { k3s: { verified: true, text: 'reviewed v1 → v2 by <img src=x onerror=alert(1)>' }, rook: { verified: false, text: 'not reviewed yet: v1 → v2' } });
    assert.match(html, /<p class="review reviewed" data-review="k3s">✓ reviewed v1 → v2 by &lt;img src=x onerror=alert\(1\)&gt;<\/p>/);
    assert.match(html, /<p class="review" data-review="rook"><button type="button" class="mark-reviewed" data-component="rook">Mark reviewed<\/button> <span class="review-note">not reviewed yet: v1 → v2<\/span><\/p>/);
    assert.equal((html.match(/<button/g) ?? []).length, 1);
  });
});
