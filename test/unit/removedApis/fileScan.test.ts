import * as assert from 'node:assert/strict';
import { findingsOf, mayHoldManifest, scanFile } from '../../../src/removedApis/fileScan';
import { judge } from '../../../src/removedApis/judgement';
import { retryTimeout, underBudget } from '../helpers/timing';

const target = (t: string) => {
  const j = judge({ plans: [{ name: 'p', current: 'v1.20.0', target: t }], setting: '', newestKnown: undefined }).judgement;
  assert.ok(j);
  return j;
};

describe('removedApis: fileScan', () => {
  it('keeps only deprecated or removed refs, with line/character positions of the apiVersion value', () => {
    const text = 'apiVersion: v1\nkind: ConfigMap\n---\n# x\napiVersion: "batch/v1beta1"\nkind: CronJob\n---\napiVersion: apps/v1\nkind: Deployment\n';
    const scan = scanFile(text, 'a.yaml');
    assert.deepEqual(scan.refs.map((r) => [r.apiVersion, r.from, r.to]), [['batch/v1beta1', { line: 4, character: 13 }, { line: 4, character: 26 }]]);
  });

  it('does not parse files that cannot be manifests', () => {
    assert.equal(mayHoldManifest('{"name": "pkg", "version": "1.0.0"}'), false);
    assert.deepEqual(scanFile('{"name": "pkg"}', 'package.json'), { refs: [], problems: [] });
  });

  it('judges the kept refs against the target: removed → error with a rewrite where mechanical, later → warning, not yet → nothing', () => {
    const text = 'apiVersion: batch/v1beta1\nkind: CronJob\n---\napiVersion: extensions/v1beta1\nkind: Ingress\n';
    const refs = scanFile(text, 'a.yaml').refs;
    const at133 = findingsOf(refs, target('v1.33.1'));
    assert.deepEqual(at133.map((f) => [f.finding.kind, f.finding.severity, f.edit?.newText]), [['CronJob', 'error', 'batch/v1'], ['Ingress', 'error', undefined]]);
    const at123 = findingsOf(refs, target('v1.23.1'));
    assert.deepEqual(at123.map((f) => [f.finding.kind, f.finding.severity]), [['CronJob', 'warning'], ['Ingress', 'error']]);
    assert.deepEqual(findingsOf(refs, target('v1.13.0')).map((f) => f.finding.kind), []);
  });

  it('a one-file rescan of a 1 MB manifest stays fast', () => {
    const doc = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: x\nspec:\n  schedule: "* * * * *"\n';
    const text = Array.from({ length: Math.ceil(1_000_000 / (doc.length + 4)) }, () => doc).join('---\n');
    const { value: scan, ms } = underBudget(5000, () => scanFile(text, 'big.yaml'));
    assert.ok(scan.refs.length > 10_000);
    assert.ok(ms < 5000, `took ${ms.toFixed(0)} ms`);
  }).timeout(retryTimeout(5000));
});
