import * as assert from 'node:assert/strict';
import { type ApiFinding, findingsFor } from '../../../src/core/apis';

function finding(apiVersion: string, kind: string, current: string, target: string): ApiFinding | undefined {
  const r = findingsFor(apiVersion, kind, { current, target });
  assert.ok(r.ok, r.ok ? '' : r.error);
  return r.value;
}

describe('apis: findings and the known migrations', () => {
  it('extensions/v1beta1 Ingress → networking.k8s.io/v1 needs field changes', () => {
    const f = finding('extensions/v1beta1', 'Ingress', '1.20', '1.22')!;
    assert.equal(f.severity, 'error');
    assert.equal(f.removedIn, '1.22');
    assert.equal(f.removedOnTheWay, true);
    assert.equal(f.replacementApiVersion, 'networking.k8s.io/v1');
    assert.equal(f.replacementFrom, '1.19');
    assert.equal(f.change, 'fields');
    assert.deepEqual(f.notes, [
      'spec.backend is renamed spec.defaultBackend.',
      "A backend's serviceName is renamed service.name.",
      "A backend's numeric servicePort becomes service.port.number, a named one service.port.name.",
      'pathType is required on each path (Exact, Prefix or ImplementationSpecific).',
    ]);
    assert.match(f.message, /^extensions\/v1beta1 Ingress is removed in Kubernetes 1\.22, on the way to 1\.22\. Use networking\.k8s\.io\/v1 Ingress \(served from 1\.19\); fields change too: spec\.backend/);
  });

  it('an API already gone at the current version says so', () => {
    const f = finding('extensions/v1beta1', 'Ingress', '1.30', '1.31')!;
    assert.equal(f.removedOnTheWay, false);
    assert.match(f.message, /is not served since Kubernetes 1\.22\./);
  });

  it('a deprecated API removed after the target is a warning naming the removal', () => {
    const f = finding('batch/v1beta1', 'CronJob', '1.21', '1.23')!;
    assert.equal(f.status, 'deprecated');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /deprecated since Kubernetes 1\.21; it is removed in 1\.25\. Use batch\/v1 CronJob \(served from 1\.21\); only the apiVersion changes\./);
  });

  it('CronJob batch/v1beta1 → batch/v1 and HPA autoscaling/v2beta2 → v2 are mechanical', () => {
    assert.equal(finding('batch/v1beta1', 'CronJob', '1.24', '1.25')?.change, 'mechanical');
    const hpa = finding('autoscaling/v2beta2', 'HorizontalPodAutoscaler', '1.25', '1.26')!;
    assert.equal(hpa.change, 'mechanical');
    assert.equal(hpa.replacementApiVersion, 'autoscaling/v2');
    assert.equal(finding('autoscaling/v2beta1', 'HorizontalPodAutoscaler', '1.24', '1.25')?.change, 'fields');
  });

  it('PodDisruptionBudget policy/v1beta1 → policy/v1: the empty selector changes meaning', () => {
    const f = finding('policy/v1beta1', 'PodDisruptionBudget', '1.24', '1.25')!;
    assert.equal(f.change, 'fields');
    assert.deepEqual(f.notes, ['An empty spec.selector ({}) selects every pod in the namespace in policy/v1; in policy/v1beta1 it selected none. An unset spec.selector selects none in both.']);
  });

  it('PodSecurityPolicy is removed with no replacement', () => {
    const f = finding('policy/v1beta1', 'PodSecurityPolicy', '1.24', '1.25')!;
    assert.equal(f.change, 'none');
    assert.equal(f.replacement, null);
    assert.match(f.message, /removed in Kubernetes 1\.25, on the way to 1\.25\. PodSecurityPolicy is removed with no replacement API; enforce pod security with Pod Security Admission/);
    // extensions/v1beta1 PSP (gone in 1.16) follows its replacement into the same dead end.
    assert.equal(finding('extensions/v1beta1', 'PodSecurityPolicy', '1.15', '1.25')?.change, 'none');
  });

  it('flowcontrol follows the replacement chain past versions removed at the target', () => {
    const at27 = finding('flowcontrol.apiserver.k8s.io/v1beta1', 'PriorityLevelConfiguration', '1.25', '1.27')!;
    assert.equal(at27.replacementApiVersion, 'flowcontrol.apiserver.k8s.io/v1beta3');
    assert.equal(at27.change, 'mechanical');
    const at32 = finding('flowcontrol.apiserver.k8s.io/v1beta1', 'PriorityLevelConfiguration', '1.25', '1.32')!;
    assert.equal(at32.replacementApiVersion, 'flowcontrol.apiserver.k8s.io/v1');
    assert.equal(at32.change, 'fields');
    assert.deepEqual(at32.notes, ['spec.limited.nominalConcurrencyShares defaults to 30 only when unset; an explicit 0 is no longer changed to 30.']);
    assert.equal(finding('flowcontrol.apiserver.k8s.io/v1beta3', 'FlowSchema', '1.31', '1.32')?.change, 'mechanical');
    const v1beta2 = finding('flowcontrol.apiserver.k8s.io/v1beta2', 'PriorityLevelConfiguration', '1.28', '1.29')!;
    // At 1.29 v1beta3 is deprecated too, and v1 is served: the chain ends at v1 and carries both hops' notes.
    assert.equal(v1beta2.replacementApiVersion, 'flowcontrol.apiserver.k8s.io/v1');
    assert.deepEqual(v1beta2.notes, [
      'spec.limited.assuredConcurrencyShares is renamed spec.limited.nominalConcurrencyShares.',
      'spec.limited.nominalConcurrencyShares defaults to 30 only when unset; an explicit 0 is no longer changed to 30.',
    ]);
    assert.equal(finding('flowcontrol.apiserver.k8s.io/v1beta2', 'PriorityLevelConfiguration', '1.26', '1.28')?.replacementApiVersion, 'flowcontrol.apiserver.k8s.io/v1beta3');
  });

  it('CSIStorageCapacity storage.k8s.io/v1beta1 → v1 is mechanical; CRDs and webhooks need field changes', () => {
    const f = finding('storage.k8s.io/v1beta1', 'CSIStorageCapacity', '1.26', '1.27')!;
    assert.equal(f.change, 'mechanical');
    assert.equal(f.replacementApiVersion, 'storage.k8s.io/v1');
    const crd = finding('apiextensions.k8s.io/v1beta1', 'CustomResourceDefinition', '1.21', '1.22')!;
    assert.equal(crd.change, 'fields');
    assert.ok(crd.notes.includes('spec.scope is no longer defaulted to Namespaced and must be set.'));
    const webhook = finding('admissionregistration.k8s.io/v1beta1', 'ValidatingWebhookConfiguration', '1.21', '1.22')!;
    assert.ok(webhook.notes.includes('webhooks[*].sideEffects is required; only None and NoneOnDryRun are allowed.'));
  });

  it('IngressClass: the upstream IngressClassList replacement is read as IngressClass', () => {
    const f = finding('networking.k8s.io/v1beta1', 'IngressClass', '1.21', '1.22')!;
    assert.deepEqual(f.replacement, { group: 'networking.k8s.io', version: 'v1', kind: 'IngressClass' });
  });

  it('a served API, an unknown one, and bad plan versions', () => {
    assert.equal(finding('apps/v1', 'Deployment', '1.30', '1.35'), undefined);
    assert.equal(finding('example.com/v1beta1', 'Widget', '1.30', '1.35'), undefined);
    assert.equal(finding('v1', 'ConfigMap', 'v1.30.4+k3s1', 'v1.35.0'), undefined);
    const bad = findingsFor('extensions/v1beta1', 'Ingress', { current: '1.30', target: 'latest' });
    assert.deepEqual(bad, { ok: false, error: '"latest" is not a Kubernetes version.' });
  });
});
