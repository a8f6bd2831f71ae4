import * as assert from 'node:assert/strict';
import { scanFile } from '../../../src/removedApis/fileScan';
import { judge } from '../../../src/removedApis/judgement';
import { planApiSummary } from '../../../src/removedApis/planSummary';

const j = (current: string, target: string) => {
  const r = judge({ plans: [{ name: 'prod', current, target }], setting: '', newestKnown: undefined }).judgement;
  assert.ok(r);
  return r;
};
const files = [
  { file: 'manifests/ingress.yaml', refs: scanFile('apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: web\n', 'ingress.yaml').refs },
  { file: 'manifests/cron.yaml', refs: scanFile('apiVersion: batch/v1beta1\nkind: CronJob\nmetadata:\n  name: report\n', 'cron.yaml').refs },
  { file: 'manifests/ok.yaml', refs: scanFile('apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n', 'ok.yaml').refs },
];

describe('removedApis/planSummary (the diagnostic on a plan\'s target)', () => {
  it('an error naming what the target no longer serves, with where each use is', () => {
    const s = planApiSummary(j('v1.30.4+k3s1', 'v1.33.7+k3s3'), files);
    assert.ok(s);
    assert.equal(s.severity, 'error');
    assert.equal(s.total, 2);
    assert.match(s.message, /^2 uses in 2 manifest files of the workspace of APIs that v1\.33 no longer serves: extensions\/v1beta1 Ingress \(removed in v1\.22\), batch\/v1beta1 CronJob \(removed in v1\.25\)\./);
    assert.deepEqual(s.uses.map((u) => [u.file, u.line, u.status]), [['manifests/ingress.yaml', 0, 'removed'], ['manifests/cron.yaml', 0, 'removed']]);
  });

  it('only deprecated at the target: a warning; nothing used: no diagnostic', () => {
    const s = planApiSummary(j('v1.19.0', 'v1.21.14'), files);
    assert.ok(s);
    assert.equal(s.severity, 'warning');
    assert.match(s.message, /deprecated at v1\.21/);
    assert.equal(planApiSummary(j('v1.30.4+k3s1', 'v1.33.7+k3s3'), [files[2]]), undefined);
  });
});
