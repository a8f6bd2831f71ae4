// Cluster tier: removed APIs recorded in the real API server: the k3s-demo scenario's objects last applied
// through removed versions, its Helm release Secret (encoded as Helm stores it) whose newest revision renders a
// policy/v1beta1 PodDisruptionBudget, and the apiserver_requested_deprecated_apis metric from /metrics.
import * as assert from 'node:assert/strict';
import { KubeClient } from '../../src/kube/client';
import { readDeprecatedApiMetric } from '../../src/kube/deprecatedApiMetric';
import { readRemovedApiSources } from '../../src/kube/removedApiReader';
import { createTransport } from '../../src/kube/transport';
import { removedApisView } from '../../src/explorer/text/removedApiRows';
import { clusterEnv, kubeConfig } from './env';

describe('removed APIs in the live cluster (cluster tier)', function () {
  if (process.env.UP_SCENARIO && process.env.UP_SCENARIO !== 'k3s-demo') return;
  this.timeout(60_000);
  const env = clusterEnv();

  it('finds the recorded objects, the newest Helm revision only, and reads the metric', async () => {
    const transport = await createTransport(kubeConfig(env.admin), env.admin);
    const client = new KubeClient(transport);
    try {
      const r = await readRemovedApiSources({ client, getText: (p, s, l) => transport.get(p, s, l) });
      assert.ok(r.ok, JSON.stringify(r));
      const scan = r.value;
      assert.deepEqual(scan.objects.problems, []);
      assert.ok(scan.objects.objects > 10, `${scan.objects.objects}`);
      const uses = scan.objects.uses.map((u) => `${u.kind} ${u.namespace}/${u.name} ${u.apiVersion} ${u.sources.join(',')}`);
      assert.ok(uses.includes('Ingress shop/web networking.k8s.io/v1beta1 last-applied'), JSON.stringify(uses));
      assert.ok(uses.includes('CronJob shop/report batch/v1beta1 last-applied'), JSON.stringify(uses));

      assert.deepEqual(scan.helm.problems, []);
      const legacy = scan.helm.releases.find((x) => x.namespace === 'shop' && x.name === 'legacy-shop');
      assert.ok(legacy, JSON.stringify(scan.helm.releases));
      assert.equal(legacy.revision, 2);
      assert.equal(legacy.status, 'deployed');
      assert.equal(legacy.chart, 'legacy-shop-0.4.2');
      // Revision 1's batch/v1beta1 CronJob is superseded: not read.
      assert.deepEqual(legacy.apis, [{ apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', template: 'legacy-shop/templates/pdb.yaml' }]);

      // The admin (system:masters) may GET /metrics. Nothing in the test cluster calls a deprecated API that
      // the 1.36 server still serves, so the gauge has no series; the read says so instead of failing.
      assert.equal(scan.metric?.state, 'readable', JSON.stringify(scan.metric));
      assert.ok(scan.metric?.state === 'readable' && Array.isArray(scan.metric.calls));

      // Judged for the demo cluster (v1.30) against v1.35: grouped by removal version, oldest first.
      const view = removedApisView(scan, { current: 'v1.30', target: 'v1.35', targetMinor: 'v1.35', because: 'the test says so' });
      assert.deepEqual(view.groups.map((g) => [g.label, g.description]), [
        ['Removed in v1.22', '1 · already not served'],
        ['Removed in v1.25', '2 · already not served'],
      ]);
      assert.deepEqual(view.groups[1].rows.map((x) => x.label), ['CronJob shop/report', 'Helm release shop/legacy-shop (rev 2)']);
      assert.match(view.description, /^3 removed · for v1\.35$/);
    } finally {
      client.dispose();
    }
  });

  it('the restricted user reads the same sources (get/list everything, get on non-resource URLs)', async () => {
    const transport = await createTransport(kubeConfig(env.restricted), env.restricted);
    try {
      const m = await readDeprecatedApiMetric((p, s, l) => transport.get(p, s, l));
      assert.ok(m.ok && m.value.state === 'readable', JSON.stringify(m));
      const r = await readRemovedApiSources({ client: new KubeClient(transport) });
      assert.ok(r.ok && r.value.helm.releases.some((x) => x.name === 'legacy-shop'), JSON.stringify(r).slice(0, 500));
    } finally {
      transport.dispose();
    }
  });
});
