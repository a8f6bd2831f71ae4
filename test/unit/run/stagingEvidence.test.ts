import * as assert from 'node:assert/strict';
import { type JournalRun, type RunEntry, runStateFromJournal, stagingEvidenceFor, stagingEvidenceText, stagingMatcher, stagingPatches } from '../../../src/core/run';
import { STAGING_ITEM, TOOL_EVIDENCE_PREFIX, planChecklist } from '../../../src/core/plans';

const CLUSTER = (context: string) => ({ context, server: `https://${context}:6443`, kubeSystemUID: `uid-${context}` });

/** A run of `hops` on `context`, finished with `outcome`. */
function run(context: string, hops: [string, string][], outcome: 'succeeded' | 'stopped', finishedAt = '2026-11-20T10:00:00Z', runId = `run-${context}`): JournalRun {
  const base = { plan: `plan-${context}`, cluster: CLUSTER(context), runId };
  const phases = hops.map(([component], i) => ({ id: `hop-${i + 1}/${component}`, kind: component === 'k3s' ? 'k3s-servers' : 'rook-operator', title: component }));
  const entries = [
    { ...base, at: '2026-11-20T09:00:00Z', type: 'run-started', phases, nodes: [] },
    ...hops.map(([component, version], i) => ({ ...base, at: '2026-11-20T09:10:00Z', type: 'phase-started', phaseId: phases[i].id, kind: phases[i].kind, hop: { index: i + 1, component, version, from: undefined } })),
    { ...base, at: finishedAt, type: 'run-finished', outcome, reason: 'end' },
  ] as RunEntry[];
  const state = runStateFromJournal(entries);
  assert.ok(state);
  return { journal: `staging/plan-${context}.journal.jsonl`, state };
}

const plan = {
  cluster: { contextName: 'prod-eu' },
  hops: [{ component: 'k3s', version: 'v1.31.4+k3s1' }, { component: 'rook', version: 'v1.15.5' }],
};
const HOPS: [string, string][] = [['k3s', 'v1.31.4+k3s1'], ['rook', 'v1.15.5']];
const staging = (ctx: string): boolean => ctx.startsWith('staging');

describe('core/run staging evidence ("tested on staging" from a staging run\'s journal)', () => {
  it('the newest run that succeeded on a staging context through the same hops is the evidence, with its journal', () => {
    const e = stagingEvidenceFor(plan, [run('staging-a', HOPS, 'succeeded', '2026-11-20T10:00:00Z'), run('staging-b', HOPS, 'succeeded', '2026-11-21T10:00:00Z')], staging);
    assert.deepEqual(e, { runId: 'run-staging-b', plan: 'plan-staging-b', context: 'staging-b', finishedAt: '2026-11-21T10:00:00Z', journal: 'staging/plan-staging-b.journal.jsonl' });
  });

  it('not evidence: another path, a failed run, a context that is not staging, the plan\'s own context', () => {
    assert.equal(stagingEvidenceFor(plan, [run('staging-a', [['k3s', 'v1.31.4+k3s1']], 'succeeded')], staging), undefined, 'fewer hops');
    assert.equal(stagingEvidenceFor(plan, [run('staging-a', [['k3s', 'v1.31.5+k3s1'], ['rook', 'v1.15.5']], 'succeeded')], staging), undefined, 'another version');
    assert.equal(stagingEvidenceFor(plan, [run('staging-a', HOPS, 'stopped')], staging), undefined, 'did not succeed');
    assert.equal(stagingEvidenceFor(plan, [run('dev-a', HOPS, 'succeeded')], staging), undefined, 'not a staging context');
    assert.equal(stagingEvidenceFor({ ...plan, cluster: { contextName: 'staging-a' } }, [run('staging-a', HOPS, 'succeeded')], staging), undefined, 'the plan\'s own cluster');
    assert.equal(stagingEvidenceFor({ hops: 'nonsense' }, [run('staging-a', HOPS, 'succeeded')], staging), undefined, 'a plan without hops');
  });

  it('ticks the item with the run and its journal; the checklist shows it verified; the same evidence again changes nothing', () => {
    const e = stagingEvidenceFor(plan, [run('staging-a', HOPS, 'succeeded')], staging);
    assert.ok(e);
    const patches = stagingPatches(plan, e, { by: 'alice', at: '2026-11-27T10:00:00Z' });
    assert.ok(patches.ok);
    assert.equal(patches.value[0].id, STAGING_ITEM);
    assert.equal(patches.value[0].evidence, `${TOOL_EVIDENCE_PREFIX}run run-staging-a of plan plan-staging-a succeeded on staging context staging-a at 2026-11-20T10:00:00Z (staging/plan-staging-a.journal.jsonl)`);
    const ticked = { ...plan, checklist: [{ id: STAGING_ITEM, title: 'Staging', state: 'done', required: true, evidence: stagingEvidenceText(e), by: 'alice', at: '2026-11-27T10:00:00Z' }] };
    const entry = planChecklist(ticked).find((x) => x.id === STAGING_ITEM);
    assert.equal(entry?.status, 'verified');
    assert.match(entry?.detail ?? '', /^run run-staging-a of plan plan-staging-a succeeded on staging context staging-a/);
    assert.deepEqual(stagingPatches(ticked, e, { by: 'bob', at: '2026-11-28T10:00:00Z' }), { ok: true, value: [] });
  });

  it('the pattern: empty or invalid makes no context staging, with the reason; a valid one runs on RE2', () => {
    assert.equal(stagingMatcher('').ok, false);
    assert.equal(stagingMatcher('(unclosed').ok, false);
    const m = stagingMatcher('^stag(ing)?-');
    assert.ok(m.ok);
    assert.equal(m.value('staging-eu'), true);
    assert.equal(m.value('prod-eu'), false);
  });
});
