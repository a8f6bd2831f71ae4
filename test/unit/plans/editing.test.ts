import * as assert from 'node:assert/strict';
import { generatePlanText, planCompletions, planHover, plannedHops } from '../../../src/core/plans';
import { EXAMPLE, RELEASES, validate as validatePlan } from './helpers';

const releases = RELEASES;
const at = (text: string, marker: string): number => {
  const i = text.indexOf(marker);
  assert.ok(i >= 0, marker);
  return i + marker.length;
};

describe('plans: completion', () => {
  it('offers only reachable, existing versions for a hop (same or next minor, newer)', () => {
    const items = planCompletions(EXAMPLE, at(EXAMPLE, '    version: v1.31'), releases).map((c) => c.label);
    assert.ok(items.includes('v1.31.10+k3s1'));
    assert.ok(items.every((v) => /^v1\.3[01]\./.test(v)), items.join());
    assert.ok(!items.includes('v1.32.11+k3s3'));
  });

  it('preselects the latest patch of the running minor first', () => {
    const text = EXAMPLE.replace('hops:\n', 'hops:\n  - component: k3s\n    version: \n');
    const items = planCompletions(text, text.indexOf('version: \n') + 9, releases);
    assert.equal(items.find((c) => c.preselect)?.label, 'v1.30.8+k3s1');
  });

  it('offers enum values and missing keys', () => {
    assert.deepEqual(planCompletions(EXAMPLE, at(EXAMPLE, '  - component: '), releases).map((c) => c.label), ['k3s', 'kubernetes', 'rook', 'ceph']);
    const text = EXAMPLE.replace('    timeout: 10m\n', '    \n');
    const keys = planCompletions(text, text.indexOf('    \n', text.indexOf('drain:')) + 4, releases).map((c) => c.label);
    assert.ok(keys.includes('timeout') && !keys.includes('enabled'), keys.join());
  });
});

describe('plans: hover', () => {
  it('shows the field documentation and the release date on a version', () => {
    const h = planHover(EXAMPLE, at(EXAMPLE, '    version: v1.31.1'), releases);
    assert.ok(h);
    assert.match(h.markdown, /Version the component moves to/);
    assert.match(h.markdown, /released 20\d\d-\d\d-\d\d/);
  });

  const hoverOn = (version: string): string => {
    const text = EXAMPLE.replace('    version: v1.31.10+k3s1\n', `    version: ${version}\n`);
    const h = planHover(text, at(text, `    version: ${version.slice(0, 8)}`), releases);
    assert.ok(h, version);
    return h.markdown;
  };

  it('summarises a release in plain words: no raw markdown links or PR references from the notes', () => {
    const md = hoverOn('v1.35.4+k3s1');
    assert.doesNotMatch(md, /\]\(https:\/\/github\.com\/k3s-io\/k3s\/pull/, md);
    assert.doesNotMatch(md, /\\\[\\\(#/, md);
    assert.match(md, /\d+ changes: Immutable release changes; /, md);
  });

  it('summarises a release by its titled warning, not by an unrelated first line', () => {
    const md = hoverOn('v1.32.11+k3s3');
    assert.match(md, /K3s v1\.34 Upgrade Warning/, md);
    assert.doesNotMatch(md, /This warning targets users/, md);
  });
});

describe('plans: generation', () => {
  it('writes a plan from cluster versions and a target that validates clean', () => {
    const current = { k3s: 'v1.30.4+k3s1', rook: 'v1.14.9', ceph: 'v18.2.4' };
    const path = plannedHops(current, { kubernetes: 'v1.33.7+k3s3' }, releases);
    assert.ok(path.ok);
    const rook = path.hops.filter((h) => h.component === 'rook').at(-1)?.version ?? current.rook;
    const text = generatePlanText({
      cluster: { contextName: 'prod', server: 'https://10.0.0.1:6443', kubeSystemUID: '3f1c2b9a-6d1e-4c55-9a51-0d4e7e3b2c11', distribution: 'k3s' },
      current, target: { k3s: 'v1.33.7+k3s3', rook, ceph: current.ceph }, hops: path.hops, date: '2025-06-01',
    });
    assert.deepEqual(validatePlan(text).diagnostics.map((d) => d.message), []);
    assert.match(text, /kubeSystemUID: 3f1c2b9a/);
    assert.match(text, /id: rollback-rehearsed/);
  });
});
