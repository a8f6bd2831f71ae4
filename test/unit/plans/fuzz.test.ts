import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { PlanRules, planCompletions, planHover, validatePlan } from '../../../src/core/plans';
import { EXAMPLE, RELEASES } from './helpers';

const NASTY = ['\t', ':', '- ', '&a ', '*a', '[', ']', '{', '}', '"', "'", '#', '\n', '---\n', '? ', '|', '>', '!!str ', '%YAML 1.2\n', '\u0000', '\uFEFF', '\r\n', 'v1.99.0+k3s1', '1e999', 'null', '~', ',', '@', '`', '  ', 'hops: ', 'component: ceph', 'version: 7'];

/** A mutation of a valid plan: delete, duplicate, insert a nasty token, or replace a span. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 8 })) }),
  fc.record({ kind: fc.constant('dup' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }) }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat(), other: fc.nat(), len: fc.integer({ min: 1, max: 60 }) }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

function apply(text: string, m: Mutation): string {
  const at = text.length === 0 ? 0 : m.at % (text.length + 1);
  switch (m.kind) {
    case 'delete':
      return text.slice(0, at) + text.slice(at + m.len);
    case 'insert':
      return text.slice(0, at) + m.text + text.slice(at);
    case 'dup':
      return text.slice(0, at) + text.slice(at, at + m.len) + text.slice(at);
    case 'swap': {
      const o = text.length === 0 ? 0 : m.other % (text.length + 1);
      return text.slice(0, at) + text.slice(o, o + m.len) + text.slice(at + m.len);
    }
  }
}

describe('plans: fuzz (mutated valid plans)', function () {
  this.timeout(600_000);
  const ctx = { engine: new PlanRules(RELEASES), releases: RELEASES };

  it('10,000 mutated plans: no exception, every range inside the document', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 6 }), fc.nat(), (ms, cursor) => {
        const text = ms.reduce(apply, EXAMPLE);
        const r = validatePlan(text, ctx);
        for (const d of r.diagnostics) {
          assert.ok(d.range.start >= 0 && d.range.start <= d.range.end && d.range.end <= text.length, `${d.code} ${JSON.stringify(d.range)} outside 0..${text.length}`);
          assert.ok(d.message.length > 0);
          for (const f of d.fixes ?? []) for (const e of f.edits) assert.ok(e.range.start >= 0 && e.range.end <= text.length && e.range.start <= e.range.end);
        }
        // Editing features see the same broken text; one in ten cases also exercises them.
        if (cursor % 10 === 0) {
          const at = cursor % (text.length + 1);
          for (const c of planCompletions(text, at, ctx.releases)) assert.ok(c.range.start >= 0 && c.range.end <= text.length);
          const h = planHover(text, at, ctx.releases);
          if (h) assert.ok(h.range.start >= 0 && h.range.end <= text.length);
        }
      }),
      { numRuns: 10_000, seed: 20250601 },
    );
  });
});
