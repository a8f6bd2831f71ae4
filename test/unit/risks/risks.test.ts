import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import fc from 'fast-check';
import {
  type Risk, type RiskContext, compareLoose, evaluateRisk, parseFieldPath, parseRiskFile, toRiskEdges, valuesAt,
} from '../../../src/core/risks';
import { computePath } from '../../../src/core/paths';
import { AVAILABLE, k3sCluster } from '../paths/helpers';

const examples = path.join(__dirname, '../../../examples/risks');
const risksIn = (file: string): Risk[] => {
  const r = parseRiskFile(readFileSync(path.join(examples, file), 'utf8'), file);
  assert.deepEqual(r.problems, []);
  return r.risks;
};
const ctx = (objects: Record<string, unknown[]>, prometheus?: RiskContext['prometheus']): RiskContext => ({ objects: (kind) => objects[kind], prometheus });

describe('risks: files, rules and edges', () => {
  it('parses the example risk files against the schema', () => {
    assert.deepEqual(risksIn('ceph-tentacle-read-affinity.yaml').map((r) => r.name), ['CephTentacleReadAffinityCorruption', 'CephRgwMultisiteSigV4']);
    assert.equal(risksIn('k3s-traefik-v3.yaml')[0].component, 'kubernetes');
  });

  it('reports schema problems with a JSON pointer, and bad regular expressions', () => {
    const r = parseRiskFile('apiVersion: upgradeplanner.dev/v1alpha1\nkind: UpgradeRisk\nname: X\ncomponent: etcd\nfrom: "("\nto: v1\nmessage: m\n');
    assert.deepEqual(r.problems.map((p) => p.path), ['/component']);
    const re = parseRiskFile('apiVersion: upgradeplanner.dev/v1alpha1\nkind: UpgradeRisk\nname: X\ncomponent: ceph\nfrom: "("\nto: v1\nmessage: m\nmatchingRules:\n  - type: resource\n    kind: K\n    path: a\n    predicate: { op: matches }\n');
    assert.deepEqual(re.problems.map((p) => p.path), ['/matchingRules/0/predicate']);
    const bad = parseRiskFile('apiVersion: upgradeplanner.dev/v1alpha1\nkind: UpgradeRisk\nname: X\ncomponent: ceph\nfrom: "("\nto: v1\nmessage: m\n');
    assert.deepEqual(bad.problems.map((p) => p.path), ['/from']);
    assert.match(parseRiskFile('a: [').problems[0].message, /^YAML:/);
  });

  it('walks field paths with [*], [n] and quoted keys', () => {
    const steps = parseFieldPath('spec.template.spec.containers[*].image');
    assert.ok(steps.ok);
    const d = { spec: { template: { spec: { containers: [{ image: 'a:1' }, { image: 'b:2' }, {}] } } } };
    assert.deepEqual(valuesAt(d, steps.value), ['a:1', 'b:2']);
    const q = parseFieldPath('metadata.labels["app.kubernetes.io/name"]');
    assert.ok(q.ok && valuesAt({ metadata: { labels: { 'app.kubernetes.io/name': 'x' } } }, q.value)[0] === 'x');
    assert.equal(parseFieldPath('a..b').ok, false);
    assert.equal(parseFieldPath('a[x]').ok, false);
  });

  it('evaluates resource rules: applies, does not apply, kind not collected', async () => {
    const [risk] = risksIn('ceph-tentacle-read-affinity.yaml');
    const on = await evaluateRisk(risk, ctx({ CephCluster: [{ metadata: { name: 'rook-ceph', namespace: 'rook-ceph' }, spec: { csi: { readAffinity: { enabled: true } } } }] }));
    assert.equal(on.status, 'applies');
    assert.match(on.because, /rook-ceph\/rook-ceph/);
    const off = await evaluateRisk(risk, ctx({ CephCluster: [{ spec: {} }] }));
    assert.equal(off.status, 'does-not-apply');
    assert.equal((await evaluateRisk(risk, ctx({}))).status, 'not-evaluated');
  });

  it('evaluates PromQL only with a configured Prometheus; otherwise "not evaluated"', async () => {
    const risk = risksIn('ceph-tentacle-read-affinity.yaml')[1];
    const none = await evaluateRisk(risk, ctx({ CephObjectZone: [] }));
    assert.equal(none.status, 'not-evaluated');
    assert.match(none.because, /no Prometheus URL configured/);
    const queries: string[] = [];
    const prom = { query: (q: string) => { queries.push(q); return Promise.resolve(2); } };
    assert.equal((await evaluateRisk(risk, ctx({ CephObjectZone: [] }, prom))).status, 'applies');
    assert.deepEqual(queries, ['count(ceph_rgw_metadata{zonegroup!=""}) > 0']);
    const zero = { query: () => Promise.resolve(0) };
    assert.equal((await evaluateRisk(risk, ctx({ CephObjectZone: [] }, zero))).status, 'does-not-apply');
    const failing = { query: () => Promise.reject(new Error('connection refused')) };
    assert.match((await evaluateRisk(risk, ctx({ CephObjectZone: [] }, failing))).because, /connection refused/);
  });

  it('matches images with namespace filter and predicates (the Traefik example)', async () => {
    const [risk] = risksIn('k3s-traefik-v3.yaml');
    const dep = (ns: string, image: string) => ({ metadata: { name: 'traefik', namespace: ns }, spec: { template: { spec: { containers: [{ image }] } } } });
    assert.equal((await evaluateRisk(risk, ctx({ IngressRoute: [], Deployment: [dep('kube-system', 'rancher/mirrored-library-traefik:2.11.8')] }))).status, 'applies');
    assert.equal((await evaluateRisk(risk, ctx({ IngressRoute: [], Deployment: [dep('other', 'traefik:2.11.8'), dep('kube-system', 'rancher/mirrored-library-traefik:3.1.2')] }))).status, 'does-not-apply');
  });

  it('orders numbers and versions loosely (property: antisymmetric)', () => {
    assert.ok(compareLoose('v1.2.10', '1.2.9')! > 0);
    assert.ok(compareLoose('quay.io/ceph/ceph:v18.2.4', 'v18.2.4') === 0);
    assert.equal(compareLoose('abc', 1), undefined);
    fc.assert(fc.property(fc.array(fc.nat(50), { minLength: 1, maxLength: 4 }), fc.array(fc.nat(50), { minLength: 1, maxLength: 4 }), (a, b) => {
      const x = compareLoose(`v${a.join('.')}`, `v${b.join('.')}`)!;
      const y = compareLoose(`v${b.join('.')}`, `v${a.join('.')}`)!;
      assert.equal(Math.sign(x) + Math.sign(y), 0);
    }));
  });

  it('turns evaluations into edges the path engine marks "not recommended"', async () => {
    const [risk] = risksIn('ceph-tentacle-read-affinity.yaml');
    const evaluation = await evaluateRisk(risk, ctx({ CephCluster: [{ spec: { csi: { readAffinity: { enabled: true } } } }] }));
    const edges = toRiskEdges([evaluation]);
    assert.equal(edges.length, 1);
    const c = k3sCluster(['v1.31.12+k3s1'], [], { rook: { operator: 'v1.18.6' }, ceph: { version: 'v19.2.3' } });
    const r = computePath(c, { ceph: 'v20.2.0' }, AVAILABLE, { risks: edges });
    assert.ok(r.ok && r.hops[0].notRecommended?.riskName === 'CephTentacleReadAffinityCorruption');
    assert.deepEqual(toRiskEdges([{ ...evaluation, status: 'does-not-apply' }]), []);
  });
});
