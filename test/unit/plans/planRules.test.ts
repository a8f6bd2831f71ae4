import * as assert from 'node:assert/strict';
import { type ComponentName, type PlanDiagnostic, generatePlanText, plannedHops } from '../../../src/core/plans';
import { EXAMPLE, RELEASES, applyEdits, slice, validate } from './helpers';

const PLAN_HEAD = `apiVersion: upgradeplanner.dev/v1alpha1
kind: UpgradePlan
metadata:
  name: t
cluster:
  contextName: c
  server: https://127.0.0.1:6443
`;

function plan(components: Partial<Record<ComponentName, [string, string]>>, hops: string[]): string {
  const comps = Object.entries(components).map(([c, [cur, tgt]]) => `  ${c}:\n    current: ${cur}\n    target: ${tgt}\n`).join('');
  return `${PLAN_HEAD}components:\n${comps}hops:\n${hops.length ? hops.join('') : '  []\n'}`;
}

const hop = (component: string, version: string, nodes?: string): string => `  - component: ${component}\n    version: ${version}\n${nodes ? `    nodes: ${nodes}\n` : ''}`;
const problems = (ds: readonly PlanDiagnostic[]): PlanDiagnostic[] => ds.filter((d) => d.severity === 'error' || d.severity === 'warning');
const show = (ds: readonly PlanDiagnostic[]): string => JSON.stringify(ds.map((d) => `${d.code}: ${d.message}`), null, 1);

describe('plans: plan rules over the path engine', () => {
  it('reports a current state that already breaks a rule on the current line (Rook outside its Kubernetes window)', () => {
    // Rook v1.14 supports Kubernetes 1.25–1.30; the cluster already runs 1.31.
    const text = plan({ k3s: ['v1.31.10+k3s1', 'v1.31.10+k3s1'], rook: ['v1.14.12', 'v1.15.9'] }, [hop('rook', 'v1.15.9')]);
    const d = validate(text).diagnostics.find((x) => x.code === 'current-state');
    assert.ok(d, show(validate(text).diagnostics));
    assert.equal(slice(text, d.range), 'v1.14.12');
    assert.match(d.message, /Rook v1\.14/);
  });

  it('reports a Ceph release the running Rook does not support on the Ceph current line', () => {
    // Rook v1.16 dropped Quincy (v17).
    const text = plan({ rook: ['v1.16.9', 'v1.16.9'], ceph: ['v17.2.8', 'v18.2.7'] }, [hop('ceph', 'v18.2.7')]);
    const d = validate(text).diagnostics.find((x) => x.code === 'current-state');
    assert.ok(d, show(validate(text).diagnostics));
    assert.equal(slice(text, d.range), 'v17.2.8');
  });

  it('validates a Rook/Ceph-only plan (no Kubernetes versions) and finds its real problems', () => {
    const ok = plan({ rook: ['v1.15.9', 'v1.16.9'], ceph: ['v18.2.4', 'v19.2.3'] }, [hop('ceph', 'v19.2.3'), hop('rook', 'v1.16.9')]);
    assert.deepEqual(problems(validate(ok).diagnostics), []);
    const down = plan({ rook: ['v1.15.9', 'v1.15.9'], ceph: ['v19.2.3', 'v19.2.3'] }, [hop('ceph', 'v18.2.4')]);
    const d = validate(down).diagnostics.find((x) => x.code === 'downgrade');
    assert.ok(d, show(validate(down).diagnostics));
    assert.equal(slice(down, d.range), 'v18.2.4');
  });

  it('computes a Rook/Ceph-only path, and a refusal names the real reason', () => {
    const r = plannedHops({ rook: 'v1.15.9', ceph: 'v18.2.4' }, { rook: 'v1.16.9' }, RELEASES);
    assert.ok(r.ok, JSON.stringify(r));
    assert.deepEqual(r.hops.map((h) => `${h.component}@${h.version}`), ['rook@v1.16.9']);
    const down = plannedHops({ rook: 'v1.15.9', ceph: 'v19.2.3' }, { ceph: 'v18.2.4' }, RELEASES);
    assert.ok(!down.ok);
    assert.match(down.reasons.join(' '), /older than the running|never downgraded/);
    assert.doesNotMatch(down.reasons.join(' '), /no Kubernetes version/);
  });

  it('resolves a minor-only target to the newest patch the catalog knows, and says so', () => {
    const newest31 = RELEASES.latestPatch('k3s', '1.31')!;
    for (const written of ['v1.31', '1.31', 'v1.31.x']) {
      const r = plannedHops({ k3s: 'v1.30.4+k3s1' }, { kubernetes: written }, RELEASES);
      assert.ok(r.ok, `${written}: ${JSON.stringify(r)}`);
      assert.equal(r.hops.at(-1)!.version, newest31, written);
      assert.equal(r.target.kubernetes, newest31);
      assert.ok(r.warnings.some((w) => w.includes(newest31) && w.includes(written)), JSON.stringify(r.warnings));
    }
    const rook = plannedHops({ k3s: 'v1.30.4+k3s1', rook: 'v1.14.12' }, { rook: 'v1.15' }, RELEASES);
    assert.ok(rook.ok, JSON.stringify(rook));
    assert.equal(rook.hops.at(-1)!.version, RELEASES.latestPatch('rook', '1.15'), 'v1.15 is not pinned to v1.15.0');
    const text = EXAMPLE.replace('target: v1.33.7+k3s3', 'target: v1.33');
    const d = validate(text).diagnostics.find((x) => x.code === 'target-minor-line');
    assert.ok(d, show(validate(text).diagnostics));
    assert.equal(d.severity, 'info');
    assert.equal(slice(text, d.range), 'v1.33');
    assert.match(d.message, /v1\.33\.7\+k3s3/);
    assert.deepEqual(problems(validate(text).diagnostics), []);
    assert.ok(applyEdits(text, d.fixes![0].edits).includes('target: v1.33.7+k3s3'));
  });

  it('names the nodes in messages as a person would ("the servers"), never as generated text', () => {
    const text = plan({ k3s: ['v1.30.4+k3s1', 'v1.31.10+k3s1'] }, [hop('k3s', 'v1.31.10+k3s1', 'servers'), hop('k3s', 'v1.31.10+k3s1', 'agents')]);
    const msgs = validate(text).diagnostics.map((d) => d.message);
    assert.ok(msgs.some((m) => /^The servers on v1\.30\.4\+k3s1 should reach the latest v1\.30 patch/.test(m)), JSON.stringify(msgs));
    for (const m of msgs) assert.doesNotMatch(m, /Server nodes|server nodes leaves|agent nodes leaves/);
  });

  it('a Rook target of v1.20 is known as soon as plans are checked (the catalog is the only release list)', () => {
    const text = plan({ k3s: ['v1.35.4+k3s1', 'v1.35.4+k3s1'], rook: ['v1.19.10', 'v1.20.0'] }, [hop('rook', 'v1.20.0')]);
    assert.ok(!validate(text).diagnostics.some((d) => d.code === 'unknown-version'), show(validate(text).diagnostics));
  });
});

describe('plans: generated plans and quick fixes', () => {
  const cases: { current: Partial<Record<ComponentName, string>>; target: string }[] = [
    { current: { k3s: 'v1.30.4+k3s1', rook: 'v1.14.12', ceph: 'v18.2.4' }, target: 'v1.35.4+k3s1' },
    { current: { k3s: 'v1.30.4+k3s1' }, target: 'v1.34.6+k3s1' },
    { current: { k3s: 'v1.32.3+k3s1', rook: 'v1.16.4', ceph: 'v19.2.0' }, target: 'v1.35.4+k3s1' },
    { current: { k3s: 'v1.28.8+k3s1', rook: 'v1.13.10', ceph: 'v17.2.7' }, target: 'v1.31.10+k3s1' },
  ];
  for (const c of cases) {
    it(`a freshly generated plan validates clean: ${Object.values(c.current).join(' + ')} → ${c.target}`, () => {
      const path = plannedHops(c.current, { kubernetes: c.target }, RELEASES);
      assert.ok(path.ok, JSON.stringify(path));
      const target: Partial<Record<ComponentName, string>> = { k3s: c.target };
      for (const comp of ['rook', 'ceph'] as const) {
        const last = path.hops.filter((h) => h.component === comp).at(-1)?.version ?? c.current[comp];
        if (last) target[comp] = last;
      }
      const text = generatePlanText({ cluster: { contextName: 'demo', server: 'https://127.0.0.1:6443', distribution: 'k3s' }, current: c.current, target, hops: path.hops, date: '2026-11-27' });
      assert.deepEqual(validate(text).diagnostics.map((d) => `${d.code}: ${d.message}`), []);
    });
  }

  /** Plans broken the ways people break them, from the generated plan of the demo cluster. */
  function brokenPlans(): string[] {
    const current = { k3s: 'v1.30.4+k3s1', rook: 'v1.14.12', ceph: 'v18.2.4' };
    const path = plannedHops(current, { kubernetes: 'v1.35.4+k3s1' }, RELEASES);
    assert.ok(path.ok);
    const gen = (hops: typeof path.hops): string => generatePlanText({
      cluster: { contextName: 'demo', server: 'https://127.0.0.1:6443', distribution: 'k3s' }, current,
      target: { k3s: 'v1.35.4+k3s1', rook: path.hops.filter((h) => h.component === 'rook').at(-1)!.version, ceph: path.hops.filter((h) => h.component === 'ceph').at(-1)?.version ?? 'v18.2.4' },
      hops, date: '2026-11-27',
    });
    const out: string[] = [];
    path.hops.forEach((h, i) => {
      out.push(gen(path.hops.filter((_, j) => j !== i))); // one hop removed
      const later = path.hops.find((x, j) => j > i && x.component === h.component && x.nodes === h.nodes && x.version !== h.version);
      if (later) out.push(gen(path.hops.map((x, j) => (j === i ? { ...x, version: later.version } : x)))); // one hop jumps ahead (the reported case)
    });
    return out;
  }

  it('every offered quick fix leaves the plan with fewer problems and no new kind of problem', () => {
    let fixesTried = 0;
    for (const text of brokenPlans()) {
      const before = problems(validate(text).diagnostics);
      for (const d of validate(text).diagnostics) {
        for (const fix of d.fixes ?? []) {
          if (d.code === 'risky-edge') continue; // accepting a risk writes a TODO reason on purpose
          fixesTried++;
          const after = problems(validate(applyEdits(text, fix.edits)).diagnostics);
          const count = (ds: PlanDiagnostic[], code: string) => ds.filter((x) => x.code === code).length;
          assert.ok(after.length < before.length || (d.severity === 'info' && after.length <= before.length), `"${fix.title}" for ${d.code} left ${after.length} problems (was ${before.length}):\n${show(after)}\nwas:\n${show(before)}`);
          for (const a of after) assert.ok(count(after, a.code) <= count(before, a.code), `"${fix.title}" brought a new ${a.code}: ${a.message}`);
        }
      }
    }
    assert.ok(fixesTried > 10, `only ${fixesTried} fixes were tried`);
  });

  it('the reported case: a servers hop moved a minor ahead gets a servers hop inserted, and the plan is clean again', () => {
    const current = { k3s: 'v1.30.4+k3s1' };
    const path = plannedHops(current, { kubernetes: 'v1.33.7+k3s3' }, RELEASES);
    assert.ok(path.ok);
    const v31 = RELEASES.latestPatch('k3s', '1.31')!;
    const v32 = RELEASES.latestPatch('k3s', '1.32')!;
    const i = path.hops.findIndex((h) => h.version === v31 && h.nodes === 'servers');
    const hops = path.hops.map((h, j) => (j === i ? { ...h, version: v32 } : h));
    const text = generatePlanText({ cluster: { contextName: 'demo', server: 'https://127.0.0.1:6443' }, current, target: { k3s: 'v1.33.7+k3s3' }, hops, date: '2026-11-27' });
    const d = validate(text).diagnostics.find((x) => x.code === 'skipped-minor');
    assert.ok(d, show(validate(text).diagnostics));
    const fix = d.fixes!.find((f) => f.title.includes(v31))!;
    assert.ok(fix, JSON.stringify(d.fixes));
    assert.match(fix.edits[0].newText, /nodes: servers/);
    const fixed = applyEdits(text, fix.edits);
    const left = problems(validate(fixed).diagnostics);
    assert.ok(!left.some((x) => x.code === 'skipped-minor' || x.code === 'downgrade'), show(left));
    for (const m of left.map((x) => x.message)) assert.doesNotMatch(m, /Server nodes/);
  });
});
