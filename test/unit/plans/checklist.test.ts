import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ALL_REVIEWED_EVIDENCE, OVERRIDDEN_EVIDENCE, type ChecklistEntry, backupPatches, editChecklist, parsePlan, planChecklist, reviewPatches, togglePatches,
} from '../../../src/core/plans';

const VALID = readFileSync(join(__dirname, '../../workspace/plans/valid.upgradeplan.yaml'), 'utf8');
const TICK = { by: 'alice', at: '2025-06-01T10:00:00Z' };

const entries = (text: string, risky?: string[]): ChecklistEntry[] => planChecklist(parsePlan(text).value, risky ? { riskyEdges: risky } : {});
const find = (list: readonly ChecklistEntry[], id: string): ChecklistEntry => {
  const e = list.flatMap((x) => [x, ...(x.children ?? [])]).find((x) => x.id === id);
  assert.ok(e, id);
  return e;
};
function review(text: string, component: 'k3s' | 'rook' | 'ceph'): string {
  const p = reviewPatches(parsePlan(text).value, component, TICK);
  assert.ok(p.ok, p.ok ? '' : p.error);
  const r = editChecklist(text, p.value);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value.text;
}
function toggle(text: string, id: string, ticked: boolean, evidence?: string): string {
  const p = togglePatches(parsePlan(text).value, id, ticked, TICK, evidence);
  assert.ok(p.ok, p.ok ? '' : p.error);
  const r = editChecklist(text, p.value);
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value.text;
}

describe('plans/checklist: the items a plan implies', () => {
  it('backups are ticked by the tool with their proof; a hand tick is an override, unticking removes the tool\'s evidence', () => {
    const p = backupPatches(parsePlan(VALID).value, 'etcd snapshot s1 on k3s-server-1 (18 MB)', TICK);
    assert.ok(p.ok);
    const r = editChecklist(VALID, p.value);
    assert.ok(r.ok);
    const verified = find(entries(r.value.text), 'backup-verified');
    assert.equal(verified.status, 'verified');
    assert.match(verified.detail, /^etcd snapshot s1 on k3s-server-1 \(18 MB\)/);
    assert.equal(find(entries(toggle(VALID, 'backup-verified', true)), 'backup-verified').status, 'overridden');
    const unticked = toggle(r.value.text, 'backup-verified', false);
    assert.equal(find(entries(unticked), 'backup-verified').status, 'pending');
    assert.doesNotMatch(unticked, /verified by the tool: etcd/);
    assert.equal(backupPatches(parsePlan(VALID).value, ' ', TICK).ok, false);
  });


  it('lists the file\'s items and the implied ones: reviews per component for the exact ranges, backups later, risky edges computed', () => {
    const list = entries(VALID, []);
    assert.deepEqual(list.map((e) => [e.id, e.check, e.status]), [
      ['release-notes-reviewed', 'tool', 'pending'],
      ['staging-tested', 'hand', 'pending'],
      ['backup-verified', 'tool', 'pending'],
      ['rollback-rehearsed', 'hand', 'pending'],
      ['monitoring-ready', 'hand', 'pending'],
      ['phased-rollout', 'hand', 'done'],
      ['ceph-healthy', 'later', 'pending'],
      ['removed-apis-checked', 'later', 'pending'],
      ['risky-edges-accepted', 'computed', 'verified'],
    ]);
    assert.deepEqual(list[0].children?.map((c) => [c.id, c.range?.from, c.range?.to, c.status]), [
      ['release-notes-k3s', 'v1.30.4+k3s1', 'v1.33.7+k3s3', 'pending'],
      ['release-notes-rook', 'v1.14.12', 'v1.17.9', 'pending'],
      ['release-notes-ceph', 'v18.2.4', 'v19.2.3', 'pending'],
    ]);
    assert.equal(find(list, 'staging-tested').wantsLink, true);
    assert.match(find(list, 'backup-verified').detail, /taken and verified by the tool: "Back Up Before Upgrading…"/);
    assert.equal(find(entries(VALID, ['hop to v1.31 is risky']), 'risky-edges-accepted').status, 'pending');
    assert.equal(find(entries(VALID), 'risky-edges-accepted').status, 'pending', 'not checked yet');
  });

  it('a plan without Rook/Ceph implies no Ceph item and no Rook/Ceph review; a plan without ranges keeps a hand item', () => {
    const k3sOnly = VALID.replace(/ {2}rook:\n {4}current: v1.14.12\n {4}target: v1.17.9\n {2}ceph:\n {4}current: v18.2.4\n {4}target: v19.2.3\n/, '');
    const list = entries(k3sOnly);
    assert.equal(list.some((e) => e.id === 'ceph-healthy'), false);
    assert.deepEqual(list[0].children?.map((c) => c.id), ['release-notes-k3s']);
    const same = k3sOnly.replace('target: v1.33.7+k3s3', 'target: v1.30.4+k3s1');
    assert.equal(entries(same)[0].check, 'hand');
  });

  it('reads a plan that does not pass the schema without throwing', () => {
    for (const v of [undefined, null, 42, 'x', [], { checklist: 'x' }, { checklist: [null, 1, { id: 5 }, { id: 'a', state: 'bogus' }] }]) {
      const list = planChecklist(v);
      assert.ok(Array.isArray(list));
    }
    assert.equal(find(planChecklist({ checklist: [{ id: 'a', state: 'bogus' }] }), 'a').status, 'pending');
  });
});

describe('plans/checklist: "release notes reviewed" is verified against the exact range', () => {
  it('a recorded review of exactly current → target verifies the component; every component verifies the item, in the file too', () => {
    let text = review(VALID, 'k3s');
    const k3s = find(entries(text), 'release-notes-k3s');
    assert.equal(k3s.status, 'verified');
    assert.equal(k3s.detail, 'reviewed v1.30.4+k3s1 → v1.33.7+k3s3 by alice on 2025-06-01');
    assert.equal(find(entries(text), 'release-notes-reviewed').status, 'pending');
    text = review(review(text, 'rook'), 'ceph');
    assert.equal(find(entries(text), 'release-notes-reviewed').status, 'verified');
    const written = find(entries(text), 'release-notes-reviewed').written;
    assert.deepEqual([written?.state, written?.evidence], ['done', ALL_REVIEWED_EVIDENCE], 'what reads the file (preflight) sees it done');
  });

  it('a review of another range no longer counts: the plan\'s target moved, the component needs review again', () => {
    const reviewed = review(review(review(VALID, 'k3s'), 'rook'), 'ceph');
    const moved = reviewed.replace('    target: v1.33.7+k3s3', '    target: v1.34.1+k3s1');
    const k3s = find(entries(moved), 'release-notes-k3s');
    assert.equal(k3s.status, 'stale');
    assert.match(k3s.detail, /reviewed v1\.30\.4\+k3s1 → v1\.33\.7\+k3s3, but the plan now goes v1\.30\.4\+k3s1 → v1\.34\.1\+k3s1: review again/);
    assert.equal(find(entries(moved), 'release-notes-reviewed').status, 'stale');
    // Reviewing again records the new range.
    assert.equal(find(entries(review(moved, 'k3s')), 'release-notes-k3s').status, 'verified');
  });

  it('a hand tick of a verifiable item is allowed and recorded as overridden; unticking clears it', () => {
    const ticked = toggle(VALID, 'release-notes-rook', true);
    const rook = find(entries(ticked), 'release-notes-rook');
    assert.equal(rook.status, 'overridden');
    assert.equal(rook.written?.evidence, OVERRIDDEN_EVIDENCE);
    const parent = toggle(VALID, 'release-notes-reviewed', true);
    assert.equal(find(entries(parent), 'release-notes-reviewed').status, 'overridden');
    const all = toggle(toggle(ticked, 'release-notes-k3s', true), 'release-notes-ceph', true);
    assert.equal(find(entries(all), 'release-notes-reviewed').status, 'overridden', 'every component ticked, some by hand');
    const back = toggle(all, 'release-notes-rook', false);
    const r = find(entries(back), 'release-notes-rook');
    assert.deepEqual([r.status, r.written?.evidence, r.written?.by], ['pending', undefined, undefined]);
    assert.equal(find(entries(back), 'release-notes-reviewed').written?.state, 'pending', 'the item follows its components');
  });

  it('hand items: ticked with who, when and the evidence link; unticking keeps a person\'s evidence', () => {
    const ticked = toggle(VALID, 'staging-tested', true, 'https://ci.example.com/staging/1234');
    const s = find(entries(ticked), 'staging-tested');
    assert.deepEqual([s.status, s.written?.evidence, s.written?.by, s.written?.at], ['done', 'https://ci.example.com/staging/1234', 'alice', '2025-06-01T10:00:00Z']);
    const back = find(entries(toggle(ticked, 'staging-tested', false)), 'staging-tested');
    assert.deepEqual([back.status, back.written?.evidence, back.written?.by], ['pending', 'https://ci.example.com/staging/1234', undefined]);
    // An implied item the file lacks is added when ticked.
    assert.equal(find(entries(toggle(VALID, 'ceph-healthy', true)), 'ceph-healthy').written?.state, 'done');
  });

  it('refuses the computed item, unknown ids and a review without a range', () => {
    const plan = parsePlan(VALID).value;
    assert.equal(togglePatches(plan, 'risky-edges-accepted', true, TICK).ok, false);
    assert.equal(togglePatches(plan, 'no-such-item', true, TICK).ok, false);
    const noRook = parsePlan(VALID.replace('    target: v1.17.9', '    target: v1.14.12')).value;
    const r = reviewPatches(noRook, 'rook', TICK);
    assert.ok(!r.ok && /no Rook range/.test(r.error));
  });
});
