import * as assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type JournalEntry, parseJournal } from '../../../src/core/journal';
import { JournalFile, journalPathFor } from '../../../src/journal/journalFile';

const cluster = { context: 'prod', server: 'https://prod.example.com:6443', kubeSystemUID: 'uid-1' };
const decision = (i: number): JournalEntry => ({ type: 'decision', at: `2026-11-27T10:00:${String(i % 60).padStart(2, '0')}Z`, plan: 'prod', cluster, action: `step ${i}`, outcome: 'confirmed' });

describe('journal/journalFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'journal-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('lives beside the plan', () => {
    assert.equal(journalPathFor('/w/plans/prod.upgradeplan.yaml'), '/w/plans/prod.journal.jsonl');
  });

  it('appends, never rewrites: what was there stays, entries come back in the order asked even when written at once', async () => {
    const file = join(dir, 'prod.journal.jsonl');
    writeFileSync(file, '{"earlier":"line kept as it is"}\n');
    const j = new JournalFile(file);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => j.append(decision(i))));
    assert.ok(results.every((r) => r.ok));
    const text = readFileSync(file, 'utf8');
    assert.ok(text.startsWith('{"earlier":"line kept as it is"}\n'));
    const parsed = parseJournal(text);
    assert.ok(parsed.ok);
    assert.deepEqual(parsed.value.entries.map((e) => (e.type === 'decision' ? e.action : '')), Array.from({ length: 50 }, (_, i) => `step ${i}`));
    assert.equal(parsed.value.skipped.length, 1, 'the foreign line is skipped, not lost');
  });

  it('a journal that cannot be written is an error value naming the file, not a throw', async () => {
    const j = new JournalFile(join(dir, 'missing-folder', 'prod.journal.jsonl'));
    const r = await j.append(decision(1));
    assert.equal(r.ok, false);
    assert.match(r.ok ? '' : r.error, /Could not write the journal .*missing-folder/);
  });
});
