import * as assert from 'node:assert/strict';
import { parseKubeVersion, type KubeVersion } from '../../../src/core/versions';
import { newestKnownMinor, pluralOf, removedApisView } from '../../../src/explorer/text/removedApiRows';
import type { RemovedApiScan } from '../../../src/kube/removedApiReader';

const scan: RemovedApiScan = {
  objects: {
    objects: 42,
    problems: ['ClusterRoles: not readable (needs "list clusterroles.rbac.authorization.k8s.io").'],
    uses: [
      { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', namespace: 'shop', name: 'web', sources: ['last-applied'] },
      { apiVersion: 'batch/v1beta1', kind: 'CronJob', namespace: 'shop', name: 'report', sources: ['last-applied', 'managedFields (kubectl)'] },
      { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler', namespace: 'shop', name: 'api', sources: ['managedFields (kube-controller-manager)'] },
    ],
  },
  helm: {
    problems: [],
    releases: [
      { namespace: 'shop', name: 'legacy-shop', revision: 2, status: 'deployed', chart: 'legacy-shop-0.4.2', apis: [{ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', template: 'legacy-shop/templates/pdb.yaml' }] },
      { namespace: 'default', name: 'broken', revision: 1, status: 'unknown', chart: undefined, apis: [], problem: 'The release is not valid JSON.' },
    ],
  },
  metric: { state: 'readable', calls: [{ group: 'flowcontrol.apiserver.k8s.io', version: 'v1beta3', resource: 'flowschemas', subresource: '', removedRelease: '1.32', calls: 12 }] },
  ms: 1234,
};

const judgement = (current: string, target: string) => ({ current, target, targetMinor: target, because: `your plan prod targets ${target}` });

describe('explorer/text Removed APIs rows', () => {
  it('groups the cluster\'s findings by removal version, oldest first, naming objects, releases and calls', () => {
    const v = removedApisView(scan, judgement('v1.24', 'v1.32'));
    assert.deepEqual(v.groups.map((g) => [g.label, g.description, g.severity]), [
      ['Removed in v1.22', '1 · already not served', 'error'],
      ['Removed in v1.25', '2 · on the way to v1.32', 'error'],
      ['Removed in v1.26', '1 · on the way to v1.32', 'error'],
      ['Removed in v1.32', '1 · on the way to v1.32', 'error'],
    ]);
    assert.deepEqual(v.groups[1].rows.map((r) => [r.label, r.description]), [
      ['CronJob shop/report', 'batch/v1beta1 → batch/v1 · last-applied, managedFields (kubectl)'],
      ['Helm release shop/legacy-shop (rev 2)', 'policy/v1beta1 PodDisruptionBudget → policy/v1 · legacy-shop/templates/pdb.yaml'],
    ]);
    assert.deepEqual(v.groups[3].rows.map((r) => [r.label, r.description]), [['flowcontrol.apiserver.k8s.io/v1beta3 flowschemas', 'called 12 times → flowcontrol.apiserver.k8s.io/v1']]);
    assert.match(v.groups[1].rows[1].tooltip, /newest revision \(2, deployed, chart legacy-shop-0\.4\.2\) from legacy-shop\/templates\/pdb\.yaml/);
    assert.equal(v.description, '5 removed · for v1.32');
    assert.equal(v.severity, 'error');
    assert.match(v.tooltip, /^Judged against Kubernetes v1\.32: your plan prod targets v1\.32\.\nRead 42 objects, 2 Helm releases and the API server metric in 1\.2 s\./);
    assert.deepEqual(v.problems, ['ClusterRoles: not readable (needs "list clusterroles.rbac.authorization.k8s.io").', 'Helm release default/broken (revision 1): The release is not valid JSON.']);
  });

  it('an older target: only what is gone or deprecated by then, deprecations as warnings', () => {
    const v = removedApisView(scan, judgement('v1.20', 'v1.21'));
    assert.deepEqual(v.groups.map((g) => [g.label, g.severity]), [
      ['Removed in v1.22 (deprecated at v1.21)', 'warning'],
      ['Removed in v1.25 (deprecated at v1.21)', 'warning'],
    ]);
    assert.equal(v.description, '3 deprecated · for v1.21');
  });

  it('nothing to report, and an unreadable metric is said, not hidden', () => {
    const v = removedApisView({ ...scan, objects: { ...scan.objects, uses: [], problems: [] }, helm: { releases: [], problems: [] }, metric: { state: 'not-readable', reason: 'the credentials may not read /metrics (HTTP 403)' } }, judgement('v1.30', 'v1.35'));
    assert.deepEqual(v.groups, []);
    assert.equal(v.description, 'none · for v1.35');
    assert.equal(v.severity, 'none');
    assert.deepEqual(v.problems, ['API server metric: not readable (the credentials may not read /metrics (HTTP 403)).']);
  });

  it('a call to a deprecated API the lifecycle data does not list still shows, as the server says', () => {
    const call = { group: 'example.dev', version: 'v1beta1', resource: 'widgets', subresource: '', removedRelease: '1.40', calls: 1 };
    const v = removedApisView({ ...scan, objects: { ...scan.objects, uses: [] }, helm: { releases: [], problems: [] }, metric: { state: 'readable', calls: [call] } }, judgement('v1.30', 'v1.35'));
    assert.deepEqual(v.groups.map((g) => [g.label, g.rows.map((r) => `${r.label}: ${r.description}`)]), [['Deprecated, called on the API server', ['example.dev/v1beta1 widgets: called 1 time · removed in 1.40']]]);
    assert.equal(v.description, '1 deprecated · for v1.35');
  });

  it('CRD versions their owners deprecated or stopped serving show in a group of their own, whatever the target; an unreadable list is said', () => {
    const crds = {
      state: 'read' as const, crds: 30,
      versions: [
        { crd: 'cephclusters.ceph.rook.io', group: 'ceph.rook.io', version: 'v1beta1', kind: 'CephCluster', served: false, deprecated: true, warning: undefined, stored: true },
        { crd: 'widgets.example.dev', group: 'example.dev', version: 'v1alpha1', kind: 'Widget', served: true, deprecated: true, warning: 'use example.dev/v1', stored: false },
      ],
    };
    const none = { ...scan, objects: { ...scan.objects, uses: [], problems: [] }, helm: { releases: [], problems: [] }, metric: undefined };
    const v = removedApisView({ ...none, crds }, judgement('v1.30', 'v1.31'));
    assert.deepEqual(v.groups.map((g) => [g.key, g.label, g.description, g.severity]), [['crd', 'CRD versions their owners retire', '2', 'warning']]);
    assert.deepEqual(v.groups[0].rows.map((r) => [r.label, r.description]), [
      ['CephCluster ceph.rook.io/v1beta1', 'no longer served; objects may still be stored at it'],
      ['Widget example.dev/v1alpha1', 'deprecated by its owner'],
    ]);
    assert.match(v.groups[0].rows[0].tooltip, /Migrate the stored objects to a served version before an upgrade removes it/);
    assert.match(v.groups[0].rows[1].tooltip, /Its warning: use example\.dev\/v1/);
    assert.equal(v.description, '2 deprecated · for v1.31');
    assert.equal(v.severity, 'warning');
    const unread = removedApisView({ ...none, crds: { state: 'not-checked', reason: 'CustomResourceDefinitions: not readable (needs "list customresourcedefinitions.apiextensions.k8s.io").' } }, judgement('v1.30', 'v1.31'));
    assert.deepEqual(unread.problems, ['CustomResourceDefinitions: not readable (needs "list customresourcedefinitions.apiextensions.k8s.io").']);
  });

  it('kinds from resource plurals', () => {
    assert.deepEqual(['Ingress', 'PodSecurityPolicy', 'CronJob', 'Endpoints', 'FlowSchema'].map(pluralOf), ['ingresses', 'podsecuritypolicies', 'cronjobs', 'endpoints', 'flowschemas']);
  });

  it('the newest minor the catalog knows, by following "next minor" from the cluster\'s version', () => {
    const latest: Record<string, string> = { '1.30': 'v1.31.9+k3s1', '1.31': 'v1.32.5+k3s1', '1.32': 'v1.33.1+k3s1' };
    const releases = { kubeUpdates: (v: KubeVersion) => ({ minor: latest[`${v.major}.${v.minor}`] }) };
    assert.equal(newestKnownMinor(releases, 'v1.30.4+k3s1'), '1.33');
    assert.equal(newestKnownMinor(releases, 'v1.30.4'), '1.33');
    // A cluster newer than the catalog is judged at least at its own minor.
    assert.equal(newestKnownMinor(releases, 'v1.36.1'), '1.36');
    assert.equal(newestKnownMinor({ kubeUpdates: () => undefined }, 'v1.30.4+k3s1'), '1.30');
    assert.equal(newestKnownMinor(releases, 'banana'), undefined);
    assert.ok(parseKubeVersion('v1.30.4').ok);
  });
});
