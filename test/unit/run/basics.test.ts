import * as assert from 'node:assert/strict';
import { formatPlanDuration, imageWithTag, isLabelValue, labelValue, makeRunId, negateRequirement, parsePlanDuration, parseSelector, selectorObject } from '../../../src/core/run';
import { matchesLabelSelector } from '../../../src/core/cluster/labelSelector';

describe('core/run basics', () => {
  it('plan durations: h, m, s in that order, each optional; anything else refused with what it was', () => {
    assert.deepEqual(parsePlanDuration('30m'), { ok: true, value: 1800 });
    assert.deepEqual(parsePlanDuration('1h30m'), { ok: true, value: 5400 });
    assert.deepEqual(parsePlanDuration('90s'), { ok: true, value: 90 });
    assert.deepEqual(parsePlanDuration('2h5s'), { ok: true, value: 7205 });
    for (const bad of ['', 'm', '30', '30 m', '1m1h', '-5m', '1.5h', 'PT30M']) assert.equal(parsePlanDuration(bad).ok, false, bad);
    assert.deepEqual(parsePlanDuration(15, 'gates.timeout'), { ok: false, error: 'gates.timeout must be a duration such as 30m, 1h30m or 90s, not 15' });
    assert.equal(parsePlanDuration('200h').ok, false);
    assert.deepEqual([5400, 45, 0, 3600].map(formatPlanDuration), ['1h30m', '45s', '0s', '1h']);
  });

  it('textual selectors become matchExpressions that select what kubectl -l would', () => {
    assert.deepEqual(parseSelector('upgradeplanner.dev/canary=true'), { ok: true, value: [{ key: 'upgradeplanner.dev/canary', operator: 'In', values: ['true'] }] });
    assert.deepEqual(parseSelector('app!=rook-ceph-osd, tier in (a, b),!legacy,zone'), {
      ok: true,
      value: [
        { key: 'app', operator: 'NotIn', values: ['rook-ceph-osd'] },
        { key: 'tier', operator: 'In', values: ['a', 'b'] },
        { key: 'legacy', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'Exists' },
      ],
    });
    const sel = selectorObject('env==prod,role notin (db)');
    assert.ok(sel.ok);
    assert.equal(matchesLabelSelector(sel.value, { env: 'prod', role: 'web' }), true);
    assert.equal(matchesLabelSelector(sel.value, { env: 'prod', role: 'db' }), false);
    for (const bad of ['', 'a,,b', 'a in (b', 'a in b)', 'a=b c', 'bad key=1', `a=${'x'.repeat(64)}`]) assert.equal(parseSelector(bad).ok, false, bad);
  });

  it('a negated requirement selects exactly what the requirement does not', () => {
    const labelsets: Record<string, string>[] = [{}, { k: 'a' }, { k: 'b' }, { other: 'a' }];
    for (const text of ['k=a', 'k!=a', 'k in (a,b)', 'k notin (a)', 'k', '!k']) {
      const r = parseSelector(text);
      assert.ok(r.ok);
      const neg = negateRequirement(r.value[0]);
      for (const l of labelsets) {
        assert.equal(matchesLabelSelector({ matchExpressions: [neg] }, l), !matchesLabelSelector({ matchExpressions: [r.value[0]] }, l), `${text} on ${JSON.stringify(l)}`);
      }
    }
  });

  it('run ids and label values: valid label values, from the time and a nonce the caller draws', () => {
    assert.deepEqual(makeRunId('2026-11-27T16:12:00.123Z', 'AB12-cd'), { ok: true, value: '20261127-161200-ab12cd' });
    assert.equal(makeRunId('2026-11-27T16:12:00Z', '--').ok, false);
    assert.equal(labelValue('prod-k3s-1-33'), 'prod-k3s-1-33');
    const long = labelValue(`${'a'.repeat(70)}.example.com`);
    assert.ok(isLabelValue(long) && long.length <= 63, long);
    assert.ok(isLabelValue(labelValue('a.b-')));
  });

  it('images keep their registry and repository, lose a digest, and fall back when unknown', () => {
    assert.equal(imageWithTag('rook/ceph:v1.14.9', 'v1.15.9', 'rook/ceph'), 'rook/ceph:v1.15.9');
    assert.equal(imageWithTag('registry.local:5000/mirror/ceph:v18.2.4@sha256:abc', 'v19.2.3', 'quay.io/ceph/ceph'), 'registry.local:5000/mirror/ceph:v19.2.3');
    assert.equal(imageWithTag('registry.local:5000/rook/ceph', 'v1.15.9', 'rook/ceph'), 'registry.local:5000/rook/ceph:v1.15.9');
    assert.equal(imageWithTag(undefined, 'v19.2.3', 'quay.io/ceph/ceph'), 'quay.io/ceph/ceph:v19.2.3');
  });
});
