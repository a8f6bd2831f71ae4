import * as assert from 'node:assert/strict';
import { findingsOf, scanFile } from '../../../src/removedApis/fileScan';
import { judge } from '../../../src/removedApis/judgement';
import { diagnosticMessage, hoverMarkdown } from '../../../src/removedApis/messages';

const j = judge({ plans: [{ name: 'prod-k3s', current: 'v1.30.4+k3s1', target: 'v1.33.7+k3s3' }], setting: '', newestKnown: undefined }).judgement;
const found = (text: string, file = 'a.yaml') => {
  assert.ok(j);
  const f = findingsOf(scanFile(text, file).refs, j)[0];
  assert.ok(f);
  return f;
};

describe('removedApis: messages', () => {
  it('a mechanical migration: when, against which target and why, and the quick fix', () => {
    assert.ok(j);
    const f = found('apiVersion: batch/v1beta1\nkind: CronJob\n');
    assert.equal(diagnosticMessage(f.finding, j, false), 'batch/v1beta1 CronJob is removed in Kubernetes 1.25; your plan prod-k3s targets v1.33. Use batch/v1 CronJob (served from 1.21); only the apiVersion changes (quick fix).');
    assert.match(hoverMarkdown(f.finding, j, false), /quick fix rewrites it/);
  });

  it('a migration with field changes points to the hover, which lists them', () => {
    assert.ok(j);
    const f = found('apiVersion: extensions/v1beta1\nkind: Ingress\n');
    assert.match(diagnosticMessage(f.finding, j, false), /removed in Kubernetes 1\.22; your plan prod-k3s targets v1\.33\. Use networking\.k8s\.io\/v1 Ingress .*needs field changes: see hover\.$/);
    const hover = hoverMarkdown(f.finding, j, false);
    assert.match(hover, /What else must change/);
    assert.match(hover, /spec\.backend is renamed spec\.defaultBackend/);
    assert.match(hover, /pathType is required/);
  });

  it('says when a finding comes from a Helm template read without rendering', () => {
    assert.ok(j);
    const f = found('apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata:\n  name: {{ .Release.Name }}\n', 'chart/templates/psp.yaml');
    assert.ok(f.ref.bestEffort);
    assert.match(diagnosticMessage(f.finding, j, true), /Helm template read without rendering: best effort/);
    assert.match(hoverMarkdown(f.finding, j, true), /Helm template/);
  });
});
