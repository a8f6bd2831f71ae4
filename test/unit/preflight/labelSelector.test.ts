import * as assert from 'node:assert/strict';
import { labelSelectorMatcher, matchesLabelSelector } from '../../../src/core/cluster/labelSelector';

describe('core/cluster labelSelector (matchLabels + matchExpressions, as LabelSelectorAsSelector)', () => {
  const pod = { app: 'api', tier: 'backend', 'app.kubernetes.io/part-of': 'shop' };

  it('matchLabels: every pair must be equal', () => {
    assert.equal(matchesLabelSelector({ matchLabels: { app: 'api' } }, pod), true);
    assert.equal(matchesLabelSelector({ matchLabels: { app: 'api', tier: 'backend' } }, pod), true);
    assert.equal(matchesLabelSelector({ matchLabels: { app: 'api', tier: 'frontend' } }, pod), false);
    assert.equal(matchesLabelSelector({ matchLabels: { app: 'web' } }, pod), false);
    assert.equal(matchesLabelSelector({ matchLabels: { app: 'api' } }, undefined), false);
  });

  it('In / NotIn / Exists / DoesNotExist', () => {
    const m = (operator: string, key: string, values?: string[]) => matchesLabelSelector({ matchExpressions: [{ key, operator, ...(values ? { values } : {}) }] }, pod);
    assert.equal(m('In', 'tier', ['frontend', 'backend']), true);
    assert.equal(m('In', 'tier', ['frontend']), false);
    assert.equal(m('In', 'zone', ['a']), false, 'In needs the key');
    assert.equal(m('NotIn', 'tier', ['frontend']), true);
    assert.equal(m('NotIn', 'tier', ['backend']), false);
    assert.equal(m('NotIn', 'zone', ['a']), true, 'NotIn holds when the key is absent');
    assert.equal(m('Exists', 'app.kubernetes.io/part-of'), true);
    assert.equal(m('Exists', 'zone'), false);
    assert.equal(m('DoesNotExist', 'zone'), true);
    assert.equal(m('DoesNotExist', 'app'), false);
  });

  it('matchLabels and matchExpressions together: all must hold', () => {
    const sel = { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['backend'] }, { key: 'canary', operator: 'DoesNotExist' }] };
    assert.equal(matchesLabelSelector(sel, pod), true);
    assert.equal(matchesLabelSelector(sel, { ...pod, canary: 'true' }), false);
    assert.equal(matchesLabelSelector(sel, { ...pod, app: 'web' }), false);
  });

  it('an empty selector selects everything, an absent one nothing', () => {
    assert.equal(matchesLabelSelector({}, pod), true);
    assert.equal(matchesLabelSelector({ matchLabels: {}, matchExpressions: [] }, undefined), true);
    assert.equal(matchesLabelSelector(undefined, pod), false);
    assert.equal(matchesLabelSelector(null, pod), false);
  });

  it('an invalid selector says why and matches nothing', () => {
    const bad = [
      [{ matchExpressions: [{ key: 'app', operator: 'Equals', values: ['api'] }] }, /unknown operator "Equals" on "app"/],
      [{ matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }, /In on "app" needs values/],
      [{ matchExpressions: [{ key: 'app', operator: 'NotIn' }] }, /NotIn on "app" needs values/],
      [{ matchExpressions: [{ key: 'app', operator: 'Exists', values: ['x'] }] }, /Exists on "app" takes no values/],
      [{ matchExpressions: [{ operator: 'Exists' }] }, /needs a key/],
    ] as const;
    for (const [sel, why] of bad) {
      const m = labelSelectorMatcher(sel);
      assert.ok(!m.ok, JSON.stringify(sel));
      assert.match(m.error, why);
      assert.equal(matchesLabelSelector(sel, pod), false);
    }
    assert.match((labelSelectorMatcher({ matchExpressions: [{ key: 'a', operator: 'Exists' }, { key: 'b', operator: 'In' }] }) as { error: string }).error, /^matchExpressions\[1\]: /);
  });
});
