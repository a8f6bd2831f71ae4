import * as assert from 'node:assert/strict';
import { EXAMPLE, applyEdits, slice, validate as validatePlan } from './helpers';

const diag = (text: string, code: string) => {
  const all = validatePlan(text).diagnostics;
  const d = all.find((x) => x.code === code);
  assert.ok(d, `expected ${code} in ${JSON.stringify(all.map((x) => `${x.code}: ${x.message}`))}`);
  return d;
};

describe('plans: semantic rules', () => {
  it('skipped minor: on the hop version, with a fix inserting the missing hop that clears it', () => {
    const text = EXAMPLE.replace('    version: v1.31.10+k3s1\n', '    version: v1.32.11+k3s3\n');
    const d = diag(text, 'skipped-minor');
    assert.equal(slice(text, d.range), 'v1.32.11+k3s3');
    assert.match(d.message, /one minor at a time/);
    const fix = d.fixes!.find((f) => f.title.includes('v1.31.10+k3s1'));
    assert.ok(fix, JSON.stringify(d.fixes));
    const fixed = applyEdits(text, fix.edits);
    assert.ok(!validatePlan(fixed).diagnostics.some((x) => x.code === 'skipped-minor'));
  });

  it('downgrade', () => {
    const text = EXAMPLE.replace('    version: v1.30.8+k3s1\n', '    version: v1.30.2+k3s1\n');
    assert.equal(slice(text, diag(text, 'downgrade').range), 'v1.30.2+k3s1');
  });

  it('unknown version, with a fix to the latest patch of its minor', () => {
    const text = EXAMPLE.replace('    version: v1.31.10+k3s1\n', '    version: v1.31.99+k3s1\n');
    const d = diag(text, 'unknown-version');
    assert.equal(slice(text, d.range), 'v1.31.99+k3s1');
    assert.ok(d.fixes?.some((f) => f.edits[0].newText === 'v1.31.10+k3s1'));
  });

  it('not the latest patch: use-latest-patch fix', () => {
    const text = EXAMPLE.replace('    version: v1.31.10+k3s1\n', '    version: v1.31.2+k3s1\n');
    const d = diag(text, 'not-latest-patch');
    const fixed = applyEdits(text, d.fixes![0].edits);
    assert.ok(fixed.includes('version: v1.31.10+k3s1'));
  });

  it('Ceph release unsupported by the target Rook', () => {
    const text = EXAMPLE.replace('current: v18.2.4', 'current: v17.2.7').replace(/ {2}- component: ceph\n {4}version: v19.2.3\n {4}reason: [^\n]*\n/, '');
    const d = diag(text, 'ceph-unsupported');
    assert.equal(slice(text, d.range), 'v1.16.9');
  });

  it('skew: Kubernetes beyond the running Rook window', () => {
    const text = EXAMPLE.replace(/ {2}- component: rook\n {4}version: v1.17.9\n {4}reason: [^\n]*\n/, '');
    assert.ok(validatePlan(text).diagnostics.some((d) => /rook\.kubernetes|skew/.test(d.code)));
  });

  it('target not reached: fix appends the missing hops', () => {
    const text = EXAMPLE.replace('target: v1.33.7+k3s3', 'target: v1.34.6+k3s1').replace('target: v1.17.9', 'target: v1.17.9');
    const d = diag(text, 'target-not-reached');
    assert.equal(slice(text, d.range), 'v1.34.6+k3s1');
    assert.ok(d.fixes?.[0].edits[0].newText.includes('v1.34.6+k3s1'));
  });

  it('risky edge (the shipped etcd 3.6 risk file) not accepted: warning with an accept-risk fix that clears it', () => {
    const text = EXAMPLE.replace('current: v1.30.4+k3s1', 'current: v1.33.6+k3s1').replace('target: v1.33.7+k3s3', 'target: v1.34.6+k3s1')
      .replace(/hops:\n[\s\S]*?\nstrategy:/, 'hops:\n  - component: k3s\n    version: v1.34.6+k3s1\n    reason: target\n  - component: rook\n    version: v1.15.9\n    reason: r\nstrategy:');
    const d = diag(text, 'risky-edge');
    assert.equal(slice(text, d.range), 'v1.34.6+k3s1');
    assert.match(d.message, /etcd 3\.6/);
    const fixed = applyEdits(text, d.fixes![0].edits);
    assert.ok(fixed.includes('acceptedRisks:\n  - id: k3s-etcd-3.6-zombie-members'), fixed);
    assert.ok(!validatePlan(fixed).diagnostics.some((x) => x.code === 'risky-edge'));
    // From v1.33.7+k3s3 (etcd v3.5.26) the same hop is safe.
    const safe = text.replace('current: v1.33.6+k3s1', 'current: v1.33.7+k3s3');
    assert.ok(!validatePlan(safe).diagnostics.some((x) => x.code === 'risky-edge'));
  });

  it('pinned to another cluster', () => {
    const r = validatePlan(EXAMPLE, { clusters: { contexts: [{ name: 'prod-k3s', server: 'https://192.168.1.1:6443' }] } });
    const d = r.diagnostics.find((x) => x.code === 'pinned-to-other-cluster');
    assert.ok(d);
    assert.equal(slice(EXAMPLE, d.range), 'https://10.0.0.10:6443');
  });
});
