import * as assert from 'node:assert/strict';
import { constants, gzipSync } from 'node:zlib';
import { HELM_RELEASE_LIMITS, decodeHelmRelease, helmReleaseFindings, helmSecretName } from '../../../src/core/apis';
import { nodeHelmCodec } from '../../../src/kube/helmCodec';
import { underBudget } from '../helpers/timing';

/**
 * A release Secret's `data.release`, built exactly as Helm 3 stores it: json.Marshal(release) → gzip at
 * BestCompression → base64 (helm pkg/storage/driver/util.go encodeRelease) → the Secret's data, which the API
 * returns base64-encoded again (secrets.go newSecretsObject: `Data: {"release": []byte(s)}`).
 */
function helmSecretData(release: object, gzip = true): string {
  const json = Buffer.from(JSON.stringify(release));
  const helm = (gzip ? gzipSync(json, { level: constants.Z_BEST_COMPRESSION }) : json).toString('base64');
  return Buffer.from(helm).toString('base64');
}

const manifest = [
  '---',
  '# Source: legacy/templates/pdb.yaml',
  'apiVersion: policy/v1beta1',
  'kind: PodDisruptionBudget',
  'metadata:',
  '  name: legacy',
  'spec:',
  '  minAvailable: 1',
  '---',
  '# Source: legacy/templates/deployment.yaml',
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: legacy',
  '---',
  '# Source: legacy/templates/cronjob.yaml',
  'apiVersion: batch/v1beta1',
  'kind: CronJob',
  'metadata:',
  '  name: legacy-report',
  '',
].join('\n');

const release = {
  name: 'legacy',
  namespace: 'shop',
  version: 3,
  info: { status: 'deployed', first_deployed: '2021-03-01T10:00:00Z', last_deployed: '2021-06-01T10:00:00Z', description: 'Upgrade complete' },
  chart: { metadata: { name: 'legacy', version: '0.4.2', appVersion: '1.0.0', apiVersion: 'v2' }, templates: [], values: {} },
  config: { replicas: 2 },
  manifest,
};

describe('apis: Helm release decoding', () => {
  it('decodes a release encoded as Helm 3 stores it, and finds its removed APIs with their templates', () => {
    const r = decodeHelmRelease(helmSecretData(release), nodeHelmCodec);
    assert.ok(r.ok, r.ok ? '' : r.error);
    assert.deepEqual({ ...r.value, manifest: r.value.manifest.length }, { name: 'legacy', namespace: 'shop', revision: 3, status: 'deployed', chart: 'legacy-0.4.2', manifest: manifest.length });
    const { findings, problems } = helmReleaseFindings(r.value, { current: '1.24', target: '1.26' });
    assert.deepEqual(problems, []);
    assert.deepEqual(
      findings.map((f) => [f.finding.apiVersion, f.finding.kind, f.finding.status, f.finding.removedIn, f.finding.replacementApiVersion, f.template]),
      [
        ['policy/v1beta1', 'PodDisruptionBudget', 'removed', '1.25', 'policy/v1', 'legacy/templates/pdb.yaml'],
        ['batch/v1beta1', 'CronJob', 'removed', '1.25', 'batch/v1', 'legacy/templates/cronjob.yaml'],
      ],
    );
  });

  it('reads a release stored before Helm compressed them (no gzip header), as Helm does', () => {
    const r = decodeHelmRelease(helmSecretData(release, false), nodeHelmCodec);
    assert.ok(r.ok && r.value.manifest === manifest);
  });

  it('refuses a gzip bomb at the decompression cap, quickly', () => {
    // 200 MB of spaces inside a JSON string: about 200 KB gzipped, under a Secret's 1 MB.
    const bomb = Buffer.alloc(200 * 1024 * 1024, 0x20);
    const helm = gzipSync(bomb, { level: 9 }).toString('base64');
    const data = Buffer.from(helm).toString('base64');
    assert.ok(data.length < 1024 * 1024, `${data.length}`);
    const { value: r, ms } = underBudget(2000, () => decodeHelmRelease(data, nodeHelmCodec));
    assert.ok(!r.ok);
    assert.match(r.error, /unpacks to more than 32 MB/);
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
  });

  it('refuses oversized, non-base64, non-gzip and non-JSON data without quoting it', () => {
    const secret = 'hunter2-secret-value';
    const cases: [string, RegExp][] = [
      ['x'.repeat(HELM_RELEASE_LIMITS.maxEncodedChars + 1), /larger than 3 MB/],
      [`${secret}!!`, /not base64/],
      [Buffer.from(`${secret}*`).toString('base64'), /not Helm's base64/],
      [Buffer.from(Buffer.from([0x1f, 0x8b, 0x08, 1, 2, 3, 4]).toString('base64')).toString('base64'), /not valid gzip/],
      [helmSecretDataRaw(`{"name": "${secret}", `), /not valid JSON/],
      [helmSecretDataRaw(`["${secret}"]`), /not a JSON object/],
      [helmSecretDataRaw(JSON.stringify({ name: 'x' })), /no revision/],
    ];
    for (const [data, message] of cases) {
      const r = decodeHelmRelease(data, nodeHelmCodec);
      assert.ok(!r.ok, data.slice(0, 40));
      assert.match(r.error, message);
      assert.ok(!r.error.includes(secret), r.error);
    }
  });

  it('reads release name and revision from the Secret name', () => {
    assert.deepEqual(helmSecretName('sh.helm.release.v1.legacy.v3'), { release: 'legacy', revision: 3 });
    assert.deepEqual(helmSecretName('sh.helm.release.v1.my.app.v12'), { release: 'my.app', revision: 12 });
    assert.equal(helmSecretName('sh.helm.release.v1.legacy'), undefined);
    assert.equal(helmSecretName('default-token-abc'), undefined);
  });
});

function helmSecretDataRaw(json: string): string {
  return Buffer.from(gzipSync(Buffer.from(json)).toString('base64')).toString('base64');
}
