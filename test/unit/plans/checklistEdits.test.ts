import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { editChecklist, minimalEdit, parsePlan } from '../../../src/core/plans';
import type { ItemPatch } from '../../../src/core/plans';

const VALID = readFileSync(join(__dirname, '../../workspace/plans/valid.upgradeplan.yaml'), 'utf8');

/** A plan written by hand: comments everywhere, flow lists, quoting styles, blank lines, odd indentation. */
const HAND = `# Hand-written plan: every byte outside the edited item must stay.
apiVersion: upgradeplanner.dev/v1alpha1 # trailing comment
kind: UpgradePlan
metadata: { name: "hand", owner: 'team' }
cluster:
    contextName: prod
    server: https://10.0.0.10:6443
components:
    k3s: {current: v1.30.4+k3s1, target: v1.33.7+k3s3}
hops: [{component: k3s, version: v1.31.10+k3s1}]

checklist:
      # the staging item first
    -   id: staging-tested
        title: "Staging: same path"   # quoted on purpose
        state: pending    # not yet
        required: true

    - id: monitoring-ready
      title: Monitoring
      state: done
      evidence: |
        dashboards
        and alerts
      by: bob
      at: '2025-05-01'
    # end of the checklist
rollback: {onGateFailure: pause}
`;

function apply(text: string, patches: ItemPatch[]): string {
  const r = editChecklist(text, patches);
  assert.ok(r.ok, r.ok ? '' : r.error);
  const { edit } = r.value;
  const out = text.slice(0, edit.range.start) + edit.newText + text.slice(edit.range.end);
  assert.equal(out, r.value.text, 'the one edit gives the new text');
  return out;
}

/** The edit stays between `from` and `to` (substrings of the text): everything before and after is byte-identical. */
function assertConfined(before: string, after: string, from: string, to: string): void {
  const start = before.indexOf(from);
  const end = before.indexOf(to, start) + to.length;
  assert.ok(start >= 0 && end > start);
  const e = minimalEdit(before, after);
  assert.ok(e.range.start >= start && e.range.end <= end, `edit ${e.range.start}–${e.range.end} outside ${start}–${end}`);
  assert.equal(after.slice(0, start), before.slice(0, start));
  assert.equal(after.slice(after.length - (before.length - end)), before.slice(end));
}

const item = (text: string, id: string): Record<string, unknown> => {
  const list = (parsePlan(text).value as { checklist: Record<string, unknown>[] }).checklist;
  const found = list.find((i) => i.id === id);
  assert.ok(found, id);
  return found;
};

describe('plans/checklistEdits', () => {
  it('changes a value in place: a trailing comment, the quoting and the layout around it stay', () => {
    const out = apply(HAND, [{ id: 'staging-tested', title: 'x', state: 'done' }]);
    assert.equal(out, HAND.replace('state: pending    # not yet', 'state: done    # not yet'));
  });

  it('adds fields in the schema order with the item\'s own indentation, and nothing else changes', () => {
    const out = apply(HAND, [{ id: 'staging-tested', title: 'x', state: 'done', evidence: 'https://ci.example.com/staging/1234', by: 'alice', at: '2025-06-01T10:00:00Z' }]);
    assertConfined(HAND, out, '    -   id: staging-tested', '        required: true\n');
    assert.ok(out.includes('        required: true\n        evidence: "https://ci.example.com/staging/1234"\n        by: alice\n        at: "2025-06-01T10:00:00Z"\n\n    - id: monitoring-ready'), out);
    assert.deepEqual(item(out, 'staging-tested'), { id: 'staging-tested', title: 'Staging: same path', state: 'done', required: true, evidence: 'https://ci.example.com/staging/1234', by: 'alice', at: '2025-06-01T10:00:00Z' });
  });

  it('replaces a block-scalar value and removes fields by their lines', () => {
    const out = apply(HAND, [{ id: 'monitoring-ready', title: 'x', state: 'pending', evidence: 'overridden by hand', by: null, at: null }]);
    assertConfined(HAND, out, '    - id: monitoring-ready', "      at: '2025-05-01'\n");
    assert.ok(out.includes('      state: pending\n      evidence: overridden by hand\n    # end of the checklist\n'), out);
    assert.deepEqual(item(out, 'monitoring-ready'), { id: 'monitoring-ready', title: 'Monitoring', state: 'pending', evidence: 'overridden by hand' });
  });

  it('appends a missing item after its group, else at the end of the list', () => {
    const review: ItemPatch = { id: 'release-notes-k3s', title: 'K3s release notes reviewed', required: true, state: 'done', evidence: 'reviewed v1.30.4+k3s1 → v1.33.7+k3s3', by: 'alice', at: '2025-06-01T10:00:00Z', groupPrefix: 'release-notes' };
    const out = apply(VALID, [review]);
    const added = '  - id: release-notes-k3s\n    title: K3s release notes reviewed\n    state: done\n    required: true\n    evidence: "reviewed v1.30.4+k3s1 → v1.33.7+k3s3"\n    by: alice\n    at: "2025-06-01T10:00:00Z"\n';
    assert.equal(out, VALID.replace('  - id: staging-tested', `${added}  - id: staging-tested`));
    const end = apply(HAND, [{ ...review, groupPrefix: 'release-notes' }]);
    assertConfined(HAND, end, '    - id: monitoring-ready', "      at: '2025-05-01'\n    ");
    assert.ok(end.includes("      at: '2025-05-01'\n    - id: release-notes-k3s\n      title: K3s release notes reviewed\n"), end);
  });

  it('creates the checklist when the plan has none, and replaces `checklist: []`', () => {
    const none = VALID.slice(0, VALID.indexOf('checklist:')) + VALID.slice(VALID.indexOf('acceptedRisks:'));
    const out = apply(none, [{ id: 'staging-tested', title: 'Same path tested on staging', state: 'done' }]);
    assert.ok(out.startsWith(none), 'appended at the end');
    assert.deepEqual(item(out, 'staging-tested'), { id: 'staging-tested', title: 'Same path tested on staging', state: 'done' });
    const empty = none.replace('acceptedRisks: []', 'checklist: []\nacceptedRisks: []');
    const out2 = apply(empty, [{ id: 'staging-tested', title: 'S', state: 'done' }]);
    assert.ok(out2.includes('checklist:\n  - id: staging-tested\n    title: S\n    state: done\nacceptedRisks: []'), out2);
  });

  it('quotes what would not read back as the same string', () => {
    for (const v of ['1e5', '0x1F', 'true', 'null', '- x', 'a: b', 'x # y', ' lead', 'trail ', '.inf', '"q"', 'line\nbreak', '{a}', '→ arrow']) {
      const out = apply(VALID, [{ id: 'staging-tested', title: 'x', state: 'done', evidence: v }]);
      assert.equal(item(out, 'staging-tested').evidence, v, JSON.stringify(v));
    }
  });

  it('keeps CRLF line ends', () => {
    const crlf = VALID.replace(/\n/g, '\r\n');
    const out = apply(crlf, [{ id: 'rollback-rehearsed', title: 'x', state: 'done', by: 'alice' }]);
    assert.equal(out, crlf.replace('    title: Rollback rehearsed\r\n    state: pending\r\n    required: true\r\n', '    title: Rollback rehearsed\r\n    state: done\r\n    required: true\r\n    by: alice\r\n'));
  });

  it('refuses, as a value, what it cannot edit safely', () => {
    const bad = [
      VALID.replace('checklist:\n', 'checklist:\n  - {id: x, title: y, state: pending}\n'),
      VALID.replace('acceptedRisks: []', 'acceptedRisks: [\n'),
    ];
    const r1 = editChecklist(bad[0], [{ id: 'x', title: 'y', state: 'done' }]);
    assert.ok(!r1.ok && /flow style/.test(r1.error));
    const r2 = editChecklist(bad[1], [{ id: 'staging-tested', title: 'y', state: 'done' }]);
    assert.ok(!r2.ok && /YAML errors/.test(r2.error));
    const flowList = VALID.slice(0, VALID.indexOf('checklist:')) + 'checklist: [{id: a, title: b, state: pending}]\n';
    const r3 = editChecklist(flowList, [{ id: 'staging-tested', title: 'y', state: 'done' }]);
    assert.ok(!r3.ok && /flow style/.test(r3.error));
    const r4 = editChecklist(VALID, [{ id: 'staging-tested', title: 'y', state: 'done', evidence: 'x'.repeat(5000) }]);
    assert.ok(!r4.ok);
  });

  it('no change gives an empty edit', () => {
    const r = editChecklist(VALID, [{ id: 'phased-rollout', title: 'x', state: 'done' }]);
    assert.ok(r.ok);
    assert.equal(r.value.text, VALID);
    assert.equal(r.value.edit.range.start, r.value.edit.range.end);
    assert.equal(r.value.edit.newText, '');
  });
});
