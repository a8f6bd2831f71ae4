import * as assert from 'node:assert/strict';
import { type JournalEntry, MAX_ENTRY_CHARS, journalFileName, journalLine, parseJournal } from '../../../src/core/journal';
import { buildReport } from '../../../src/core/preflight';
import { underBudget } from '../helpers/timing';

const cluster = { context: 'prod', server: 'https://prod.example.com:6443', kubeSystemUID: 'uid-1' };
const preflight: JournalEntry = { type: 'preflight', at: '2026-11-27T10:00:00Z', plan: 'prod', cluster, report: buildReport([], '2026-11-27T10:00:00Z') };
const override: JournalEntry = {
  type: 'override', at: '2026-11-27T10:01:00Z', plan: 'prod', cluster,
  check: { id: 'nodes.cordoned', title: 'No node cordoned', reason: 'k3s-agent-5 is cordoned' },
  override: { reason: 'retired node', by: 'Ada', at: '2026-11-27T10:01:00Z' },
};

describe('core/journal', () => {
  it('names the journal beside the plan', () => {
    assert.equal(journalFileName('prod.upgradeplan.yaml'), 'prod.journal.jsonl');
    assert.equal(journalFileName('prod.upgradeplan.yml'), 'prod.journal.jsonl');
  });

  it('one entry is one line, and reads back as it was', () => {
    const a = journalLine(preflight);
    const b = journalLine(override);
    assert.ok(a.ok && b.ok);
    assert.equal(a.value.split('\n').length, 2);
    assert.ok(a.value.endsWith('\n'));
    const r = parseJournal(a.value + b.value);
    assert.ok(r.ok);
    assert.deepEqual(r.value.entries, [preflight, override]);
    assert.deepEqual(r.value.skipped, []);
  });

  it('a torn last line (a crash while writing) and foreign lines are skipped and named, the rest counts', () => {
    const a = journalLine(preflight);
    assert.ok(a.ok);
    const text = `${a.value}{"type":"nonsense","at":"x"}\n\n${a.value}{"type":"override","at":"2026-11-27T1`;
    const r = parseJournal(text);
    assert.ok(r.ok);
    assert.equal(r.value.entries.length, 2);
    assert.deepEqual(r.value.skipped, [{ line: 2, why: 'not a journal entry' }, { line: 5, why: 'not JSON (a torn or edited line)' }]);
  });

  it('an entry over the cap is refused, not written half', () => {
    const big: JournalEntry = { type: 'decision', at: 'now', plan: 'prod', cluster, action: 'x'.repeat(MAX_ENTRY_CHARS), outcome: 'declined' };
    const r = journalLine(big);
    assert.equal(r.ok, false);
  });

  it('reads a long journal in linear time', () => {
    const a = journalLine(override);
    assert.ok(a.ok);
    const text = a.value.repeat(20_000);
    const { value: r, ms } = underBudget(2000, () => parseJournal(text));
    assert.ok(r.ok);
    assert.equal(r.value.entries.length, 20_000);
    assert.ok(ms < 2000, `${ms} ms`);
  });
});
