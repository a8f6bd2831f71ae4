import * as assert from 'node:assert/strict';
import { manifestFindings, scanManifests, type TextEdit } from '../../../src/core/apis';
import { retryTimeout, underBudget } from '../helpers/timing';

const plan = { current: '1.24', target: '1.26' };
const apply = (text: string, e: TextEdit): string => text.slice(0, e.start) + e.newText + text.slice(e.end);

describe('apis: scanManifests', () => {
  it('finds every object of a multi-document YAML file, with the apiVersion value range', () => {
    const text = 'apiVersion: batch/v1beta1\nkind: CronJob\n---\n# c\napiVersion: "policy/v1beta1"\nkind: PodDisruptionBudget\n---\napiVersion: v1\nkind: ConfigMap\n';
    const scan = scanManifests(text, 'deploy/app.yaml');
    assert.deepEqual(scan.refs.map((r) => [r.apiVersion, r.kind, text.slice(r.start, r.end), r.document, r.bestEffort]), [
      ['batch/v1beta1', 'CronJob', 'batch/v1beta1', 0, false],
      ['policy/v1beta1', 'PodDisruptionBudget', 'policy/v1beta1', 1, false],
      ['v1', 'ConfigMap', 'v1', 2, false],
    ]);
  });

  it('reads JSON and the items of List kinds', () => {
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [{ apiVersion: 'extensions/v1beta1', kind: 'Ingress' }, { apiVersion: 'autoscaling/v2beta2', kind: 'HorizontalPodAutoscaler' }] }, null, 2);
    const refs = scanManifests(text, 'out/list.json').refs;
    assert.deepEqual(refs.map((r) => `${r.apiVersion} ${r.kind}`), ['v1 List', 'extensions/v1beta1 Ingress', 'autoscaling/v2beta2 HorizontalPodAutoscaler']);
    assert.equal(text.slice(refs[1].start, refs[1].end), 'extensions/v1beta1');
  });

  it('reads Helm templates line by line, marked best effort, skipping templated values', () => {
    const text = [
      '{{- if .Values.enabled }}',
      '{{- if semverCompare ">=1.19" .Capabilities.KubeVersion.GitVersion }}',
      'apiVersion: networking.k8s.io/v1',
      '{{- else }}',
      'apiVersion: extensions/v1beta1',
      '{{- end }}',
      'kind: Ingress',
      'metadata:',
      '  name: {{ .Release.Name }}',
      '---',
      'apiVersion: {{ include "cronjob.apiVersion" . }}',
      'kind: CronJob',
      '{{- end }}',
    ].join('\n');
    const refs = scanManifests(text, 'charts/web/templates/ingress.yaml').refs;
    assert.deepEqual(refs.map((r) => [r.apiVersion, r.kind, r.bestEffort, text.slice(r.start, r.end)]), [
      ['networking.k8s.io/v1', 'Ingress', true, 'networking.k8s.io/v1'],
      ['extensions/v1beta1', 'Ingress', true, 'extensions/v1beta1'],
    ]);
    const found = manifestFindings(text, 'charts/web/templates/ingress.yaml', plan).findings;
    assert.equal(found.length, 1);
    assert.equal(found[0].finding.change, 'fields');
    assert.equal(found[0].edit, undefined);
  });

  it('offers the apiVersion rewrite only for mechanical migrations, keeping quotes', () => {
    const text = "apiVersion: 'autoscaling/v2beta2'\nkind: HorizontalPodAutoscaler\n---\napiVersion: policy/v1beta1\nkind: PodDisruptionBudget\n---\napiVersion: policy/v1beta1\nkind: PodSecurityPolicy\n";
    const { findings, problems } = manifestFindings(text, 'hpa.yaml', plan);
    assert.deepEqual(problems, []);
    assert.deepEqual(findings.map((f) => [f.ref.kind, f.finding.severity, f.finding.change, !!f.edit]), [
      ['HorizontalPodAutoscaler', 'error', 'mechanical', true],
      ['PodDisruptionBudget', 'error', 'fields', false],
      ['PodSecurityPolicy', 'error', 'none', false],
    ]);
    assert.equal(apply(text, findings[0].edit!).split('\n')[0], "apiVersion: 'autoscaling/v2'");
    const cron = 'apiVersion: batch/v1beta1\nkind: CronJob\n';
    const edit = manifestFindings(cron, 'c.yaml', { current: '1.21', target: '1.23' }).findings[0];
    assert.equal(edit.finding.severity, 'warning');
    assert.equal(apply(cron, edit.edit!), 'apiVersion: batch/v1\nkind: CronJob\n');
  });

  it('reports a bad plan version and a file over the size cap as problems', () => {
    assert.deepEqual(manifestFindings('apiVersion: v1\nkind: Pod\n', 'p.yaml', { current: 'x', target: '1.30' }).problems, ['"x" is not a Kubernetes version.']);
    const big = scanManifests('a'.repeat(100), 'big.yaml', { maxBytes: 50 });
    assert.deepEqual(big.refs, []);
    assert.match(big.problems[0], /over 1 KB are not read/);
  });

  it('stays linear on hostile input (time budget per call)', () => {
    const doc = 'apiVersion: extensions/v1beta1\nkind: Ingress\nmetadata:\n  name: x\n---\n';
    // Budgets per case: the two large but ordinary files take 2 to 2.5 s of CPU (3 to 8 s by the clock) on
    // the shared 2-core CI machine, so 8 s; the hostile shapes take milliseconds and keep 4 s, under the
    // 7.4 s they once took.
    const cases: [string, string, number][] = [
      [doc.repeat(Math.ceil(1_500_000 / doc.length)), 'many.yaml', 8000],
      [`{{ x }}\n${'apiVersion: ' + 'a'.repeat(400_000)}\nkind: ${'k'.repeat(400_000)}\n${'---\n'.repeat(200_000)}`, 'templates/x.yaml', 4000],
      [`apiVersion: v1\nkind: List\nitems:\n${'- apiVersion: batch/v1beta1\n  kind: CronJob\n'.repeat(30_000)}`, 'list.yaml', 8000],
      ['['.repeat(1_500_000), 'deep.json', 4000], // took 7.4 s in the yaml tokenizer before the bracket pre-check
    ];
    for (const [text, name, budgetMs] of cases) {
      const { value: result, ms } = underBudget(budgetMs, () => manifestFindings(text, name, plan));
      assert.ok(ms < budgetMs, `${name} (${text.length} chars) took ${ms.toFixed(0)} ms`);
      assert.ok(result.findings.length > 0 || result.problems.length > 0 || name.startsWith('templates'), name);
    }
  }).timeout(retryTimeout(8000, 8000));
});
