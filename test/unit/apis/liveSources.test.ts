import * as assert from 'node:assert/strict';
import { constants, gzipSync } from 'node:zlib';
import { KubeClient, type HttpResponse, type Transport } from '../../../src/kube/client';
import { parseDeprecatedApiMetric, readDeprecatedApiMetric } from '../../../src/kube/deprecatedApiMetric';
import { nodeHelmCodec } from '../../../src/kube/helmCodec';
import { readRemovedApiSources } from '../../../src/kube/removedApiReader';
import { LAST_APPLIED, apiUsesOf, lastApplied, readHelmReleases, readLiveObjects } from '../../../src/kube/removedApiSources';
import { underBudget } from '../helpers/timing';

/** A read-only transport answering GETs from a route table (path without query → answer). */
function fakeClient(routes: Record<string, (query: URLSearchParams) => HttpResponse>, seen: string[] = []): KubeClient {
  const transport: Transport = {
    get: (path) => {
      seen.push(path);
      const [p, q] = path.split('?');
      const route = routes[p];
      return Promise.resolve(route ? route(new URLSearchParams(q ?? '')) : { status: 404, body: JSON.stringify({ kind: 'Status', message: 'not found' }) });
    },
    stream: () => Promise.reject(new Error('no watch')),
    dispose: () => undefined,
  };
  return new KubeClient(transport);
}

const list = (items: unknown[]): HttpResponse => ({ status: 200, body: JSON.stringify({ metadata: { resourceVersion: '1' }, items }) });

const ingress = {
  metadata: {
    name: 'web',
    namespace: 'shop',
    annotations: { [LAST_APPLIED]: JSON.stringify({ apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', metadata: { name: 'web' } }) },
    managedFields: [
      { manager: 'kubectl-client-side-apply', operation: 'Update', apiVersion: 'extensions/v1beta1' },
      { manager: 'nginx-ingress-controller', operation: 'Update', apiVersion: 'networking.k8s.io/v1', subresource: 'status' },
    ],
  },
};

/** A Helm release Secret as the API returns it (Helm's base64(gzip(json)), base64-encoded again as Secret data). */
function helmSecret(name: string, revision: number, status: string, manifest: string, namespace = 'shop') {
  const helm = gzipSync(Buffer.from(JSON.stringify({ name, namespace, version: revision, info: { status }, chart: { metadata: { name, version: '1.0.0' } }, manifest })), { level: constants.Z_BEST_COMPRESSION }).toString('base64');
  return { metadata: { name: `sh.helm.release.v1.${name}.v${revision}`, namespace, labels: { owner: 'helm', name, status, version: String(revision) } }, type: 'helm.sh/release.v1', data: { release: Buffer.from(helm).toString('base64') } };
}

describe('apis: removed APIs recorded in the live cluster', () => {
  it('an object last applied and managed through removed versions is one use per apiVersion, naming each source', () => {
    const uses = apiUsesOf(ingress, 'Ingress');
    assert.deepEqual(uses, [
      { apiVersion: 'networking.k8s.io/v1beta1', kind: 'Ingress', namespace: 'shop', name: 'web', sources: ['last-applied'] },
      { apiVersion: 'extensions/v1beta1', kind: 'Ingress', namespace: 'shop', name: 'web', sources: ['managedFields (kubectl-client-side-apply)'] },
    ]);
    // Current versions, no annotation, broken JSON: nothing.
    assert.deepEqual(apiUsesOf({ metadata: { name: 'x', annotations: { [LAST_APPLIED]: '{"apiVersion": "apps/v1"' } } }, 'Deployment'), []);
    assert.equal(lastApplied('x'.repeat(300 * 1024)), undefined);
  });

  it('reads the bounded set of kinds; a kind the cluster does not serve is skipped, a 403 is a problem', async () => {
    const seen: string[] = [];
    const client = fakeClient({
      '/apis/networking.k8s.io/v1/ingresses': () => list([ingress]),
      '/apis/apps/v1/deployments': () => list([{ metadata: { name: 'api', namespace: 'shop' } }]),
      '/apis/rbac.authorization.k8s.io/v1/clusterroles': () => ({ status: 403, body: JSON.stringify({ message: 'clusterroles.rbac.authorization.k8s.io is forbidden: User "v" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope' }) }),
    }, seen);
    const r = await readLiveObjects(client);
    assert.ok(r.ok);
    assert.equal(r.value.objects, 2);
    assert.deepEqual(r.value.uses.map((u) => `${u.kind} ${u.namespace}/${u.name} ${u.apiVersion}`), ['Ingress shop/web networking.k8s.io/v1beta1', 'Ingress shop/web extensions/v1beta1']);
    assert.deepEqual(r.value.problems, ['ClusterRoles: not readable (needs "list clusterroles.rbac.authorization.k8s.io").']);
    assert.equal(seen.length, 18);
  });

  it('decodes only the newest revision of each Helm release', async () => {
    const seen: string[] = [];
    let query: URLSearchParams | undefined;
    const pdb = '---\n# Source: legacy/templates/pdb.yaml\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\nmetadata:\n  name: legacy\n';
    const client = fakeClient({
      '/api/v1/secrets': (q) => {
        query = q;
        return list([helmSecret('legacy', 1, 'failed', 'not: [yaml'), helmSecret('legacy', 2, 'deployed', pdb), helmSecret('other', 1, 'deployed', '', 'default')]);
      },
    }, seen);
    const r = await readHelmReleases(client, nodeHelmCodec);
    assert.ok(r.ok);
    assert.equal(query?.get('labelSelector'), 'owner=helm,status!=superseded');
    assert.equal(query?.get('fieldSelector'), 'type=helm.sh/release.v1');
    assert.deepEqual(r.value.releases.map((x) => [x.namespace, x.name, x.revision, x.status, x.chart, x.apis.map((a) => `${a.apiVersion} ${a.kind} ${a.template}`)]), [
      ['default', 'other', 1, 'deployed', 'other-1.0.0', []],
      ['shop', 'legacy', 2, 'deployed', 'legacy-1.0.0', ['policy/v1beta1 PodDisruptionBudget legacy/templates/pdb.yaml']],
    ]);
  });

  it('Helm Secrets that may not be listed are a problem, not a failure', async () => {
    const client = fakeClient({ '/api/v1/secrets': () => ({ status: 403, body: JSON.stringify({ message: 'secrets is forbidden: User "v" cannot list resource "secrets" in API group "" at the cluster scope' }) }) });
    const r = await readHelmReleases(client, nodeHelmCodec);
    assert.ok(r.ok);
    assert.deepEqual(r.value.problems, ['Helm release Secrets: not readable (needs "list secrets").']);
  });
});

const metrics = [
  '# HELP apiserver_requested_deprecated_apis [STABLE] Gauge of deprecated APIs that have been requested, broken out by API group, version, resource, subresource, and removed_release.',
  '# TYPE apiserver_requested_deprecated_apis gauge',
  'apiserver_requested_deprecated_apis{group="batch",removed_release="1.25",resource="cronjobs",subresource="",version="v1beta1"} 1',
  'apiserver_requested_deprecated_apis{group="policy",removed_release="1.25",resource="poddisruptionbudgets",subresource="",version="v1beta1"} 1',
  'apiserver_request_total{code="200",component="apiserver",dry_run="",group="batch",resource="cronjobs",scope="resource",subresource="",verb="GET",version="v1beta1"} 5',
  'apiserver_request_total{code="200",component="apiserver",dry_run="",group="batch",resource="cronjobs",scope="cluster",subresource="",verb="LIST",version="v1beta1"} 7',
  'apiserver_request_total{code="200",component="apiserver",dry_run="",group="batch",resource="cronjobs",scope="cluster",subresource="",verb="LIST",version="v1"} 100',
  'apiserver_request_total_other{group="policy",resource="poddisruptionbudgets",subresource="",version="v1beta1"} 9',
  '',
].join('\n');

describe('apis: the API server deprecated-API metric', () => {
  it('joins the deprecated gauge with the request counter', () => {
    assert.deepEqual(parseDeprecatedApiMetric(metrics), [
      { group: 'batch', version: 'v1beta1', resource: 'cronjobs', subresource: '', removedRelease: '1.25', calls: 12 },
      { group: 'policy', version: 'v1beta1', resource: 'poddisruptionbudgets', subresource: '', removedRelease: '1.25', calls: undefined },
    ]);
  });

  it('reads escaped label values', () => {
    const line = String.raw`apiserver_requested_deprecated_apis{group="we\"ird\\",removed_release="",resource="things",subresource="",version="v1"} 1`;
    assert.deepEqual(parseDeprecatedApiMetric(line).map((c) => c.group), ['we"ird\\']);
  });

  it('a 403 is "not readable", not an error; the GET is capped', async () => {
    let maxBytes: number | undefined;
    const r = await readDeprecatedApiMetric((_p, _s, limits) => {
      maxBytes = limits?.maxBytes;
      return Promise.resolve({ status: 403, body: '{}' });
    });
    assert.ok(r.ok && r.value.state === 'not-readable');
    assert.equal(maxBytes, 32 * 1024 * 1024);
    const ok = await readDeprecatedApiMetric(() => Promise.resolve({ status: 200, body: metrics }));
    assert.ok(ok.ok && ok.value.state === 'readable' && ok.value.calls.length === 2);
  });

  it('is linear on hostile text (broken label lines, one huge line)', () => {
    const broken = 'apiserver_request_total{group\n'.repeat(200_000);
    const huge = `apiserver_requested_deprecated_apis{group="${'x'.repeat(5_000_000)}`;
    for (const text of [broken, huge]) {
      const { value, ms } = underBudget(1000, () => parseDeprecatedApiMetric(text));
      assert.deepEqual(value, []);
      assert.ok(ms < 1000, `${ms.toFixed(0)} ms`);
    }
  });

  it('all sources together, the metric only when the connection can GET /metrics', async () => {
    const client = fakeClient({ '/apis/networking.k8s.io/v1/ingresses': () => list([ingress]) });
    const r = await readRemovedApiSources({ client, getText: () => Promise.resolve({ status: 200, body: metrics }) });
    assert.ok(r.ok);
    assert.equal(r.value.objects.uses.length, 2);
    assert.equal(r.value.metric?.state, 'readable');
    const none = await readRemovedApiSources({ client });
    assert.ok(none.ok && none.value.metric === undefined);
  });
});
